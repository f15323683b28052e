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
        let name: String; let search_text: String; let org_number: String?; let confirmed: Int
    }

    /// Every signatory of the municipality (one query, plain rows) and the filters of the request
    /// applied to them, in the order they signed.
    private func signatories(_ req: Request, _ m: Municipality) async throws
        -> (inForce: Agreement?, all: [Signed], shown: [Signed], q: String, method: Accession.Method?, year: Int?) {
        let q = String(((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        let method = (try? req.query.get(String.self, at: "metod")).flatMap(Accession.Method.init(rawValue:))
        let year = (try? req.query.get(String.self, at: "ar")).flatMap { Int($0) }
        let inForce = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first()
        // Plain rows with the shown columns: decoding hundreds of Fluent models (accessions and their
        // organisations) took most of this page's time in a municipality of 170 signatories.
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let signed = try await sql.raw("""
            SELECT a.id, a.organisation_id, a.agreement_id, a.method, a.signed_on, o.name, o.search_text, o.org_number,
                   CAST(CASE WHEN EXISTS (SELECT 1 FROM version_confirmations v WHERE v.organisation_id = a.organisation_id
                        AND v.agreement_id = \(bind: inForce?.id ?? UUID())) THEN 1 ELSE 0 END AS BIGINT) AS confirmed
            FROM accessions a JOIN organisations o ON o.id = a.organisation_id
            WHERE a.municipality_id = \(bind: m.requireID()) AND a.status = 'signed'
            """).all(decoding: Signed.self)
        let folded = SearchText.fold(q)
        let shown = signed.filter { a in
            (folded.isEmpty || a.search_text.contains(folded))
                && (method == nil || a.method == method?.rawValue)
                && (year == nil || a.signed_on?.hasPrefix(String(year!)) == true)
        }.sorted { a, b in
            a.signed_on == b.signed_on ? SwedishOrder.areInOrder(a.name, b.name) : (a.signed_on ?? "") < (b.signed_on ?? "")
        }
        return (inForce, signed, shown, q, method, year)
    }

    /// The filtered list as a download, for Swedish Excel or for programs.
    @Sendable func csv(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let (inForce, _, shown, _, _, _) = try await signatories(req, m)
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
        let (inForce, signed, shown, q, method, year) = try await signatories(req, m)
        let requested = max(1, min((try? req.query.get(Int.self, at: "sida")) ?? 1, 100_000))
        let lastPage = max(1, (shown.count + Self.pageSize - 1) / Self.pageSize)
        let page = shown.dropFirst((requested - 1) * Self.pageSize).prefix(Self.pageSize)
        var filters: [String] = []
        if !q.isEmpty { filters.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if let method { filters.append("metod=\(method.rawValue)") }
        if let year { filters.append("ar=\(year)") }
        func url(_ path: String, page n: Int = 1, extra: [String] = []) -> String {
            let all = filters + (n > 1 ? ["sida=\(n)"] : []) + extra
            return path + (all.isEmpty ? "" : "?" + all.joined(separator: "&"))
        }
        let years = Set(signed.compactMap { $0.signed_on.map { String($0.prefix(4)) } }).sorted()
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
            total: signed.count, query: q,
            methods: [Page.Option(value: "", label: t("signatories.allMethods"), selected: method == nil)]
                + Accession.Method.allCases.map { .init(value: $0.rawValue, label: t("accession.method.\($0.rawValue)"), selected: $0 == method) },
            years: [Page.Option(value: "", label: t("signatories.allYears"), selected: year == nil)]
                + years.map { .init(value: $0, label: $0, selected: $0 == year.map(String.init)) },
            hasRows: !shown.isEmpty,
            showConfirmation: signed.contains { $0.agreement_id != inForce?.id },
            shownText: lastPage > 1 && !page.isEmpty ? t("list.showing", String(first), String(first + page.count - 1), String(shown.count)) : "",
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
