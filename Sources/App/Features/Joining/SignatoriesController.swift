import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/undertecknare`: who has signed the agreement, and each signatory's certificate.
struct SignatoriesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.signatories, access: .anyone, use: list)
        routes.on(.GET, SiteURL.signatoriesCSV, access: .anyone, use: csv)
        routes.on(.GET, SiteURL.certificate, access: .anyone, use: certificate)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let name: String; let url: String; let joined: String; let method: String
            let confirmedCurrent: String?; let certificateURL: String
        }
        struct Option: Encodable { let value: String; let label: String; let selected: Bool }
        let chrome: Chrome
        let agreementTitle: String?
        let inForceVersion: Int?
        let rows: [Row]
        let total: Int
        let query: String
        let methods: [Option]
        let years: [Option]
        let hasRows: Bool
        let showConfirmation: Bool
        /// "Visar 51–100 av 170", when the list has pages.
        let shownText: String
        let pages: [PageLink]
        let excelURL: String
        let csvURL: String
    }

    static let pageSize = 50

    struct Signed: Decodable {
        let id: UUID; let organisation_id: UUID; let agreement_id: UUID; let method: String; let signed_on: String?
        let name: String; let org_number: String?; let confirmed: Int; let total: Int
    }

    struct Filters { let q: String; let method: Accession.Method?; let year: Int? }

    private func filters(_ req: Request) -> Filters {
        Filters(q: String(((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100)),
                method: (try? req.query.get(String.self, at: "metod")).flatMap(Accession.Method.init(rawValue:)),
                year: (try? req.query.get(String.self, at: "ar")).flatMap { Int($0) }.flatMap { (1900...2999).contains($0) ? $0 : nil })
    }

    /// The signatories that match the filters, in the order they signed (Swedish order within a
    /// day), filtered, counted and cut into a page in SQL: plain rows with the shown columns, so
    /// the page does not grow with the number of signatories. `page` nil: every match.
    private func signatories(_ sql: any SQLDatabase, _ m: Municipality, inForce: Agreement?, _ f: Filters,
                             page: Int?) async throws -> [Signed] {
        var conditions: [SQLQueryString] = ["a.municipality_id = \(bind: try m.requireID())", "a.status = 'signed'"]
        if !f.q.isEmpty { conditions.append("o.search_text LIKE \(bind: CataloguePage.likePattern(f.q)) ESCAPE '\\'") }
        if let method = f.method { conditions.append("a.method = \(bind: method.rawValue)") }
        if let year = f.year { conditions.append("a.signed_on LIKE \(bind: "\(year)-%")") }
        let limit: SQLQueryString = page.map { "LIMIT \(literal: Self.pageSize) OFFSET \(literal: ($0 - 1) * Self.pageSize)" } ?? ""
        return try await sql.raw("""
            SELECT a.id, a.organisation_id, a.agreement_id, a.method, a.signed_on, o.name, o.org_number,
                   CAST(CASE WHEN EXISTS (SELECT 1 FROM version_confirmations v WHERE v.organisation_id = a.organisation_id
                        AND v.agreement_id = \(bind: inForce?.id ?? UUID())) THEN 1 ELSE 0 END AS BIGINT) AS confirmed,
                   CAST(COUNT(*) OVER () AS BIGINT) AS total
            FROM accessions a JOIN organisations o ON o.id = a.organisation_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY a.signed_on, o.sort_name, o.name, a.id \(limit)
            """).all(decoding: Signed.self)
    }

    private func inForce(_ req: Request, _ m: Municipality) async throws -> Agreement? {
        try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .inForce).first()
    }

    /// The filtered list as a download, for Swedish Excel or for programs.
    @Sendable func csv(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let inForce = try await inForce(req, m)
        let shown = try await signatories(sql, m, inForce: inForce, filters(req), page: nil)
        let t = req.translator
        var doc = CSVDocument(CSVDialect(req), columns: [
            ("organisation", t("accessions.organisation")), ("organisationsnummer", t("csv.orgNumber")),
            ("undertecknade", t("signatories.joined")), ("satt", t("accession.method")),
            ("bekraftat_gallande_version", t("csv.signatories.confirmedCurrent"))], t: t)
        for a in shown {
            doc.row([.text(a.name), .text(a.org_number ?? ""), .text(a.signed_on ?? ""),
                     .coded(code: a.method, label: t("accession.method.\(a.method)")),
                     .flag(inForce.map { a.agreement_id == $0.id || a.confirmed == 1 } ?? true)])
        }
        return doc.response(filename: "undertecknare-\(m.slug).csv")
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let f = filters(req)
        let (q, method, year) = (f.q, f.method, f.year)
        let inForce = try await inForce(req, m)
        let requested = max(1, min((try? req.query.get(Int.self, at: "sida")) ?? 1, 100_000))
        let page = try await signatories(sql, m, inForce: inForce, f, page: requested)
        // A page past the end (an old link) has no row to carry the count.
        var matching = page.first?.total ?? 0
        if page.isEmpty && requested > 1 { matching = try await signatories(sql, m, inForce: inForce, f, page: 1).first?.total ?? 0 }
        struct Summary: Decodable { let n: Int; let older: Int }
        let summary = try await sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n,
                   CAST(COALESCE(SUM(CASE WHEN agreement_id <> \(bind: inForce?.id ?? UUID()) THEN 1 ELSE 0 END), 0) AS BIGINT) AS older
            FROM accessions WHERE municipality_id = \(bind: m.requireID()) AND status = 'signed'
            """).first(decoding: Summary.self) ?? Summary(n: 0, older: 0)
        struct Year: Decodable { let y: String? }
        let years = try await sql.raw("""
            SELECT DISTINCT substr(signed_on, 1, 4) AS y FROM accessions
            WHERE municipality_id = \(bind: m.requireID()) AND status = 'signed' AND signed_on IS NOT NULL ORDER BY y
            """).all(decoding: Year.self).compactMap(\.y)
        let lastPage = max(1, (matching + Self.pageSize - 1) / Self.pageSize)
        var filters: [String] = []
        if !q.isEmpty { filters.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if let method { filters.append("metod=\(method.rawValue)") }
        if let year { filters.append("ar=\(year)") }
        func url(_ path: String, page n: Int = 1, extra: [String] = []) -> String {
            let all = filters + (n > 1 ? ["sida=\(n)"] : []) + extra
            return path + (all.isEmpty ? "" : "?" + all.joined(separator: "&"))
        }
        let t = req.translator
        let first = (requested - 1) * Self.pageSize + 1
        let context = Page(
            chrome: req.chrome(title: t("signatories.title", m.name), municipality: m),
            agreementTitle: inForce?.title, inForceVersion: inForce?.version,
            rows: page.map { a in
                let current = inForce.map { a.agreement_id == $0.id || a.confirmed == 1 } ?? true
                return Page.Row(name: a.name, url: SiteURL.organisation(m.slug, a.organisation_id),
                                joined: a.signed_on ?? "", method: t("accession.method.\(a.method)"),
                                confirmedCurrent: current ? t("signatories.confirmed") : t("signatories.notConfirmed"),
                                certificateURL: SiteURL.certificate(m.slug, a.id))
            },
            total: summary.n, query: q,
            methods: [Page.Option(value: "", label: t("signatories.allMethods"), selected: method == nil)]
                + Accession.Method.allCases.map { .init(value: $0.rawValue, label: t("accession.method.\($0.rawValue)"), selected: $0 == method) },
            years: [Page.Option(value: "", label: t("signatories.allYears"), selected: year == nil)]
                + years.map { .init(value: $0, label: $0, selected: $0 == year.map(String.init)) },
            hasRows: !page.isEmpty,
            showConfirmation: inForce != nil && summary.older > 0,
            shownText: lastPage > 1 && !page.isEmpty ? t("list.showing", String(first), String(first + page.count - 1), String(matching)) : "",
            pages: PageLink.around(page: requested, lastPage: lastPage, t: t) { url(SiteURL.signatories(m.slug), page: $0) },
            excelURL: url(SiteURL.signatoriesCSV(m.slug), extra: ["format=excel"]), csvURL: url(SiteURL.signatoriesCSV(m.slug)))
        return try await req.view.render("joining/signatories", context)
    }

    struct CertificatePage: Encodable {
        let chrome: Chrome
        let organisation: String
        let orgNumber: String?
        let municipality: String
        let agreementTitle: String
        let version: Int
        let signedOn: String
        let organisationSignature: String?
        let municipalitySignature: String?
        let eventTitle: String?
        let municipalityParty: String
        let civilSocietyParty: String
    }

    @Sendable func certificate(req: Request) async throws -> View {
        let m = try await req.municipality()
        let a = try await req.find(Accession.self, "accession", in: m) {
            $0.filter(\.$status == .signed).with(\.$organisation).with(\.$agreement)
        }
        let event = try await a.$signingEvent.get(on: req.db)
        func signature(_ name: String?, _ role: String?, _ date: String?) -> String? {
            guard let date else { return nil }
            return [name, role, date].compactMap { $0 }.joined(separator: ", ")
        }
        return try await req.view.render("joining/certificate", CertificatePage(
            chrome: req.chrome(title: req.t("certificate.title", a.organisation.name)), organisation: a.organisation.name,
            orgNumber: a.organisation.orgNumber, municipality: m.name, agreementTitle: a.agreement.title,
            version: a.agreement.version, signedOn: a.signedOn ?? "",
            organisationSignature: signature(a.organisationSignatoryName, a.organisationSignatoryRole, a.organisationSignedOn),
            municipalitySignature: signature(a.municipalitySignatoryName, a.municipalitySignatoryRole, a.municipalitySignedOn),
            eventTitle: event?.title, municipalityParty: a.agreement.municipalityParty,
            civilSocietyParty: a.agreement.civilSocietyParty))
    }
}
