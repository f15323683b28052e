import Vapor

/// `/api/v1/docs`: the API's description as a page, written from the same descriptions as the
/// OpenAPI document, without scripts or anything from other sites.
enum APIDocsPage {
    static func render(_ req: Request) async throws -> Response {
        let t = req.translator
        var h = HTML(capacity: 65_536)
        h.page(req.chrome(title: t("openData.docs.title"))) { h in
            h.raw("<h1>")
            h.text(t("openData.docs.title"))
            h.raw("</h1>\n<p class=\"lead\">")
            h.text(t("openData.docs.intro"))
            h.raw("</p>\n<ul>\n<li>")
            h.link(SiteURL.apiSpec(), t("openData.docs.spec"))
            h.raw("</li>\n<li>")
            h.link(APILists.municipalities.url(nil), t("openData.docs.start"))
            h.raw("</li>\n</ul>\n<h2>")
            h.text(t("openData.docs.conventions"))
            h.raw("</h2>\n<ul>")
            for key in ["paging", "etag", "cors", "errors", "limit", "times", "language"] {
                h.raw("<li>")
                h.text(t("openData.docs.convention.\(key)", String(APIController.defaultLimit), String(APIController.maxLimit),
                         String(req.application.config.apiPerMinute)))
                h.raw("</li>")
            }
            h.raw("</ul>\n<nav aria-labelledby=\"api-contents\"><h2 id=\"api-contents\">")
            h.text(t("openData.docs.contents"))
            h.raw("</h2><ul>")
            h.raw("<li>")
            h.link("#agreement", "GET /api/v1/municipalities/{kommun}/agreement")
            h.raw("</li>")
            for list in APILists.all {
                h.raw("<li>")
                h.link("#" + list.name, "GET /api/v1" + list.path)
                h.raw("</li>")
            }
            h.raw("</ul></nav>\n")
            section(&h, id: "agreement", path: "/api/v1/municipalities/{kommun}/agreement", summary: "The agreement in force, whole",
                    description: "Principles, commitments, development areas with the action plan, rules and translations. One version: /api/v1/municipalities/{kommun}/agreement/versions/{version}.",
                    filters: [], fields: APIAgreement.fields, csv: nil, t: t)
            for list in APILists.all {
                section(&h, id: list.name, path: "/api/v1" + list.path, summary: list.summary, description: list.description,
                        filters: list.filters, fields: list.fields, csv: "/api/v1" + list.path + ".csv", t: t)
            }
        }
        return try await h.view.encodeResponse(for: req)
    }

    private static func section(_ h: inout HTML, id: String, path: String, summary: String, description: String,
                                filters: [APIFilter], fields: [APIField], csv: String?, t: Translator) {
        h.raw("<section class=\"api-operation\"")
        h.attribute("id", id)
        h.raw(" lang=\"en\">\n<h2><code>GET ")
        h.text(path)
        h.raw("</code></h2>\n<p><strong>")
        h.text(summary)
        h.raw("</strong> ")
        h.text(description)
        h.raw("</p>\n")
        if let csv {
            h.raw("<p>CSV: <code>")
            h.text(csv)
            h.raw("</code></p>\n")
        }
        if !filters.isEmpty {
            h.raw("<div class=\"table-wrap\"><table><caption>")
            h.text(t("openData.docs.filters"))
            h.raw("</caption><thead><tr><th scope=\"col\">")
            h.text(t("openData.docs.name"))
            h.raw("</th><th scope=\"col\">")
            h.text(t("openData.docs.meaning"))
            h.raw("</th></tr></thead><tbody>")
            for f in filters {
                h.raw("<tr><th scope=\"row\"><code>")
                h.text(f.name)
                h.raw("</code></th><td>")
                h.text(f.description)
                h.raw("</td></tr>")
            }
            h.raw("</tbody></table></div>\n")
        }
        h.raw("<div class=\"table-wrap\"><table><caption>")
        h.text(t("openData.docs.fields"))
        h.raw("</caption><thead><tr><th scope=\"col\">")
        h.text(t("openData.docs.name"))
        h.raw("</th><th scope=\"col\">")
        h.text(t("openData.docs.type"))
        h.raw("</th><th scope=\"col\">")
        h.text(t("openData.docs.meaning"))
        h.raw("</th></tr></thead><tbody>")
        for f in fields {
            h.raw("<tr><th scope=\"row\"><code>")
            h.text(f.name)
            h.raw("</code></th><td>")
            h.text(typeName(f.type) + (f.nullable ? " | null" : ""))
            h.raw("</td><td>")
            h.text(f.description)
            h.raw("</td></tr>")
        }
        h.raw("</tbody></table></div>\n</section>\n")
    }

    static func typeName(_ type: APIType) -> String {
        switch type {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .date: "date"
        case .dateTime: "date-time"
        case .uri: "URL"
        case .uuid: "UUID"
        case .choice(let values): values.joined(separator: " | ")
        case .array(let item): "[" + typeName(item) + "]"
        case .object(let fields): "{" + fields.map(\.name).joined(separator: ", ") + "}"
        case .map(let value): "{code: " + typeName(value) + "}"
        }
    }
}
