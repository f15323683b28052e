import Fluent
import SamverkanCore
import Vapor

/// The public register of partnerships (IOP) at `/{kommun}/partnerskap`: each partnership the
/// coordinator has made public, with its partner (linked to the register), department, purpose,
/// period, status, the commitments it serves and, when public too, the contribution; the same as
/// CSV at `/{kommun}/partnerskap.csv`; the agreement document of a public partnership.
struct PartnershipsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.partnerships, access: .anyone, use: list)
        routes.on(.GET, SiteURL.partnershipsCSV, access: .anyone, use: csv)
        routes.on(.GET, SiteURL.partnershipDocument, access: .anyone, use: document)
    }

    struct Row: Encodable {
        let title: String
        let partner: String
        let partnerURL: String
        let department: String?
        let purpose: [String]
        let period: String
        let status: String
        let statusKey: String
        let contribution: String?
        let commitments: [String]?
        let documentURL: String?
    }

    struct Loaded {
        let partnerships: [Partnership]
        let organisations: [UUID: Organisation]
        let departments: [UUID: Department]
        let commitments: [UUID: [String]]
    }

    /// Seven queries at most, whatever the number of partnerships: them, their partners, the
    /// departments, the commitments they serve, and the agreement in force (three, by
    /// `AgreementTouches`).
    static func load(_ db: any Database, _ m: Municipality, publicOnly: Bool, organisation: UUID? = nil) async throws -> Loaded {
        let mid = try m.requireID()
        let q = Partnership.query(on: db).filter(\.$municipality.$id == mid)
        if publicOnly { q.filter(\.$isPublic == true) }
        if let organisation { q.filter(\.$organisation.$id == organisation) }
        let partnerships = try await q.sort(\.$status).sort(\.$startsOn, .descending).all()
        let orgIDs = Array(Set(partnerships.map { $0.$organisation.id }))
        let organisations = orgIDs.isEmpty ? [] : try await Organisation.query(on: db).filter(\.$id ~~ orgIDs).all()
        let departments = try await Department.query(on: db).filter(\.$municipality.$id == mid).all()
        let ids = partnerships.compactMap(\.id)
        let keys = ids.isEmpty ? [] : try await PartnershipCommitment.query(on: db).filter(\.$partnership.$id ~~ ids).all()
        let agreement = try await AgreementTouches.load(m, on: db)
        var served: [UUID: [String]] = [:]
        for (id, rows) in Dictionary(grouping: keys, by: { $0.$partnership.id }) {
            served[id] = agreement.names(of: Set(rows.map { InquiryTouch.tag(.commitment, $0.key) }))
        }
        return Loaded(partnerships: partnerships,
                      organisations: Dictionary(uniqueKeysWithValues: organisations.compactMap { o in o.id.map { ($0, o) } }),
                      departments: Dictionary(uniqueKeysWithValues: departments.compactMap { d in d.id.map { ($0, d) } }),
                      commitments: served)
    }

    static func rows(_ loaded: Loaded, _ m: Municipality, t: Translator, showAll: Bool = false) -> [Row] {
        loaded.partnerships.map { p in
            let partner = loaded.organisations[p.$organisation.id]
            return Row(title: p.title, partner: partner?.name ?? "", partnerURL: SiteURL.organisation(m.slug, p.$organisation.id),
                       department: p.$department.id.flatMap { loaded.departments[$0]?.name }, purpose: FlowingText.paragraphs(p.purpose) ?? [],
                       period: p.endsOn.map { t("partnerships.period", p.startsOn, $0) } ?? t("partnerships.periodOpen", p.startsOn),
                       status: t("partnerships.status.\(p.status.rawValue)"), statusKey: p.status.rawValue,
                       contribution: showAll || p.contributionPublic ? p.contribution : nil,
                       commitments: loaded.commitments[p.id!].flatMap { $0.isEmpty ? nil : $0 },
                       documentURL: p.documentStoredName == nil || !(showAll || p.isPublic) ? nil : SiteURL.partnershipDocument(m.slug, p.id!))
        }
    }

    struct ListPage: Encodable {
        let chrome: Chrome
        let heading: String
        let intro: String
        let rows: [Row]?
        let csvURL: String
        let excelURL: String
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator
        let loaded = try await Self.load(req.db, m, publicOnly: true)
        let rows = Self.rows(loaded, m, t: t)
        return try await req.view.render("partnerships/list", ListPage(
            chrome: req.chrome(title: t("partnerships.title", m.name), municipality: m), heading: t("partnerships.heading", m.name),
            intro: t("partnerships.intro"), rows: rows.isEmpty ? nil : rows,
            csvURL: SiteURL.partnershipsCSV(m.slug), excelURL: CSVDialect.excel.url(SiteURL.partnershipsCSV(m.slug))))
    }

    @Sendable func csv(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        let loaded = try await Self.load(req.db, m, publicOnly: true)
        var doc = CSVDocument(CSVDialect(req), columns: [
            ("partnerskap", t("partnerships.column.title")), ("organisation", t("partnerships.column.partner")),
            ("organisationsnummer", t("csv.orgNumber")), ("forvaltning", t("partnerships.column.department")),
            ("syfte", t("partnerships.column.purpose")), ("fran", t("partnerships.column.from")), ("till", t("partnerships.column.until")),
            ("status", t("partnerships.column.status")), ("kommunens_insats", t("partnerships.column.contribution")),
            ("atagande", t("partnerships.column.commitments"))], t: t)
        for p in loaded.partnerships {
            let partner = loaded.organisations[p.$organisation.id]
            doc.row([.text(p.title), .text(partner?.name ?? ""), .text(partner?.orgNumber ?? ""),
                     .text(p.$department.id.flatMap { loaded.departments[$0]?.name } ?? ""), .text(p.purpose),
                     .text(p.startsOn), .text(p.endsOn ?? ""),
                     .coded(code: p.status.rawValue, label: t("partnerships.status.\(p.status.rawValue)")),
                     .text(p.contributionPublic ? p.contribution : ""), .text((loaded.commitments[p.id!] ?? []).joined(separator: " | "))])
        }
        return doc.response(filename: "partnerskap-\(m.slug).csv")
    }

    /// The agreement document of a public partnership, always as a download.
    @Sendable func document(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let p = try await req.find(Partnership.self, "partnership", in: m, notFound: "partnerships.error.notFound") { $0.filter(\.$isPublic == true) }
        return try Self.serveDocument(p, req)
    }

    static func serveDocument(_ p: Partnership, _ req: Request) throws -> Response {
        guard let stored = p.documentStoredName,
              let data = FileManager.default.contents(atPath: FileStore(app: req.application).path(storedName: stored)) else {
            throw Abort(.notFound, reason: req.t("partnerships.error.notFound"))
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: FileStore.attachment(p.documentName ?? p.title, fallback: "partnerskap"))
        return response
    }
}
