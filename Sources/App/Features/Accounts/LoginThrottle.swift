import Fluent
import Vapor

/// Limits password guessing per client address and per account, in the database, so every app
/// instance enforces the same limits. Each attempt is reserved (recorded as a failure) before the
/// password is checked and counted after, so parallel guesses see each other. Past the first
/// threshold each attempt waits longer; past the second, attempts are refused with 429.
///
/// The count per account applies only to clients the account has not logged in from before: a
/// browser that did carries a signed device cookie, so an attack on an account slows and then
/// stops unknown clients without locking its owner out.
struct LoginThrottle {
    let db: any Database
    let config: AppConfig

    enum Verdict: Equatable {
        case allow(delay: Duration)
        case refuse(retryAfterSeconds: Int)
    }

    struct Reservation {
        let row: LoginFailure
        let verdict: Verdict
    }

    func reserve(client: String, email: String, knownDevice: Bool, now: Date) async throws -> Reservation {
        let row = LoginFailure(address: client, email: email, at: now)
        try await row.create(on: db)
        let since = now.addingTimeInterval(-Double(config.loginWindowMinutes * 60))
        let byClient = try await LoginFailure.query(on: db).filter(\.$address == client).filter(\.$at >= since).count()
        let byAccount = knownDevice || email.isEmpty ? 0
            : try await LoginFailure.query(on: db).filter(\.$email == email).filter(\.$at >= since).count()
        // The counts include this attempt; the thresholds speak of failures before it.
        let failures = max(byClient, byAccount) - 1
        if failures >= config.loginBlockAfter {
            // A refused attempt is not evaluated and not kept: a flood does not grow the table.
            try await row.delete(on: db)
            return Reservation(row: row, verdict: .refuse(retryAfterSeconds: config.loginWindowMinutes * 60))
        }
        let over = failures - config.loginSlowdownAfter + 1
        return Reservation(row: row, verdict: .allow(delay: over > 0 ? .milliseconds(over * config.loginDelayStepMilliseconds) : .zero))
    }

    /// A failed attempt stays recorded; old rows are removed.
    func failed(now: Date) async throws {
        let expired = now.addingTimeInterval(-Double(config.loginWindowMinutes * 60 * 4))
        try await LoginFailure.query(on: db).filter(\.$at < expired).delete()
    }

    /// A successful login removes this client's failures for the account, not everyone's: an
    /// attacker's count against the account stays.
    func succeeded(_ reservation: Reservation, client: String, email: String) async throws {
        try await reservation.row.delete(on: db)
        try await LoginFailure.query(on: db).filter(\.$email == email).filter(\.$address == client).delete()
    }
}
