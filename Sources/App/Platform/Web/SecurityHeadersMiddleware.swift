import Vapor

/// Headers every response carries: nothing may be loaded from elsewhere, framed, or sniffed.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            ("Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        // Once a browser has seen the site over HTTPS, it never tries plain HTTP again.
        let maxAge = request.application.config.hstsMaxAgeSeconds
        if maxAge > 0 { response.headers.replaceOrAdd(name: .strictTransportSecurity, value: "max-age=\(maxAge); includeSubDomains") }
        return response
    }
}
