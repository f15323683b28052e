import Fluent
import Foundation
import SamverkanCore
import Vapor

/// Who may read the audit trail.
enum AuditPolicy {
    /// The coordinator reads the municipality's; the platform administrator everyone's.
    static func mayRead(_ user: User?, municipalityID: UUID?) -> Bool { user?.isCoordinator(of: municipalityID) ?? false }
}

/// `/admin/{kommun}/logg` for the coordinator and `/admin/logg` for the platform administrator:
/// the audit trail, latest first, with a search (person, table, address), filters and pages.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.auditLog, access: .coordinator, use: municipalityLog)
        routes.on(.GET, SiteURL.platformAuditLog, access: .platformAdmin, use: platformLog)
    }

    enum Show: String, CaseIterable, Sendable { case alla, andringar, formular }

    struct Page: Encodable {
        struct Change: Encodable { let field: String; let before: String; let after: String }
        struct Row: Encodable {
            let when: String; let who: String; let what: String; let object: String?; let status: String?; let changes: [Change]
        }
        let chrome: Chrome
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
    }

    static func changes(_ before: String?, _ after: String?) -> [Page.Change] {
        func decode(_ s: String?) -> [String: String] {
            guard let s, let data = s.data(using: .utf8) else { return [:] }
            return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
        }
        let b = decode(before), a = decode(after)
        return Set(b.keys).union(a.keys).sorted().map { .init(field: $0, before: String((b[$0] ?? "").prefix(300)), after: String((a[$0] ?? "").prefix(300))) }
    }

    private func render(_ req: Request, municipality: Municipality?, path: String) async throws -> View {
        let t = req.translator
        let list = ListRequest<Show>(req, path: path, default: .alla)
        func listed() -> QueryBuilder<AuditEvent> {
            let query = AuditEvent.query(on: req.db)
            if let id = municipality?.id { query.filter(\.$municipalityID == id) }
            switch list.show {
            case .alla: break
            case .andringar: query.filter(\.$kind != .request)
            case .formular: query.filter(\.$kind == .request)
            }
            if !list.q.isEmpty {
                query.group(.or) {
                    $0.filter(ListSearch.contains(AuditEvent.schema, "actor_name", list.q))
                      .filter(ListSearch.contains(AuditEvent.schema, "table_name", list.q))
                      .filter(ListSearch.contains(AuditEvent.schema, "path", list.q))
                }
            }
            return query
        }
        let total = try await listed().count()
        let events = try await listed().sort(\.$createdAt, .descending).sort(\.$id).range(list.range).all()
        let rows = events.map { e in
            Page.Row(
                when: StockholmTime.local(fromUTC: Int(e.createdAt.timeIntervalSince1970)).description,
                who: e.actorName,
                what: e.kind == .request ? (e.route ?? e.path ?? "") : t("audit.kind.\(e.kind.rawValue)", e.tableName ?? ""),
                object: e.kind == .request ? e.path : e.rowID,
                status: e.status.map(String.init),
                changes: Self.changes(e.before, e.after))
        }
        let controls = list.controls(total: total, keys: "audit.", t: t)
        let title = municipality.map { t("audit.title", $0.name) } ?? t("audit.platformTitle")
        return try await req.view.render("audit/log", Page(chrome: req.chrome(title: title, municipality: municipality),
                                                            list: controls, rows: rows, pages: controls.pages))
    }

    @Sendable func municipalityLog(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await render(req, municipality: m, path: SiteURL.auditLog(m.slug))
    }

    @Sendable func platformLog(req: Request) async throws -> View {
        try await render(req, municipality: nil, path: SiteURL.platformAuditLog())
    }
}

extension SiteURL {
    static let auditLog = SiteURL("admin", ":kommun", "logg")
    static let platformAuditLog = SiteURL("admin", "logg")
}
