import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// One meeting as lists and pages show it.
struct MeetingSummary: Encodable, Sendable {
    let url: String
    let title: String
    let kind: String
    let when: String
    let date: String
    let place: String?
    let cancelled: Bool
    let moved: String?
    let seatsLeft: String?
    let hasMinutes: Bool

    init(_ meeting: Meeting, slug: String, t: Translator, custom: [UUID: String], seated: Int) {
        url = Paths.meeting(slug, meeting.id!)
        title = meeting.title
        kind = meeting.kindName(t, custom: custom)
        when = meeting.when(t)
        date = meeting.localStart.date.description
        // The online link itself is on the meeting's page; lists only say the meeting is online.
        place = meeting.place ?? (meeting.onlineURL == nil ? nil : t("meeting.onlineOnly"))
        cancelled = meeting.status == .cancelled
        moved = meeting.movedFrom.map { t("meeting.movedFrom", StockholmTime.local(fromUTC: $0).description) }
        // Seats matter only while the meeting is still to come.
        let over = meeting.endsAt < Int(Date().timeIntervalSince1970)
        seatsLeft = over ? nil : meeting.capacity.map { capacity in
            seated >= capacity ? t("meeting.full") : t("meeting.seatsLeft", String(capacity - seated), String(capacity))
        }
        hasMinutes = meeting.minutesPublishedAt != nil
    }
}

enum MeetingQueries {
    /// The municipality's own kinds of meeting, by id.
    static func customKinds(_ m: Municipality, on db: any Database) async throws -> [UUID: String] {
        let kinds = try await MeetingKindDefinition.query(on: db).filter(\.$municipality.$id == m.requireID()).all()
        return Dictionary(uniqueKeysWithValues: try kinds.map { (try $0.requireID(), $0.name) })
    }

    /// Confirmed seats per meeting, counted in SQL in one statement.
    static func seated(_ ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select().column("meeting_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(MeetingRegistration.schema)
            .where("meeting_id", .in, ids).where("status", .equal, MeetingRegistration.Status.confirmed.rawValue)
            .groupBy("meeting_id").all()
        var result: [UUID: Int] = [:]
        for row in rows { result[try row.decode(column: "meeting_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        return result
    }

    /// The next `limit` meetings that are not cancelled; three queries.
    static func upcoming(_ m: Municipality, limit: Int, now: Int, t: Translator, on db: any Database) async throws -> [MeetingSummary] {
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .scheduled).filter(\.$endsAt >= now).sort(\.$startsAt).limit(limit).all()
        let custom = try await customKinds(m, on: db)
        let seated = try await seated(meetings.compactMap(\.id), on: db)
        return meetings.map { MeetingSummary($0, slug: m.slug, t: t, custom: custom, seated: seated[$0.id!] ?? 0) }
    }

    /// The meeting named by `:meeting` in the municipality of the path; 404 otherwise.
    static func find(_ req: Request, _ m: Municipality) async throws -> Meeting {
        guard let id = req.parameters.get("meeting", as: UUID.self),
              let meeting = try await Meeting.query(on: req.db).filter(\.$id == id)
                .filter(\.$municipality.$id == m.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.meetingNotFound"))
        }
        return meeting
    }
}

/// `/{kommun}/moten`: coming meetings first, then the past year's, with kind filter.
struct MeetingsPage: Encodable {
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    let chrome: Chrome
    struct Section: Encodable { let heading: String; let items: [MeetingSummary]?; let empty: String }
    let sections: [Section]
    let kinds: [Option]
    let feedURL: String
    let councilURL: String
    let rulesURL: String

    /// Three queries, whatever the number of meetings.
    static func query(db: any Database, _ m: Municipality, kind: String?, now: Int, t: Translator, chrome: Chrome) async throws -> MeetingsPage {
        let custom = try await MeetingQueries.customKinds(m, on: db)
        var query = Meeting.query(on: db).filter(\.$municipality.$id == (try m.requireID()))
            .filter(\.$startsAt > now - 400 * 86_400)
        if let kind { query = query.filter(\.$kind == kind) }
        let meetings = try await query.sort(\.$startsAt).all()
        let seated = try await MeetingQueries.seated(meetings.compactMap(\.id), on: db)
        let summaries = meetings.map { MeetingSummary($0, slug: m.slug, t: t, custom: custom, seated: seated[$0.id!] ?? 0) }
        let upcoming = zip(meetings, summaries).filter { $0.0.endsAt >= now }.map(\.1)
        let past = zip(meetings, summaries).filter { $0.0.endsAt < now }.map(\.1).reversed()
        let kinds = [Option(value: "", label: t("meetings.allKinds"), selected: kind == nil)]
            + MeetingKind.allCases.map { Option(value: $0.rawValue, label: t("meeting.kind.\($0.rawValue)"), selected: kind == $0.rawValue) }
            + custom.sorted { $0.value < $1.value }.map { Option(value: $0.key.uuidString, label: $0.value, selected: kind == $0.key.uuidString) }
        return MeetingsPage(chrome: chrome,
                            sections: [
                                Section(heading: t("meetings.upcoming"), items: upcoming.isEmpty ? nil : upcoming, empty: t("meetings.noneUpcoming")),
                                Section(heading: t("meetings.past"), items: past.isEmpty ? nil : Array(past), empty: t("meetings.nonePast")),
                            ],
                            kinds: kinds, feedURL: Paths.meetingsFeed(m.slug), councilURL: Paths.council(m.slug),
                            rulesURL: Paths.rules(m.slug))
    }
}

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
    let canRegister: Bool
    let closedReason: String?
    let organisations: [Option]?
    let name: String
    let email: String
    let errors: [String: String]
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
        let isStaff = user?.isStaff(of: m.id) ?? false

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
        let mine = counts.filter { r in
            (r.$organisation.id.map(orgIDs.contains) ?? false) || (user != nil && r.$registeredBy.id == user?.id)
        }
        let attended = counts.filter { $0.attended == true }.count
        return MeetingPage(
            chrome: req.chrome(title: meeting.title, municipality: m),
            summary: MeetingSummary(meeting, slug: m.slug, t: t, custom: custom, seated: seated),
            audience: t("meeting.audience.\(meeting.audience.rawValue)"),
            description: meeting.description,
            agenda: meeting.agenda.map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
                .flatMap { $0.isEmpty ? nil : $0 },
            onlineURL: meeting.onlineURL, statusNote: meeting.statusNote,
            icsURL: Paths.meeting(m.slug, id, "kalender.ics"), meetingsURL: Paths.meetings(m.slug),
            waitingText: counts.contains { $0.status == .waiting }
                ? t("meeting.waitingCount", String(counts.filter { $0.status == .waiting }.count)) : nil,
            minutes: meeting.minutesPublishedAt == nil ? nil : meeting.minutes,
            decisions: meeting.minutesPublishedAt == nil ? nil : meeting.decisions,
            minutesFileURL: meeting.minutesPublishedAt != nil && meeting.minutesFileStored != nil ? Paths.meeting(m.slug, id, "protokoll.pdf") : nil,
            attended: meeting.minutesPublishedAt != nil && attended > 0 ? attended : nil,
            csrf: req.csrfToken, registerAction: Paths.meeting(m.slug, id, "anmalan"),
            canRegister: closedReason == nil, closedReason: closedReason,
            organisations: organisations.isEmpty ? nil : organisations.map {
                Option(value: $0.id!.uuidString, label: $0.name, selected: form.organisation == $0.id!.uuidString)
            },
            name: form.name.isEmpty && organisations.isEmpty && form.errors.isEmpty ? (user?.name ?? "") : form.name,
            email: form.email.isEmpty && organisations.isEmpty && form.errors.isEmpty ? (user?.email ?? "") : form.email,
            errors: form.errors, errorSummary: FormPage.ErrorLink.summary(form.errors),
            registrations: mine.isEmpty ? nil : mine.map {
                Registration(name: $0.name, email: $0.email, status: t("registration.status.\($0.status.rawValue)"),
                             cancelAction: Paths.meeting(m.slug, id, "anmalningar", $0.id!.uuidString, "avboka"))
            },
            adminURL: isStaff ? Paths.meetingAdmin(m.slug, id) : nil)
    }
}
