import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/foreningar`: search and filters over the approved organisations, a page at a time.
/// At most five queries whatever the size of the register: the page of rows, the total, the rows'
/// activity areas, the municipality's areas and its districts. None of them reads the whole
/// register: the search goes through the full-text index (`AddCatalogueSearch`), the total and the
/// district list come from `organisation_facets`, unless a search or an area narrows the rows (then
/// the page's query counts its matches as it finds them), and the rows are read in name order from
/// an index, only the shown columns.
struct CataloguePage: Sendable {
    static let pageSize = 25

    struct Filters: Sendable {
        var query: String?
        var areaID: UUID?
        var legalForm: Organisation.LegalForm?
        var district: String?
        var signed: Bool?
        var page: Int = 1
    }

    struct Row: Sendable {
        let name: String
        let url: String
        let legalForm: String
        let district: String?
        let areas: String?
        let summary: String?
        let signed: Bool
    }

    typealias Option = SelectOption

    let chrome: Chrome
    let municipalityName: String
    let query: String
    let rows: [Row]
    let total: Int
    let summary: String
    let areas: [Option]
    let legalForms: [Option]
    let districts: [Option]
    let signedOptions: [Option]
    let pages: [PageLink]
    let registerURL: String

    private struct DBRow: Decodable {
        let id: UUID
        let name: String
        let legal_form: String
        let district: String?
        let description: String?
        let signed: Int
        /// All the matching rows, when they are counted with the page.
        let total: Int?
    }

    /// `LIKE` pattern for a folded search text, with the wildcard characters escaped.
    static func likePattern(_ query: String) -> String {
        let escaped = SearchText.fold(query).replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }

    /// How a search reaches the rows: through the full-text index where there is one to use.
    enum Search: Equatable {
        case none
        /// SQLite: an FTS5 phrase over trigrams, which matches any run of three or more characters.
        case fullText(String)
        /// PostgreSQL (whose trigram index serves `LIKE` itself), and searches shorter than a trigram.
        case like(String)

        init(_ query: String?, dialect: String) {
            let folded = SearchText.fold(query ?? "")
            if folded.isEmpty {
                self = .none
            } else if dialect == "sqlite", folded.count >= 3 {
                self = .fullText("\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            } else {
                self = .like(CataloguePage.likePattern(folded))
            }
        }
    }

    /// The catalogue's rows for these filters, as SQL: `from` and `conditions` select them
    /// (`o` is the organisation); `facets` selects the same count from `organisation_facets`, or is
    /// nil when a search or an area narrows the rows and they must be counted.
    struct Selection {
        let from: SQLQueryString
        let conditions: SQLQueryString
        let facets: SQLQueryString?

        init(municipality mid: UUID, filters f: Filters, dialect: String) {
            let search = Search(f.query, dialect: dialect)
            var conditions: [SQLQueryString] = ["o.municipality_id = \(bind: mid)", "o.status = 'approved'"]
            // The search drives the query: the index yields the matching rows, then the filters apply.
            var from: SQLQueryString = "organisations o"
            switch search {
            case .none: break
            case .fullText(let phrase):
                from = "organisation_search s CROSS JOIN organisations o ON o.rowid = s.rowid"
                conditions.append("s.search_text MATCH \(bind: phrase)")
            case .like(let pattern):
                conditions.append("o.search_text LIKE \(bind: pattern) ESCAPE '\\'")
            }
            var facets: [SQLQueryString] = ["municipality_id = \(bind: mid)"]
            if let form = f.legalForm {
                conditions.append("o.legal_form = \(bind: form.rawValue)")
                facets.append("legal_form = \(bind: form.rawValue)")
            }
            if let district = f.district {
                conditions.append("o.district = \(bind: district)")
                facets.append("district = \(bind: district)")
            }
            if let area = f.areaID {
                conditions.append("EXISTS (SELECT 1 FROM organisation_activity_areas x WHERE x.organisation_id = o.id AND x.area_id = \(bind: area))")
            }
            if let signed = f.signed {
                conditions.append(signed ? "o.signatory_since IS NOT NULL" : "o.signatory_since IS NULL")
                facets.append("signed = \(bind: signed)")
            }
            self.from = from
            self.conditions = conditions.joined(separator: " AND ")
            self.facets = search == .none && f.areaID == nil ? facets.joined(separator: " AND ") : nil
        }
    }

    static func query(db: any Database, municipality m: Municipality, filters f: Filters, t: Translator,
                      chrome: Chrome, baseQuery: [(String, String)]) async throws -> CataloguePage {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let mid = try m.requireID()
        let selection = Selection(municipality: mid, filters: f, dialect: sql.dialect.name)
        let from = selection.from
        let whereClause = selection.conditions

        let page = max(1, f.page)
        // Without facets to count from, the rows are counted in the same pass that finds them
        // (a window over every match), so a search reads the full-text index once, not twice.
        let counted: SQLQueryString = selection.facets == nil ? ", COUNT(*) OVER () AS total" : ""
        let rows = try await sql.raw("""
            SELECT o.id, o.name, o.legal_form, o.district, o.description,
                   CASE WHEN o.signatory_since IS NOT NULL THEN 1 ELSE 0 END AS signed\(counted)
            FROM \(from) WHERE \(whereClause)
            ORDER BY o.name, o.id LIMIT \(literal: pageSize) OFFSET \(literal: (page - 1) * pageSize)
            """).all(decoding: DBRow.self)
        struct Count: Decodable { let n: Int }
        let total: Int
        if let facets = selection.facets {
            total = try await sql.raw("SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM organisation_facets WHERE \(facets)")
                .first(decoding: Count.self)?.n ?? 0
        } else if let first = rows.first?.total {
            total = first
        } else {
            // A page past the end has no row to carry the count.
            total = try await sql.raw("SELECT COUNT(*) AS n FROM \(from) WHERE \(whereClause)").first(decoding: Count.self)?.n ?? 0
        }

        // Plain rows, not models: decoding Fluent models was a tenth of an uncached page's time.
        struct Area: Decodable { let id: UUID; let name: String }
        struct Link: Decodable { let organisation_id: UUID; let name: String }
        let allAreas = try await sql.raw("SELECT id, name FROM activity_areas WHERE municipality_id = \(bind: mid) ORDER BY position")
            .all(decoding: Area.self)
        var areasByOrg: [UUID: [String]] = [:]
        if !rows.isEmpty {
            let links = try await sql.raw("""
                SELECT x.organisation_id, a.name FROM organisation_activity_areas x JOIN activity_areas a ON a.id = x.area_id
                WHERE x.organisation_id IN (\(binds: rows.map(\.id)))
                """).all(decoding: Link.self)
            for link in links { areasByOrg[link.organisation_id, default: []].append(link.name) }
        }
        struct District: Decodable { let district: String }
        let districts = try await sql.raw("""
            SELECT district FROM organisation_facets WHERE municipality_id = \(bind: mid) AND district <> ''
            GROUP BY district HAVING SUM(n) > 0 ORDER BY district
            """).all(decoding: District.self).map(\.district)

        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        func pageURL(_ n: Int) -> String {
            let items = baseQuery.filter { $0.0 != "sida" } + (n > 1 ? [("sida", String(n))] : [])
            let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
            return SiteURL.catalogue(m.slug) + (query.isEmpty ? "" : "?\(query)")
        }
        let pages = PageLink.around(page: page, lastPage: lastPage, t: t, url: pageURL)

        let first = total == 0 ? 0 : (page - 1) * pageSize + 1
        return CataloguePage(
            chrome: chrome, municipalityName: m.name, query: f.query ?? "",
            rows: rows.map { r in
                Row(name: r.name, url: SiteURL.organisation(m.slug, r.id), legalForm: t("legalForm.\(r.legal_form)"),
                    district: r.district, areas: areasByOrg[r.id]?.sorted().joined(separator: ", "),
                    summary: r.description.map { $0.count > 220 ? String($0.prefix(220)) + "…" : $0 }, signed: r.signed == 1)
            },
            total: total,
            summary: t("catalogue.summary", String(total), String(first), String(min(total, page * pageSize))),
            areas: [Option(value: "", label: t("catalogue.allAreas"), selected: f.areaID == nil)]
                + allAreas.map { Option(value: $0.id.uuidString, label: $0.name, selected: $0.id == f.areaID) },
            legalForms: [Option(value: "", label: t("catalogue.allForms"), selected: f.legalForm == nil)]
                + Organisation.LegalForm.allCases.map {
                    Option(value: $0.rawValue, label: t("legalForm.\($0.rawValue)"), selected: $0 == f.legalForm)
                },
            districts: [Option(value: "", label: t("catalogue.allDistricts"), selected: f.district == nil)]
                + districts.map { Option(value: $0, label: $0, selected: $0 == f.district) },
            signedOptions: [
                Option(value: "", label: t("catalogue.signedAny"), selected: f.signed == nil),
                Option(value: "ja", label: t("catalogue.signedYes"), selected: f.signed == true),
                Option(value: "nej", label: t("catalogue.signedNo"), selected: f.signed == false),
            ],
            pages: pages,
            registerURL: SiteURL.register(m.slug)
        )
    }
}
