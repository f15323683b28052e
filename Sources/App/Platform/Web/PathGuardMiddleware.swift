import Vapor

/// Runs before anything else looks at the path, the static files included: a path with a NUL or
/// another control character (`/favicon.svg%00.html`), or with bytes that do not decode, is
/// refused with 400; a segment longer than any file name can be (255 bytes) is answered 404
/// without asking the file system.
struct PathGuardMiddleware: Middleware {
    static let maxSegmentBytes = 255

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        switch Self.verdict(request.url.path) {
        case .badRequest: request.eventLoop.makeFailedFuture(Abort(.badRequest))
        case .notFound: request.eventLoop.makeFailedFuture(Abort(.notFound))
        case .fine: next.respond(to: request)
        }
    }

    enum Verdict: Equatable { case fine, badRequest, notFound }

    static func verdict(_ rawPath: String) -> Verdict {
        guard let decoded = rawPath.removingPercentEncoding else { return .badRequest }
        if decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return .badRequest }
        for segment in decoded.split(separator: "/") where segment.utf8.count > maxSegmentBytes { return .notFound }
        for segment in rawPath.split(separator: "/") where segment.utf8.count > maxSegmentBytes * 3 { return .notFound }
        return .fine
    }
}
