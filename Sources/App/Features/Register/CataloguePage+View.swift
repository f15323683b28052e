import Vapor

/// The catalogue written as bytes rather than through Leaf: a visitor's first catalogue page spent
/// most of its time in Leaf's serializer (docs/performance.md, decision 7).
extension CataloguePage {
    func render(_ t: Translator) -> View {
        var h = HTML()
        h.page(chrome) { h in
            h.raw("<h1>")
            h.text(chrome.title)
            h.raw("</h1>\n<p class=\"lead\">")
            h.text(t("catalogue.intro"))
            h.raw("</p>\n<p>")
            h.link(registerURL, t("catalogue.register"))
            h.raw("</p>\n<form method=\"get\" class=\"filter\" role=\"search\"")
            h.attribute("aria-label", t("catalogue.searchLabel"))
            h.raw(">\n  <div class=\"field\">\n    <label for=\"q\">")
            h.text(t("catalogue.query"))
            h.raw("</label>\n    <input id=\"q\" name=\"q\" type=\"search\"")
            h.attribute("value", query)
            h.raw(" maxlength=\"100\">\n  </div>\n")
            let selects: [(name: String, label: String, options: [Option])] = [
                ("omrade", "org.field.areas", areas),
                ("form", "org.field.legalForm", legalForms),
                ("distrikt", "org.field.district", districts),
                ("undertecknat", "catalogue.signed", signedOptions),
            ]
            for select in selects {
                h.raw("  <div class=\"field\">\n    <label")
                h.attribute("for", select.name)
                h.raw(">")
                h.text(t(select.label))
                h.raw("</label>\n    <select")
                h.attribute("id", select.name)
                h.attribute("name", select.name)
                h.raw(">")
                h.options(select.options)
                h.raw("</select>\n  </div>\n")
            }
            h.raw("  <button type=\"submit\">")
            h.text(t("catalogue.search"))
            h.raw("</button>\n</form>\n<p class=\"meta\" role=\"status\">")
            h.text(summary)
            h.raw("</p>\n")
            if rows.isEmpty {
                h.raw("<p>")
                h.text(t("catalogue.none"))
                h.raw("</p>\n")
            } else {
                h.raw("<ul class=\"org-list\">\n")
                let badge = t("catalogue.isSignatory")
                for row in rows { h.catalogueRow(row, badge: badge) }
                h.raw("</ul>\n")
            }
            h.pagination(pages, t: t)
        }
        return h.view
    }
}

extension HTML {
    fileprivate mutating func catalogueRow(_ r: CataloguePage.Row, badge: String) {
        raw("  <li class=\"org\">\n    <h2>")
        link(r.url, r.name)
        raw("</h2>\n    <p class=\"meta\">")
        text(r.legalForm)
        if let district = r.district {
            raw(" · ")
            text(district)
        }
        if let areas = r.areas {
            raw(" · ")
            text(areas)
        }
        if r.signed {
            raw(" · <span class=\"badge\">")
            text(badge)
            raw("</span>")
        }
        raw("</p>\n")
        if let summary = r.summary {
            raw("    <p>")
            text(summary)
            raw("</p>\n")
        }
        raw("  </li>\n")
    }
}
