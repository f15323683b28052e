import Vapor

/// Headers every response carries: nothing may be loaded from elsewhere, framed, or sniffed.
/// A plain `Middleware`: it runs on every request, and mapping the response needs no task.
struct SecurityHeadersMiddleware: Middleware {
    static let headers: [(String, String)] = [
        ("Content-Security-Policy",
         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
    ]

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Once a browser has seen the site over HTTPS, it never tries plain HTTP again.
        let maxAge = request.application.config.hstsMaxAgeSeconds
        return next.respond(to: request).map { response in
            for (name, value) in Self.headers where !response.headers.contains(name: name) {
                response.headers.add(name: name, value: value)
            }
            if maxAge > 0 { response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=\(maxAge); includeSubDomains") }
            return response
        }
    }
}
