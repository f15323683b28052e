import Fluent
import SQLKit
import Vapor

/// Invitations (one e-mail per recipient, with a working unsubscribe link) and reminders.
enum MeetingInvitations {
    /// Sends the invitation to everyone in the audience not yet invited and not unsubscribed.
    /// Returns how many were sent now.
    static func send(_ meeting: Meeting, municipality m: Municipality, app: Application, on db: any Database,
                     today: String) async throws -> Int {
        let recipients = try await MeetingAudience.recipients(of: meeting, in: m, on: db, today: today)
        // A recipient with an account reads it in the account's language; a council member without one, in Swedish.
        let languages = Dictionary(try await User.query(on: db).filter(\.$email ~~ recipients).all().map { ($0.email, $0.mailLanguage) },
                                   uniquingKeysWith: { a, _ in a })
        return try await db.writeTransaction { tx in
            let invited = Set(try await MeetingInvitation.query(on: tx).filter(\.$meeting.$id == meeting.requireID()).all().map(\.email))
            let choices = try await MailOptOut.query(on: tx).filter(\.$municipality.$id == m.requireID()).all()
            var byEmail = Dictionary(choices.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
            let mail = MeetingMail(db: tx, app: app, municipality: m, meeting: meeting)
            var sent = 0
            for email in recipients where !invited.contains(email) {
                let choice: MailOptOut
                if let existing = byEmail[email] {
                    choice = existing
                } else {
                    choice = MailOptOut()
                    choice.$municipality.id = try m.requireID()
                    choice.email = email
                    choice.token = ""
                    byEmail[email] = choice
                }
                if choice.optedOutAt != nil { continue }
                // Each invitation carries a new unsubscribe link; the one in an earlier mail stops working.
                let (optOutToken, optOutHash) = LinkToken.issue()
                choice.token = optOutHash
                try await choice.save(on: tx)
                let row = MeetingInvitation()
                row.$meeting.id = try meeting.requireID()
                row.email = email
                try await row.create(on: tx)
                let language = languages[email] ?? .default
                try await mail.mailer.send(
                    to: email, in: language, subjectKey: "mail.invitation.subject", bodyKey: "mail.invitation.body",
                    try mail.arguments(name: email, in: language) + [meeting.description ?? ""], municipalityID: m.id,
                    kind: "invitation", unsubscribeURL: mail.mailer.link(SiteURL.unsubscribe(m.slug, optOutToken)))
                sent += 1
            }
            return sent
        }
    }

    /// Reminds everyone with a seat at a meeting starting within `MEETING_REMINDER_DAYS`. Each
    /// registration is claimed by one UPDATE … RETURNING, so two servers never remind twice.
    @discardableResult
    static func sendReminders(app: Application, now: Date) async throws -> Int {
        let days = app.config.meetingReminderDays
        guard days > 0 else { return 0 }
        let t = Int(now.timeIntervalSince1970)
        let meetings = try await Meeting.query(on: app.db).filter(\.$status == .scheduled)
            .filter(\.$startsAt > t).filter(\.$startsAt <= t + days * 86_400).with(\.$municipality).all()
        var sent = 0
        for meeting in meetings {
            sent += try await app.db.writeTransaction { tx -> Int in
                guard let txSQL = tx as? any SQLDatabase else { return 0 }
                let claimed = try await txSQL.raw("""
                    UPDATE meeting_registrations SET reminded_at = \(bind: t)
                    WHERE meeting_id = \(bind: meeting.requireID()) AND status = 'confirmed' AND reminded_at IS NULL
                    RETURNING id
                    """).all().map { try $0.decode(column: "id", as: UUID.self) }
                guard !claimed.isEmpty else { return 0 }
                let rows = try await MeetingRegistration.query(on: tx).filter(\.$id ~~ claimed).all()
                let mail = MeetingMail(db: tx, app: app, municipality: meeting.municipality, meeting: meeting)
                for r in rows {
                    let (token, hash) = LinkToken.issue()
                    r.token = hash
                    try await r.save(on: tx)
                    try await mail.send(to: r, subjectKey: "mail.meetingReminder.subject", bodyKey: "mail.meetingReminder.body", token: token)
                }
                return rows.count
            }
        }
        return sent
    }
}

extension MeetingInvitations {
    /// Reminders go into the outbox on every pass, so that they leave on time.
    static let reminderJob = ScheduledJob(name: "meeting-reminders", everySeconds: 0) { app in
        let count = try await sendReminders(app: app, now: app.clock.now)
        return count > 0 ? app.say("meetings.job.reminders", String(count)) : nil
    }
}
