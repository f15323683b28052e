import FluentSQL
import Vapor

/// What an admin list's address asks for: a search (`q`), one of the list's filters (`visa`) and
/// a page (`sida`). It makes the addresses of the other pages, filters and exports, each keeping
/// the rest, and the controls the template draws above and below the list.
struct ListRequest<Show: RawRepresentable & CaseIterable & Equatable>: Sendable
where Show.RawValue == String, Show: Sendable {
    static var pageSize: Int { 50 }

    let path: String
    let q: String
    let show: Show
    let defaultShow: Show
    let page: Int

    init(_ req: Request, path: String, default defaultShow: Show) {
        self.path = path
        self.defaultShow = defaultShow
        q = String(((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespaces).prefix(200))
        show = (try? req.query.get(String.self, at: "visa")).flatMap(Show.init(rawValue:)) ?? defaultShow
        page = max(1, min((try? req.query.get(Int.self, at: "sida")) ?? 1, 100_000))
    }

    init(path: String, q: String = "", show: Show, default defaultShow: Show, page: Int = 1) {
        (self.path, self.q, self.show, self.defaultShow, self.page) = (path, q, show, defaultShow, page)
    }

    /// The rows of the page asked for.
    var range: Range<Int> { ((page - 1) * Self.pageSize)..<(page * Self.pageSize) }

    func lastPage(total: Int) -> Int { max(1, (total + Self.pageSize - 1) / Self.pageSize) }

    /// This list's address with the search kept, `show` and `page` as given, at `other` (an export).
    func url(show: Show? = nil, page: Int = 1, path other: String? = nil, format: String? = nil) -> String {
        var query: [String] = []
        if !q.isEmpty { query.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        let shown = show ?? self.show
        if shown != defaultShow { query.append("visa=\(shown.rawValue)") }
        if page > 1 { query.append("sida=\(page)") }
        if let format { query.append("format=\(format)") }
        return (other ?? path) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// The search form, the filters (labelled `\(keys)show.\(rawValue)`), the count and the pages.
    /// `keys` is the catalogue prefix of the list: `….search`, `….showLabel`, `….count` and
    /// `….matches` (the count of a search) are read under it.
    func controls(total: Int, keys: String, t: Translator) -> ListControls {
        ListControls(
            action: path, searchLabel: t(keys + "search"), query: q,
            show: show == defaultShow ? nil : show.rawValue,
            filtersLabel: t(keys + "showLabel"),
            filters: Show.allCases.count < 2 ? [] : Show.allCases.map {
                .init(label: t(keys + "show.\($0.rawValue)"), url: url(show: $0), current: $0 == show)
            },
            countText: t(q.isEmpty ? keys + "count" : keys + "matches", String(total)),
            pages: PageLink.around(page: page, lastPage: lastPage(total: total), t: t) { url(page: $0) })
    }
}

/// The controls of a list (`partials/list-controls` above it, `partials/pagination` under it).
struct ListControls: Encodable, Sendable {
    struct Filter: Encodable, Sendable { let label: String; let url: String; let current: Bool }
    let action: String
    let searchLabel: String
    let query: String
    /// The filter to keep when searching; nil for the list's default.
    let show: String?
    let filtersLabel: String
    let filters: [Filter]
    let countText: String
    let pages: [PageLink]
}

/// A search in a text column: lower case on both sides, and every letter outside ASCII (å, ä, ö)
/// a one-letter wildcard, since SQLite's `lower` leaves those as they are. "årsmöte" finds
/// "Årsmöte" on SQLite and PostgreSQL alike (and "Arsmote", which does no harm).
enum ListSearch {
    static func pattern(_ q: String) -> String {
        var out = "%"
        for ch in q.lowercased() {
            switch ch {
            case "\\", "%", "_": out += "\\\(ch)"
            case _ where ch.isASCII: out.append(ch)
            default: out += "_"
            }
        }
        return out + "%"
    }

    /// `table.search_text LIKE pattern`: the organisation's folded search text (no case, no diacritics).
    static func folded(_ table: String, _ q: String) -> DatabaseQuery.Filter {
        .sql(embed: "\(ident: table).\(ident: "search_text") LIKE \(bind: CataloguePage.likePattern(q)) ESCAPE '\\'")
    }

    /// `lower(table.column) LIKE pattern`, with the backslash as escape on both databases.
    static func contains(_ table: String, _ column: String, _ q: String) -> DatabaseQuery.Filter {
        .sql(embed: "lower(\(ident: table).\(ident: column)) LIKE \(bind: pattern(q)) ESCAPE '\\'")
    }
}
