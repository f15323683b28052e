import Foundation
import Synchronization
import Vapor

/// What every answer of the open-data API (`/api/…`) shares: CORS for reading from other sites,
/// a limit of requests per client address and minute (429 with `Retry-After`), and errors as
/// `application/problem+json` (RFC 9457) instead of the error page.
struct APIMiddleware: AsyncMiddleware {
    /// Requests per client address in the current minute, kept in this process: each instance
    /// counts its own (the limit protects the instance, not a quota).
    final class Counter: Sendable {
        private let state = Mutex<(minute: Int, counts: [String: Int])>((0, [:]))

        /// The count for `client` after this request, and the seconds left of the minute.
        func hit(_ client: String, now: Int) -> (count: Int, retryAfter: Int) {
            let minute = now / 60
            return state.withLock { s in
                if s.minute != minute { s = (minute, [:]) }
                s.counts[client, default: 0] += 1
                return (s.counts[client]!, 60 - now % 60)
            }
        }
    }


    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard Self.isAPI(request) else { return try await next.respond(to: request) }
        if request.method == .OPTIONS {
            let response = Response(status: .noContent)
            Self.cors(response)
            response.headers.replaceOrAdd(name: .accessControlAllowMethods, value: "GET, HEAD, OPTIONS")
            response.headers.replaceOrAdd(name: .accessControlAllowHeaders, value: "If-None-Match")
            response.headers.replaceOrAdd(name: .accessControlMaxAge, value: "86400")
            return response
        }
        // The API only reads; HEAD is answered as GET without the body.
        let head = request.method == .HEAD
        guard request.method == .GET || head else {
            let response = Self.problem(.methodNotAllowed, detail: request.t("openData.error.method"))
            response.headers.replaceOrAdd(name: .allow, value: "GET, HEAD, OPTIONS")
            Self.cors(response)
            return response
        }
        if head { request.method = .GET }
        let (count, retryAfter) = request.application.apiCounter.hit(request.clientAddress, now: request.clock.seconds)
        let response: Response
        if count > request.application.config.apiPerMinute {
            response = Self.problem(.tooManyRequests, detail: request.t("openData.error.rateLimited", String(retryAfter)))
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
        } else {
            do {
                response = try await next.respond(to: request)
            } catch {
                let status = (error as? any AbortError)?.status ?? .internalServerError
                if status == .internalServerError { request.logger.report(error: error) }
                let reason = (error as? any AbortError)?.reason
                response = Self.problem(status, detail: status == .internalServerError ? request.t("error.500.message") : reason ?? status.reasonPhrase)
                for (name, value) in (error as? any AbortError)?.headers ?? [:] where name.lowercased() == "retry-after" {
                    response.headers.replaceOrAdd(name: name, value: value)
                }
            }
        }
        Self.cors(response)
        if head { response.body = .empty }
        return response
    }

    static func isAPI(_ request: Request) -> Bool {
        request.url.path.hasPrefix("/api/") || request.url.path == "/api"
    }

    static func cors(_ response: Response) {
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        response.headers.replaceOrAdd(name: .accessControlExpose, value: "ETag, Retry-After, Link")
    }

    /// An error as RFC 9457 problem details.
    static func problem(_ status: HTTPResponseStatus, detail: String) -> Response {
        let body = APIValue.object([("type", .string("about:blank")), ("title", .string(status.reasonPhrase)),
                                    ("status", .int(Int(status.code))), ("detail", .string(detail))]).json
        let response = Response(status: status, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

extension Application {
    private struct APICounterKey: StorageKey { typealias Value = APIMiddleware.Counter }
    /// The API's request counts, one per application (set in `configure`, read by every request).
    var apiCounter: APIMiddleware.Counter {
        get {
            guard let counter = storage[APICounterKey.self] else { fatalError("The API's counter is set in configure()") }
            return counter
        }
        set { storage[APICounterKey.self] = newValue }
    }
}
