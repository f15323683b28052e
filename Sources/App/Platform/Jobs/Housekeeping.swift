import Fluent
import Vapor

/// Removes what has run its time: expired sessions, rate-limit and login counts past their
/// window, and residents' meeting registrations never confirmed. Run hourly by the server's
/// worker and by `samverkan outbox send`.
enum Housekeeping {
    static func run(app: Application, now: Date) async throws {
        let time = Int(now.timeIntervalSince1970)
        try await SessionRow.query(on: app.db).filter(\.$expiresAt < time).delete()
        try await FormRateLimit.purge(on: app.db, olderThan: app.config.formRateWindowMinutes * 60, now: now)
        try await LoginThrottle(db: app.db, config: app.config).failed(now: now)
        try await MeetingRegistrations.purgeLapsed(on: app.db, now: now)
    }
}

extension Housekeeping {
    static let job = ScheduledJob(name: "housekeeping", everySeconds: 3600) { app in
        try await run(app: app, now: app.clock.now)
        return nil
    }
}
