import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/moten/{id}`: everything staff do with one meeting.
struct MeetingAdminPage: Encodable {
    struct Row: Encodable {
        let id: String
        let name: String
        let email: String
        let organisation: String?
        let status: String
        let attended: Bool
        let seated: Bool
        /// The participant's certificate of attendance, when there is one to give.
        let certificateURL: String?
        let certificateSent: Bool
    }

    let chrome: Chrome
    let csrf: String
    let summary: MeetingSummary
    let audience: String
    let publicURL: String
    let editURL: String?
    let cancelAction: String?
    let cancelFields: [FormField]
    let deleteAction: String?
    let inviteAction: String?
    let invitedCount: Int
    let attendanceAction: String?
    let minutesAction: String?
    let rows: [Row]?
    let seatedCount: Int
    let waitingCount: Int
    let minutesFields: [FormField]
    let minutesFileName: String?
    let minutesPublished: Bool
    let errorSummary: [FormPage.ErrorLink]?
    let listURL: String
    let attendanceListURL: String
    let participantsExcelURL: String
    let participantsCSVURL: String
    let arranger: String?
    /// Sends the certificates of attendance not yet sent (a training that has begun).
    let certificatesAction: String?
    let certificatesToSend: Int
    let isTraining: Bool

    static func query(_ req: Request, _ m: Municipality, _ meeting: Meeting, now: Int, errors: [String: String],
                      minutes: String, decisions: String) async throws -> MeetingAdminPage {
        let t = req.translator
        let id = try meeting.requireID()
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let registrations = try await MeetingRegistration.query(on: req.db).filter(\.$meeting.$id == id)
            .filter(\.$status ~~ [.confirmed, .waiting]).with(\.$organisation).sort(\.$registeredAt).all()
        let invited = try await MeetingInvitation.query(on: req.db).filter(\.$meeting.$id == id).count()
        let everRegistered = try await MeetingRegistration.query(on: req.db).filter(\.$meeting.$id == id).count()
        let seated = registrations.filter { $0.status == .confirmed }
        let scheduled = meeting.status == .scheduled
        let started = meeting.startsAt <= now
        let staff = TrainingPolicy.isStaffWork(req.currentUser, municipalityID: m.id)
        let arranger = try await meeting.$arranger.get(on: req.db)
        let certifiable = registrations.filter { TrainingPolicy.mayCertify($0, of: meeting, now: now) }
        let unsent = certifiable.filter { $0.certificateSentAt == nil }.count
        return MeetingAdminPage(
            chrome: req.chrome(title: meeting.title, municipality: m), csrf: req.csrfToken,
            summary: MeetingSummary(meeting, slug: m.slug, t: t, custom: custom, seated: seated.count, now: now),
            audience: t("meeting.audience.\(meeting.audience.rawValue)"),
            publicURL: SiteURL.meeting(m.slug, id),
            editURL: scheduled ? SiteURL.meetingEdit(m.slug, id) : nil,
            cancelAction: scheduled && !started ? SiteURL.meetingCancel(m.slug, id) : nil,
            cancelFields: [FormField(name: "reason", label: t("meetingsAdmin.cancelReason"), kind: .textarea, error: errors["reason"],
                                     required: true, maxLength: 1000, rows: 3)],
            deleteAction: MeetingPolicy.mayDelete(meeting, registrations: everRegistered, invited: invited) ? SiteURL.meetingDelete(m.slug, id) : nil,
            inviteAction: staff && scheduled && meeting.endsAt > now ? SiteURL.meetingInvite(m.slug, id) : nil,
            invitedCount: invited,
            attendanceAction: scheduled && started && !seated.isEmpty ? SiteURL.meetingAttendance(m.slug, id) : nil,
            minutesAction: staff && scheduled && started ? SiteURL.meetingMinutes(m.slug, id) : nil,
            rows: registrations.isEmpty ? nil : registrations.map { r in
                Row(id: r.id!.uuidString, name: r.name, email: r.email, organisation: r.organisation?.name,
                    status: t("registration.status.\(r.status.rawValue)"), attended: r.attended == true, seated: r.status == .confirmed,
                    certificateURL: TrainingPolicy.mayCertify(r, of: meeting, now: now) ? SiteURL.meetingCertificate(m.slug, id, r.id!) : nil,
                    certificateSent: r.certificateSentAt != nil)
            },
            seatedCount: seated.count, waitingCount: registrations.count - seated.count,
            minutesFields: [
                FormField(name: "minutes", label: t("meeting.minutes"), kind: .textarea, value: minutes, error: errors["minutes"],
                          required: true, maxLength: 50000, rows: 8),
                FormField(name: "decisions", label: t("meeting.decisions"), kind: .textarea, value: decisions,
                          error: errors["decisions"], maxLength: 20000, rows: 4),
                FormField(name: "file", label: t("meetingsAdmin.minutesFile"), kind: .file,
                          hint: t("meetingsAdmin.minutesFileHint", String(req.application.config.uploadMaxBytes / (1024 * 1024))),
                          error: errors["file"], accept: "application/pdf"),
            ],
            minutesFileName: meeting.minutesFileName,
            minutesPublished: meeting.minutesPublishedAt != nil,
            errorSummary: FormPage.ErrorLink.summary(errors),
            listURL: staff ? SiteURL.meetingsAdmin(m.slug) : SiteURL.organisationTrainings(m.slug, arranger?.id ?? id),
            attendanceListURL: SiteURL.meetingAttendanceList(m.slug, id),
            participantsExcelURL: CSVDialect.excel.url(SiteURL.meetingParticipantsCSV(m.slug, id)),
            participantsCSVURL: SiteURL.meetingParticipantsCSV(m.slug, id),
            arranger: arranger?.name,
            certificatesAction: unsent > 0 ? SiteURL.meetingCertificates(m.slug, id) : nil,
            certificatesToSend: unsent,
            isTraining: meeting.builtInKind == .training)
    }
}
