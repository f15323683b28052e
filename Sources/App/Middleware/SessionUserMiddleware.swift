import Fluent
import Vapor

/// Session keys this app uses.
enum SessionKey {
    static let userID = "uid"
    static let lastSeen = "seen"
    static let csrf = "csrf"
}

extension Request {
    private struct UserKey: StorageKey { typealias Value = User }

    /// The logged-in user, if any (set by `SessionUserMiddleware`).
    var currentUser: User? {
        get { storage[UserKey.self] }
        set { storage[UserKey.self] = newValue }
    }
}

/// Restores the logged-in user from the database-backed session and ends sessions that
/// have been idle longer than the configured timeout.
struct SessionUserMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.hasSession,
              let idText = request.session.data[SessionKey.userID], let id = UUID(uuidString: idText) else {
            return try await next.respond(to: request)
        }
        let now = Date().timeIntervalSince1970
        let lastSeen = request.session.data[SessionKey.lastSeen].flatMap(Double.init) ?? 0
        let idleLimit = Double(request.application.config.sessionIdleMinutes * 60)
        if now - lastSeen > idleLimit {
            request.session.destroy()
            return try await next.respond(to: request)
        }
        if let user = try await User.find(id, on: request.db) {
            request.currentUser = user
            // Write the session back at most once a minute, not on every request.
            if now - lastSeen > 60 { request.session.data[SessionKey.lastSeen] = String(Int(now)) }
        } else {
            request.session.destroy()
        }
        return try await next.respond(to: request)
    }
}
