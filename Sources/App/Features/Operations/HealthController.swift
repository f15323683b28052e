import Fluent
import SQLKit
import Vapor

/// `/healthz`: the process answers. `/readyz`: it can serve — the database answers, every
/// migration has run, and the outbox is not stuck (no message waiting more than
/// `stuckAfterSeconds` past its time). For a load balancer or an orchestrator: 200 or 503, never
/// cached, nothing about the data.
struct HealthController: RouteCollection {
    static let stuckAfterSeconds = 15 * 60

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.healthz, access: .anyone, use: healthz)
        routes.on(.GET, SiteURL.readyz, access: .anyone, use: readyz)
    }

    static func plain(_ status: HTTPResponseStatus, _ body: String) -> Response {
        let response = Response(status: status, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func healthz(req: Request) async throws -> Response {
        Self.plain(.ok, APIValue.object([("status", .string("ok"))]).json)
    }

    @Sendable func readyz(req: Request) async throws -> Response {
        var checks: [(String, APIValue)] = []
        var ready = true
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            checks.append(("database", .string("ok")))
            let pending = try await req.application.migrator.previewPrepareBatch().get()
            checks.append(("migrations", .string(pending.isEmpty ? "ok" : "\(pending.count) pending")))
            if !pending.isEmpty { ready = false }
            let late = try await OutboxMessage.query(on: req.db).filter(\.$status == .pending)
                .filter(\.$nextAttemptAt < req.clock.seconds - Self.stuckAfterSeconds).count()
            checks.append(("outbox", .string(late == 0 ? "ok" : "\(late) waiting over \(Self.stuckAfterSeconds / 60) minutes")))
            if late > 0 { ready = false }
        } catch {
            req.logger.warning("readyz: the database does not answer: \(String(describing: error))")
            checks.append(("database", .string("unreachable")))
            ready = false
        }
        return Self.plain(ready ? .ok : .serviceUnavailable,
                          APIValue.object([("status", .string(ready ? "ready" : "not ready")), ("checks", .object(checks))]).json)
    }
}

/// Every response says which request it answered (`X-Request-ID`, also in every log line of the
/// request as `request-id`), so a report from a user can be found in the log.
struct RequestIDMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Request-ID", value: request.id)
        return response
    }
}
