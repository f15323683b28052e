import Fluent
import SamverkanCore
import Vapor

/// Who hears of an inquiry, and the two jobs of one way in: reminders before and after a first
/// answer is due, and retention, which thins residents' closed inquiries once the municipality's
/// period has passed.
extension Inquiries {
    /// Those who handle it: the officer it is assigned to, otherwise every officer of its
    /// department; the coordinators when there is no one else (or it waits for routing).
    static func handlers(of inquiry: Inquiry, on db: any Database) async throws -> [User] {
        let mid = inquiry.$municipality.id
        let staff = try await User.query(on: db).filter(\.$municipality.$id == mid).filter(\.$deactivatedAt == nil)
            .filter(\.$role ~~ [.officer, .coordinator]).all()
        if let assignee = inquiry.$assignee.id, let user = staff.first(where: { $0.id == assignee }) { return [user] }
        // Read afresh: the inquiry may just have been sent on to another department.
        let department = try await Department.find(inquiry.$department.id, on: db)
        let officers = staff.filter { $0.role == .officer && InquiryPolicy.isOfficer($0, of: department) }
        return officers.isEmpty ? staff.filter { $0.role == .coordinator } : officers
    }

    /// Mails its handlers that it waits for them, with the link to it in the queue.
    static func tellHandlers(_ inquiry: Inquiry, municipality m: Municipality, subjectKey: String, bodyKey: String,
                             app: Application, on db: any Database) async throws {
        let mailer = Mailer(db: db, app: app)
        let topicName = try await Topic.find(inquiry.$topic.id, on: db)?.name
        for user in try await handlers(of: inquiry, on: db) {
            let topic = topicName ?? app.catalogue.text("ask.dontKnow", user.mailLanguage, [])
            try await mailer.send(to: user.email, in: user.mailLanguage, subjectKey: subjectKey, bodyKey: bodyKey,
                                  [user.name, inquiry.subject, topic, inquiry.dueOn ?? "", mailer.link(SiteURL.inquiry(m.slug, inquiry.requireID()))],
                                  municipalityID: m.id, kind: "inquiryQueue")
        }
    }

    // MARK: Reminders

    /// Reminds the handlers the working day before a first answer is due, and the handlers and
    /// the coordinators once it is overdue: once per inquiry, occasion and due day, whichever
    /// server runs the job (the reminder's row is unique).
    @discardableResult
    static func remind(app: Application, today: CalendarDate) async throws -> Int {
        let open = try await Inquiry.query(on: app.db).filter(\.$status ~~ [.new, .assigned, .reopened])
            .filter(\.$firstAnsweredAt == nil).filter(\.$dueOn != nil).all()
        let due = open.compactMap { i in timeliness(i, today: today).flatMap { $0 == .onTime ? nil : (i, $0) } }
        guard !due.isEmpty else { return 0 }
        let sent = try await InquiryReminder.query(on: app.db).filter(\.$inquiry.$id ~~ due.compactMap { $0.0.id }).all()
        let already = Set(sent.map { "\($0.$inquiry.id):\($0.key)" })
        let municipalities = try await Municipality.query(on: app.db).filter(\.$id ~~ Set(due.map { $0.0.$municipality.id })).all()
        var count = 0
        for (inquiry, when) in due {
            let key = "\(when.rawValue):\(inquiry.dueOn ?? "")"
            guard !already.contains("\(inquiry.id!):\(key)"), let m = municipalities.first(where: { $0.id == inquiry.$municipality.id }) else { continue }
            do {
                try await app.db.writeTransaction { tx in
                    let reminder = InquiryReminder()
                    reminder.$inquiry.id = try inquiry.requireID()
                    reminder.key = key
                    reminder.sentAt = app.clock.seconds
                    try await reminder.create(on: tx)
                    try await tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.\(when.rawValue).subject",
                                           bodyKey: "mail.inquiry.\(when.rawValue).body", app: app, on: tx)
                    if when == .overdue, inquiry.$department.id != nil {
                        let mailer = Mailer(db: tx, app: app)
                        try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.inquiry.overdueCoordinator.subject",
                                                        bodyKey: "mail.inquiry.overdueCoordinator.body",
                                                        [inquiry.subject, inquiry.dueOn ?? "", mailer.link(SiteURL.inquiry(m.slug, inquiry.requireID()))],
                                                        kind: "inquiryQueue")
                    }
                }
                count += 1
            } catch {
                // Another server recorded the same reminder first: it sends the mail.
                app.logger.debug("Inquiry reminder \(key) not sent here: \(error)")
            }
        }
        return count
    }

    static let reminderJob = ScheduledJob(name: "inquiry-reminders", everySeconds: 3600) { app in
        let count = try await remind(app: app, today: app.clock.today)
        return count > 0 ? app.say("inquiries.job.reminders", String(count)) : nil
    }

    // MARK: Retention

    /// Thins the closed inquiries of residents (sent without an account) that have no
    /// diarienummer, once the municipality's period after closing has passed: the text, the
    /// inquirer, the history, the links and any attached file go; what the figures need stays.
    /// Logs each one.
    @discardableResult
    static func thin(app: Application, now: Int) async throws -> Int {
        var thinned = 0
        for m in try await Municipality.query(on: app.db).all() {
            // Closed before this day that many months ago, by the calendar.
            let limit = StockholmTime.startOfDay(StockholmTime.local(fromUTC: now).date.adding(months: -m.retentionMonths))
            let due = try await Inquiry.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .closed).filter(\.$closedAt < limit).filter(\.$thinnedAt == nil)
                .filter(\.$user.$id == nil).filter(\.$referenceNumber == nil).all()
            guard !due.isEmpty else { continue }
            let ids = due.compactMap(\.id)
            try await app.db.writeTransaction { tx in
                try await InquiryEvent.query(on: tx).filter(\.$inquiry.$id ~~ ids).delete()
                try await InquiryLink.query(on: tx).filter(\.$inquiry.$id ~~ ids).delete()
                try await InquiryReminder.query(on: tx).filter(\.$inquiry.$id ~~ ids).delete()
                try await InquiryAttachments.remove(inquiries: ids, app: app, on: tx)
                for inquiry in due {
                    inquiry.subject = ""
                    inquiry.body = ""
                    inquiry.inquirerName = ""
                    inquiry.inquirerEmail = ""
                    inquiry.$assignee.id = nil
                    inquiry.thinnedAt = now
                    try await inquiry.save(on: tx)
                }
            }
            for inquiry in due {
                app.logger.notice("Thinned inquiry \(inquiry.id!) of \(m.slug), received \(DayFormat.string(seconds: inquiry.receivedAt)), closed \(DayFormat.string(seconds: inquiry.closedAt ?? 0)): its text, inquirer, history, links and attachments were removed")
            }
            thinned += due.count
        }
        return thinned
    }

    static let retentionJob = ScheduledJob(name: "inquiry-retention", everySeconds: 3600) { app in
        let count = try await thin(app: app, now: app.clock.seconds)
        return count > 0 ? app.say("inquiries.job.thinned", String(count)) : nil
    }
}
