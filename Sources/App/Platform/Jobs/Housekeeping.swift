import Fluent
import Vapor

/// Removes what has run its time, by the retention rules the personal-data page lists
/// (`PersonalData.Table.retention`): expired sessions, rate-limit and login counts past their
/// window, residents' meeting registrations never confirmed and cancelled ones after 30 days,
/// links in mail once used or expired (after 30 days), delivered mail after 90 days and mail that
/// could not be delivered after 180, invitations to meetings a year past, newsletter subscriptions never
/// confirmed, and the mark on a refused address after a year. Run hourly by the
/// server's worker and by `samverkan outbox send`.
enum Housekeeping {
    enum Retention {
        static let usedTokensDays = 30
        static let cancelledRegistrationsDays = 30
        static let deliveredMailDays = 90
        static let failedMailDays = 180
        static let invitationsDays = 365
        /// A refused address is tried again after this: a mailbox can come back.
        static let undeliverableDays = 365
    }

    static func run(app: Application, now: Date) async throws {
        let time = Int(now.timeIntervalSince1970)
        func daysAgo(_ days: Int) -> Date { now.addingTimeInterval(-Double(days) * 86_400) }
        try await SessionRow.query(on: app.db).filter(\.$expiresAt < time).delete()
        try await FormRateLimit.purge(on: app.db, olderThan: app.config.formRateWindowMinutes * 60, now: now)
        try await LoginThrottle(db: app.db, config: app.config).failed(now: now)
        try await MeetingRegistrations.purgeLapsed(on: app.db, now: now)
        try await MeetingRegistration.query(on: app.db).filter(\.$status == .cancelled)
            .filter(\.$cancelledAt < daysAgo(Retention.cancelledRegistrationsDays)).delete()
        try await EmailToken.query(on: app.db).group(.or) {
            $0.filter(\.$expiresAt < daysAgo(Retention.usedTokensDays)).filter(\.$usedAt < daysAgo(Retention.usedTokensDays))
        }.delete()
        try await OutboxMessage.query(on: app.db).filter(\.$status == .sent)
            .filter(\.$createdAt < daysAgo(Retention.deliveredMailDays)).delete()
        try await OutboxMessage.query(on: app.db).filter(\.$status == .failed)
            .filter(\.$createdAt < daysAgo(Retention.failedMailDays)).delete()
        try await MeetingInvitation.query(on: app.db).filter(\.$sentAt < daysAgo(Retention.invitationsDays)).delete()
        // A subscription never confirmed was never given; an unsubscription is kept as the opt-out.
        try await NewsletterSubscriber.query(on: app.db).filter(\.$status == .pending).filter(\.$confirmBy < time).delete()
        try await UndeliverableAddress.query(on: app.db).filter(\.$markedAt < time - Retention.undeliverableDays * 86_400).delete()
        // A question whose address was never confirmed was never received: it lapses as a seat hold does.
        let lapsed = try await Inquiry.query(on: app.db).filter(\.$status == .unverified)
            .filter(\.$receivedAt < time - app.config.registrationConfirmHours * 3600).all(\.$id)
        if !lapsed.isEmpty {
            try await InquiryAttachments.remove(inquiries: lapsed, app: app, on: app.db)
            try await InquiryLink.query(on: app.db).filter(\.$inquiry.$id ~~ lapsed).delete()
            try await InquiryEvent.query(on: app.db).filter(\.$inquiry.$id ~~ lapsed).delete()
            try await Inquiry.query(on: app.db).filter(\.$id ~~ lapsed).delete()
        }
    }
}

extension Housekeeping {
    static let job = ScheduledJob(name: "housekeeping", everySeconds: 3600) { app in
        try await run(app: app, now: app.clock.now)
        return nil
    }
}
