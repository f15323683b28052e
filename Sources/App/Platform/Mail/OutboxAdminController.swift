import Fluent
import Vapor

/// `/admin/{kommun}/utgaende-post`: mail that has not gone out yet or has failed, with a retry.
struct OutboxAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.outbox, access: .coordinator, use: list)
        routes.on(.POST, SiteURL.outboxRetry, access: .coordinator, use: retry)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let to: String; let subject: String; let status: String; let attempts: Int
            let lastError: String?; let created: String; let retryAction: String?
        }
        let chrome: Chrome
        let csrf: String
        let failed: [Row]
        let pending: [Row]
        let sentCount: Int
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let rows = try await OutboxMessage.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status != .sent).sort(\.$createdAt, .descending).limit(200).all()
        let sent = try await OutboxMessage.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .sent).count()
        func row(_ r: OutboxMessage) -> Page.Row {
            .init(to: r.toAddress, subject: r.subject, status: req.t("outbox.status.\(r.status.rawValue)"), attempts: r.attempts,
                  lastError: r.lastError, created: r.createdAt.map(DayFormat.string) ?? "",
                  retryAction: r.status == .failed ? SiteURL.outboxRetry(m.slug, r.id!) : nil)
        }
        return try await req.view.render("mail/outbox", Page(
            chrome: req.chrome(title: req.t("outbox.title"), municipality: m), csrf: req.csrfToken,
            failed: rows.filter { $0.status == .failed }.map(row), pending: rows.filter { $0.status != .failed }.map(row),
            sentCount: sent))
    }

    @Sendable func retry(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let id = req.parameters.get("message", as: UUID.self),
              let message = try await OutboxMessage.query(on: req.db).filter(\.$id == id)
                .filter(\.$municipality.$id == m.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        message.status = .pending
        message.attempts = 0
        message.nextAttemptAt = req.clock.seconds
        try await message.save(on: req.db)
        req.flash(req.t("outbox.retrying", message.toAddress))
        return req.redirect(to: SiteURL.outbox(m.slug))
    }
}
