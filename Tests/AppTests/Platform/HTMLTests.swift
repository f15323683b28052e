@testable import App
import Fluent
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Pages written as bytes (`HTML`) escape what Leaf escapes and share Leaf's layout.
@Suite struct HTMLTests {
    @Test func textAndAttributesEscapeWhatLeafEscapes() {
        let hostile = #"<script>alert('x')</script> & "Å""#
        var h = HTML()
        h.text(hostile)
        h.attribute("title", hostile)
        #expect(h.string == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Å&quot;"
            + #" title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Å&quot;""#)
        #expect(hostile.htmlEscaped() == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Å&quot;")
    }

    @Test func aHostileNameInTheCatalogueIsShownAsText() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "eslov")
            let o = Organisation()
            o.$municipality.id = try m.requireID()
            o.name = #"<img src=x onerror="alert(1)"> Förening"#
            o.description = "<b>fet</b> & 'citerad'"
            o.legalForm = .ideellForening
            o.status = .approved
            o.searchText = SearchText.fold(o.name)
            try await o.create(on: app.db)
            let page = try await Client(app).get("/eslov/foreningar?q=%3Cimg")
            #expect(page.status == .ok)
            #expect(page.text.contains("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Förening"))
            #expect(page.text.contains("&lt;b&gt;fet&lt;/b&gt; &amp; &#39;citerad&#39;"))
            #expect(!page.text.contains("<img src=x"))
            #expect(page.text.components(separatedBy: "<img").count - 1 == 1, "only the logo in the header is a picture")
            #expect(page.text.contains(#"value="&lt;img""#), "the search box keeps the query, escaped")
        }
    }

    /// The catalogue (written as bytes) and the agreement (a Leaf template) share one layout: the
    /// same header, navigation and footer, the current page marked in each.
    @Test func pagesFromLeafAndFromTheWriterHaveTheSameLayout() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let catalogue = try await client.get("/orebro/foreningar").text
            let agreement = try await client.get("/orebro/overenskommelse").text
            func header(_ page: String) -> String {
                String(page[page.range(of: "<header")!.lowerBound..<page.range(of: "</header>")!.upperBound])
                    .replacingOccurrences(of: #" aria-current="page""#, with: "")
                    .replacingOccurrences(of: "/foreningar?lang=", with: "/overenskommelse?lang=")
            }
            #expect(header(catalogue) == header(agreement))
            #expect(catalogue.hasPrefix("<!doctype html>\n<html lang=\"sv\" dir=\"ltr\">"))
            #expect(catalogue.contains(#"<a href="/orebro/foreningar" aria-current="page">"#))
            for page in [catalogue, agreement] {
                #expect(page.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</footer>\n</body>\n</html>"))
            }
        }
    }
}

/// A form that failed opens at its error summary (issue 12, item 5).
@Suite struct FailedFormTests {
    @Test func theTitleSaysSoAndTheSummaryTakesTheFocus() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let form = try await client.get("/orebro/foreningar/registrera")
            #expect(form.text.contains("<title>Registrera"), "a form not yet sent has its plain title")
            #expect(!form.text.contains("error-summary"))
            // The fields about the person filling in the form say what a browser may fill in (WCAG 1.3.5).
            for (name, token) in [("personName", "name"), ("personEmail", "email"), ("password", "new-password"), ("name", "organization")] {
                #expect(form.text.contains(#"name="\#(name)""#) && form.text.range(of: #"name="\#(name)"[^>]*autocomplete="\#(token)""#, options: .regularExpression) != nil, "\(name)")
            }
            let failed = try await client.post("/orebro/foreningar/registrera", [("personName", ""), ("personEmail", "x")])
            #expect(failed.status == .unprocessableEntity)
            #expect(failed.text.contains("<title>Fel: Registrera"))
            #expect(failed.text.contains(#"id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus"#))
            let english = try await client.post("/orebro/foreningar/registrera?lang=en", [("personName", "")])
            #expect(english.text.contains("<title>Error: "))
        }
    }
}
