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
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
    }

    /// Which messages the list shows (`?visa=`): those not sent yet, the failed first (the
    /// default); only the failed; those sent; all.
    enum Show: String, CaseIterable, Sendable { case ejSkickade = "ej-skickade", misslyckade, skickade, alla }

    /// The municipality's mail with a search by recipient or subject, a filter, a count and
    /// pages: two queries whatever the amount of mail.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let mid = try m.requireID()
        let t = req.translator
        let list = ListRequest<Show>(req, path: SiteURL.outbox(m.slug), default: .ejSkickade)
        func listed() -> QueryBuilder<OutboxMessage> {
            let query = OutboxMessage.query(on: req.db).filter(\.$municipality.$id == mid)
            switch list.show {
            case .ejSkickade: query.filter(\.$status != .sent)
            case .misslyckade: query.filter(\.$status == .failed)
            case .skickade: query.filter(\.$status == .sent)
            case .alla: break
            }
            if !list.q.isEmpty {
                query.group(.or) {
                    $0.filter(ListSearch.contains(OutboxMessage.schema, "to_address", list.q))
                      .filter(ListSearch.contains(OutboxMessage.schema, "subject", list.q))
                }
            }
            return query
        }
        let total = try await listed().count()
        // "failed" sorts before "pending" and "sending": what needs a hand comes first.
        let ordered = list.show == .ejSkickade ? listed().sort(\.$status) : listed()
        let rows = try await ordered.sort(\.$createdAt, .descending).sort(\.$id).range(list.range).all()
        func row(_ r: OutboxMessage) -> Page.Row {
            .init(to: r.toAddress, subject: r.subject, status: t("outbox.status.\(r.status.rawValue)"), attempts: r.attempts,
                  lastError: r.lastError, created: r.createdAt.map(DayFormat.string) ?? "",
                  retryAction: r.status == .failed ? SiteURL.outboxRetry(m.slug, r.id!) : nil)
        }
        let controls = list.controls(total: total, keys: "outbox.", t: t)
        return try await req.view.render("mail/outbox", Page(
            chrome: req.chrome(title: t("outbox.title"), municipality: m), csrf: req.csrfToken,
            list: controls, rows: rows.map(row), pages: controls.pages))
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
