import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/moten/{id}`: the meeting, its agenda, registration and, afterwards, minutes and decisions.
struct MeetingPage: Encodable {
    struct Registration: Encodable { let name: String; let email: String; let status: String; let cancelAction: String }
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }

    /// What a registration form was filled in with, and its errors.
    struct Form: Sendable {
        var name = ""
        var email = ""
        var organisation = ""
        var errors: [String: String] = [:]
    }

    let chrome: Chrome
    let summary: MeetingSummary
    let audience: String
    let description: String?
    let agenda: [String]?
    let onlineURL: String?
    let statusNote: String?
    let icsURL: String
    let meetingsURL: String
    let waitingText: String?
    let minutes: String?
    let decisions: String?
    let minutesFileURL: String?
    let attended: Int?
    // Registration
    let csrf: String
    let registerAction: String
    /// Why the form asks for a name and an address, with the municipality's notice on personal data.
    let privacyURL: String
    let canRegister: Bool
    let closedReason: String?
    let registrationFields: [FormField]
    let errorSummary: [FormPage.ErrorLink]?
    let registrations: [Registration]?
    let adminURL: String?

    static func query(_ req: Request, _ m: Municipality, _ meeting: Meeting, form: Form = Form(), now: Int) async throws -> MeetingPage {
        let t = req.translator
        let user = req.currentUser
        let id = try meeting.requireID()
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let counts = try await MeetingRegistration.query(on: req.db).filter(\.$meeting.$id == id)
            .filter(\.$status ~~ [.confirmed, .waiting]).all()
        let seated = counts.filter { $0.status == .confirmed }.count
        let organisations = try await MeetingAudience.organisations(of: user, for: meeting, in: m, on: req.db)
        let today = StockholmTime.local(fromUTC: now).date.description

        var closedReason: String?
        if meeting.status == .cancelled {
            closedReason = t("registration.error.cancelled")
        } else if meeting.startsAt <= now {
            closedReason = t("registration.meetingHeld")
        } else if !meeting.registrationOpen(now: now) {
            closedReason = t("registration.error.closed")
        } else {
            switch meeting.audience {
            case .everyone: break
            case .organisations, .signatories:
                if organisations.isEmpty { closedReason = t("registration.audience.\(meeting.audience.rawValue)") }
            case .council:
                var member = false
                if let user { member = try await MeetingAudience.sitsOnCouncil(user.email, in: m, on: req.db, today: today) }
                if !member { closedReason = t("registration.audience.council") }
            }
        }
        // Representatives see the people their organisations registered; anyone logged in sees whom they registered.
        let orgIDs = Set(organisations.compactMap(\.id))
        let mine = counts.filter { MeetingPolicy.isOwn($0, by: user, representing: orgIDs) }
        let attended = counts.filter { $0.attended == true }.count
        // A person registering themselves starts from their account; a representative registers someone else.
        let ownDefaults = organisations.isEmpty && form.errors.isEmpty
        let typed = ["organisation": form.organisation,
                     "name": form.name.isEmpty && ownDefaults ? (user?.name ?? "") : form.name,
                     "email": form.email.isEmpty && ownDefaults ? (user?.email ?? "") : form.email]
        var registrationFields: [FormField] = []
        if !organisations.isEmpty {
            registrationFields.append(.shown("organisation", label: t("registration.organisation"), kind: .select, values: typed,
                                             errors: form.errors, hint: t("registration.forOrganisationHint"), required: true,
                                             options: organisations.map { ($0.id!.uuidString, $0.name) }))
        }
        registrationFields += [
            .shown("name", label: t("registration.name"), kind: .text, values: typed, errors: form.errors,
                   required: true, maxLength: 200, autocomplete: "name"),
            .shown("email", label: t("registration.email"), kind: .email, values: typed, errors: form.errors,
                   hint: t("registration.emailHint"), required: true, maxLength: 254, autocomplete: "email"),
        ]
        return MeetingPage(
            chrome: req.chrome(title: meeting.title, municipality: m),
            summary: MeetingSummary(meeting, slug: m.slug, t: t, custom: custom, seated: seated, now: now,
                                    arranger: try await meeting.$arranger.get(on: req.db)?.name),
            audience: t("meeting.audience.\(meeting.audience.rawValue)"),
            description: meeting.description,
            agenda: meeting.agenda.map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
                .flatMap { $0.isEmpty ? nil : $0 },
            onlineURL: meeting.onlineURL, statusNote: meeting.statusNote,
            icsURL: SiteURL.meetingCalendar(m.slug, id), meetingsURL: SiteURL.meetings(m.slug),
            waitingText: counts.contains { $0.status == .waiting }
                ? t("meeting.waitingCount", String(counts.filter { $0.status == .waiting }.count)) : nil,
            minutes: meeting.minutesPublishedAt == nil ? nil : meeting.minutes,
            decisions: meeting.minutesPublishedAt == nil ? nil : meeting.decisions,
            minutesFileURL: meeting.minutesPublishedAt != nil && meeting.minutesFileStored != nil ? SiteURL.meetingMinutesFile(m.slug, id) : nil,
            attended: meeting.minutesPublishedAt != nil && attended > 0 ? attended : nil,
            csrf: req.csrfToken, registerAction: SiteURL.meetingRegister(m.slug, id), privacyURL: SiteURL.privacy(m.slug),
            canRegister: closedReason == nil, closedReason: closedReason,
            registrationFields: registrationFields,
            errorSummary: FormPage.ErrorLink.summary(form.errors),
            registrations: mine.isEmpty ? nil : mine.filter {
                MeetingPolicy.mayCancel($0, by: user, representing: orgIDs, municipalityID: m.id)
            }.map {
                Registration(name: $0.name, email: $0.email, status: t("registration.status.\($0.status.rawValue)"),
                             cancelAction: SiteURL.meetingRegistrationCancel(m.slug, id, $0.id!))
            },
            adminURL: try await runs(meeting, user, m, req) ? SiteURL.meetingAdmin(m.slug, id) : nil)
    }

    /// The staff run every meeting, and the arranging organisation's representatives its training.
    private static func runs(_ meeting: Meeting, _ user: User?, _ m: Municipality, _ req: Request) async throws -> Bool {
        guard let user else { return false }
        if MeetingPolicy.mayAdminister(user, municipalityID: m.id) { return true }
        guard meeting.$arranger.id != nil else { return false }
        return TrainingPolicy.mayRun(meeting, user: user, municipalityID: m.id, representing: try await req.representedOrganisationIDs())
    }
}
