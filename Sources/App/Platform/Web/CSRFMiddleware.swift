import Vapor

extension Request {
    /// The CSRF token every form carries as `_csrf`: kept in the session of a logged-in person, in
    /// a signed cookie for everyone else (so showing a form to a visitor stores nothing).
    var csrfToken: String {
        isPersonal = true
        guard isSignedIn else { return visitor?.csrfToken ?? "" }
        if let token = session.data[SessionKey.csrf] { return token }
        let token = SigningKey.randomToken()
        session.data[SessionKey.csrf] = token
        return token
    }
}

/// Refuses any state-changing request whose `_csrf` form field does not match the token of the
/// session, or, for a visitor who has not logged in, the token in their signed cookie.
struct CSRFMiddleware: ShortcutMiddleware {
    static let field = "_csrf"
    static let changingMethods: [HTTPMethod] = [.POST, .PUT, .PATCH, .DELETE]

    func passesUntouched(_ request: Request) -> Bool { !Self.changingMethods.contains(request.method) }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.changingMethods.contains(request.method) else {
            return try await next.respond(to: request)
        }
        // A body that arrived in more than one read is streamed; collect it here, within the
        // limit for this path (uploads have their own), so the token can be read. Past the
        // limit Vapor answers 413 and nothing is kept.
        let limit = Paths.isUpload(request.url.path)
            ? request.application.config.uploadMaxBytes + 256 * 1024
            : request.application.config.formMaxBytes
        if let data = request.body.data {
            guard data.readableBytes <= limit else { throw Abort(.payloadTooLarge) }
        } else {
            _ = try await request.body.collect(max: limit).get()
        }
        if Paths.isOneClickUnsubscribe(request.url.path) { return try await next.respond(to: request) }
        let sent = try? request.content.get(String.self, at: Self.field)
        let expected = request.isSignedIn ? request.session.data[SessionKey.csrf] : request.visitor?.cookieToken
        guard let expected, let sent, Self.constantTimeEquals(Array(sent.utf8), Array(expected.utf8)) else {
            throw Abort(.forbidden, reason: request.t("error.csrf"))
        }
        return try await next.respond(to: request)
    }

    private static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
