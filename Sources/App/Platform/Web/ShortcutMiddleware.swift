import Vapor

/// An `AsyncMiddleware` that most requests pass untouched. Vapor runs every async middleware as a
/// task of its own, a hop to the concurrency pool and back on every request; for the requests that
/// `passesUntouched` names, this one hands the request on directly, on its event loop, and only
/// the others run the async `respond(to:chainingTo:)`.
protocol ShortcutMiddleware: AsyncMiddleware {
    /// Whether this middleware has nothing to do for this request. Decided without waiting.
    func passesUntouched(_ request: Request) -> Bool
}

extension ShortcutMiddleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        if passesUntouched(request) { return next.respond(to: request) }
        let promise = request.eventLoop.makePromise(of: Response.self)
        promise.completeWithTask {
            try await self.respond(to: request, chainingTo: AsyncBasicResponder { try await next.respond(to: $0).get() })
        }
        return promise.futureResult
    }
}
