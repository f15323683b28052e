import Fluent
import Vapor

/// Session keys this app uses.
enum SessionKey {
    static let userID = "uid"
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

/// Restores the logged-in user from the database-backed session. Sessions past their idle or
/// absolute limit are never read (`DatabaseSessions`); a session whose account is gone or deactivated ends here.
struct SessionUserMiddleware: ShortcutMiddleware {
    func passesUntouched(_ request: Request) -> Bool { !request.hasSession }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.hasSession,
              let idText = request.session.data[SessionKey.userID], let id = UUID(uuidString: idText) else {
            return try await next.respond(to: request)
        }
        if let user = try await User.find(id, on: request.db), user.isActive {
            request.currentUser = user
        } else {
            request.session.destroy()
        }
        let response = try await next.respond(to: request)
        // Pages behind login are never kept by the browser or a proxy.
        if request.currentUser != nil { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        return response
    }
}
