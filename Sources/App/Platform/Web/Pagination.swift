/// A link of a list's page navigation: a page number, "previous", "next" or a gap ("…").
struct PageLink: Sendable, Equatable, Encodable {
    let label: String
    /// Nil for the current page and for a gap.
    let url: String?
    let current: Bool

    /// Previous, the first and last pages, two pages either side of `page`, gaps between, next.
    /// Empty when everything fits on one page.
    static func around(page: Int, lastPage: Int, t: Translator, url: (Int) -> String) -> [PageLink] {
        guard lastPage > 1 else { return [] }
        var links: [PageLink] = []
        if page > 1 { links.append(.init(label: t("catalogue.previous"), url: url(page - 1), current: false)) }
        // A page past the end (an old link to a list that shrank) still gets the last pages.
        let lower = max(1, min(page, lastPage) - 2)
        let window = Set([1, lastPage] + Array(lower...max(lower, min(lastPage, page + 2))))
        var previous = 0
        for n in window.sorted() {
            if n > previous + 1 { links.append(.init(label: "…", url: nil, current: false)) }
            links.append(.init(label: String(n), url: n == page ? nil : url(n), current: n == page))
            previous = n
        }
        if page < lastPage { links.append(.init(label: t("catalogue.next"), url: url(page + 1), current: false)) }
        return links
    }
}

extension HTML {
    /// The page navigation under a list; nothing when there is one page.
    mutating func pagination(_ links: [PageLink], t: Translator) {
        guard !links.isEmpty else { return }
        raw("\n<nav")
        attribute("aria-label", t("nav.pages"))
        raw(" class=\"pagination\">\n  <ul>")
        for link in links {
            raw("<li>")
            if let url = link.url {
                self.link(url, link.label)
            } else {
                raw(link.current ? "<span aria-current=\"page\">" : "<span>")
                text(link.label)
                raw("</span>")
            }
            raw("</li>")
        }
        raw("</ul>\n</nav>\n")
    }
}
