import Fluent
import Vapor

/// Counts recent failed logins per client address and per account, in the database, so
/// that every app instance enforces the same limits. Past the first threshold each attempt
/// waits longer; past the second, attempts are refused with 429 until the window has passed.
struct LoginThrottle {
    let db: any Database
    let config: AppConfig

    enum Verdict: Equatable {
        case allow(delay: Duration)
        case refuse(retryAfterSeconds: Int)
    }

    func check(address: String, email: String, now: Date = Date()) async throws -> Verdict {
        let since = now.addingTimeInterval(-Double(config.loginWindowMinutes * 60))
        let byAddress = try await LoginFailure.query(on: db).filter(\.$address == address).filter(\.$at >= since).count()
        let byAccount = try await LoginFailure.query(on: db).filter(\.$email == email).filter(\.$at >= since).count()
        let failures = max(byAddress, byAccount)
        if failures >= config.loginBlockAfter {
            return .refuse(retryAfterSeconds: config.loginWindowMinutes * 60)
        }
        let over = failures - config.loginSlowdownAfter + 1
        return .allow(delay: over > 0 ? .milliseconds(over * config.loginDelayStepMilliseconds) : .zero)
    }

    func recordFailure(address: String, email: String, now: Date = Date()) async throws {
        try await LoginFailure(address: address, email: email, at: now).create(on: db)
        // Old rows are of no further use; keeping the table small keeps the counts cheap.
        let expired = now.addingTimeInterval(-Double(config.loginWindowMinutes * 60 * 4))
        try await LoginFailure.query(on: db).filter(\.$at < expired).delete()
    }

    func recordSuccess(email: String) async throws {
        try await LoginFailure.query(on: db).filter(\.$email == email).delete()
    }
}
