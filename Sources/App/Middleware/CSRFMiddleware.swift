import Vapor

extension Request {
    /// The session's CSRF token, created on first use; every form carries it as `_csrf`.
    var csrfToken: String {
        if let token = session.data[SessionKey.csrf] { return token }
        let token = [UInt8].random(count: 32).base64.replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "+", with: "-")
        session.data[SessionKey.csrf] = token
        return token
    }
}

/// Refuses any state-changing request whose `_csrf` form field does not match the session's token.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
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
        guard let expected = request.session.data[SessionKey.csrf], let sent,
              Self.constantTimeEquals(Array(sent.utf8), Array(expected.utf8)) else {
            throw Abort(.forbidden, reason: request.t("error.csrf"))
        }
        return try await next.respond(to: request)
    }

    private static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
