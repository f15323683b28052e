import Vapor

/// Turns errors into a page in the reader's language, with the right status; never a stack trace.
/// A plain `Middleware`: a request that succeeds passes through without a task of its own.
struct ErrorPageMiddleware: Middleware {
    let environment: Environment

    struct ErrorPage: Encodable {
        let chrome: Chrome
        let status: Int
        let heading: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            // The API answers its errors itself, as problem details (`APIMiddleware`).
            if APIMiddleware.isAPI(request) { return request.eventLoop.makeFailedFuture(error) }
            return request.eventLoop.makeFutureWithTask { await page(for: error, request) }
        }
    }

    private func page(for error: any Error, _ request: Request) async -> Response {
        let status: HTTPStatus
        var reason: String?
        var headers = HTTPHeaders()
        if let domain = error as? any DomainError {
            status = domain.status
            reason = request.t(domain)
        } else if let abort = error as? any AbortError {
            status = abort.status
            headers = abort.headers
            // Our own reasons are translated messages; Vapor's defaults are English phrases we replace.
            reason = abort.reason == status.reasonPhrase ? nil : abort.reason
        } else {
            status = .internalServerError
            // Cut short: a path or a message can be as long as a client makes it.
            request.logger.error("\(request.method) \(request.url.path.prefix(200)): \(String(describing: error).prefix(500))")
        }
        let key = [400, 403, 404, 405, 409, 413, 422, 429].contains(Int(status.code)) ? "\(status.code)" : "500"
        let page = ErrorPage(
            chrome: request.chrome(title: request.t("error.\(key).title")),
            status: Int(status.code), heading: request.t("error.\(key).title"),
            message: reason ?? request.t("error.\(key).message"))
        let response: Response
        do {
            response = try await request.view.render("partials/error", page).encodeResponse(for: request)
        } catch {
            request.logger.report(error: error)
            response = Response(body: .init(string: "\(page.heading)\n\n\(page.message)\n"))
        }
        response.status = status
        for (name, value) in headers where name.lowercased() != "content-type" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
