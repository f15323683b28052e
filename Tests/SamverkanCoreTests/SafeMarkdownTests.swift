import SamverkanCore
import Testing

@Suite struct SafeMarkdownTests {
    @Test func theSubsetRendersHeadingsListsQuotesEmphasisAndLinks() {
        let text = """
            ## Nytt bidrag

            Föreningar kan nu söka **startbidrag** för *nya* verksamheter.
            Sista dag är 15 mars.

            - Ansök i e-tjänsten
            - Läs [villkoren](https://kommun.example/villkor)

            1. Fyll i
            2. Skicka

            > Ett citat
            ### Kontakt
            Skriv till [oss](mailto:bidrag@kommun.example) eller läs [mer](/orebro/stod).
            """
        #expect(SafeMarkdown.html(text) == """
            <h2>Nytt bidrag</h2>
            <p>Föreningar kan nu söka <strong>startbidrag</strong> för <em>nya</em> verksamheter.<br>Sista dag är 15 mars.</p>
            <ul><li>Ansök i e-tjänsten</li><li>Läs <a href="https://kommun.example/villkor">villkoren</a></li></ul>
            <ol><li>Fyll i</li><li>Skicka</li></ol>
            <blockquote><p>Ett citat</p></blockquote>
            <h3>Kontakt</h3>
            <p>Skriv till <a href="mailto:bidrag@kommun.example">oss</a> eller läs <a href="/orebro/stod">mer</a>.</p>
            """)
        #expect(SafeMarkdown.problems(text).isEmpty)
    }

    @Test func rawHTMLAndScriptLinksAreRefusedAndNeverRendered() {
        let text = "Hej <script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[klicka](javascript:alert(1)) och [här](//elak.example)\n<!-- dolt -->"
        #expect(SafeMarkdown.problems(text) == [
            .rawHTML(line: 1), .rawHTML(line: 2), .unsafeLink(line: 3, target: "javascript:alert(1)"),
            .unsafeLink(line: 3, target: "//elak.example"), .rawHTML(line: 4),
        ])
        let html = SafeMarkdown.html(text)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:") && !html.contains("<!--"))
        #expect(html.contains("&lt;script&gt;"))
        // The link text stays, without the link.
        #expect(html.contains("<p>Hej &lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;img src=x onerror=alert(1)&gt;<br>klicka och här<br>"))
    }

    @Test func aComparisonOrASnakeCaseNameIsNotMarkup() {
        #expect(SafeMarkdown.problems("Fler än 3 < 5 och 5 > 3").isEmpty)
        #expect(SafeMarkdown.html("Fler än 3 < 5") == "<p>Fler än 3 &lt; 5</p>")
        #expect(SafeMarkdown.html("fil_namn_med_streck och 2 * 3 * 4") == "<p>fil_namn_med_streck och 2 * 3 * 4</p>")
        #expect(SafeMarkdown.html("\"citat\" & 'enkla'") == "<p>&quot;citat&quot; &amp; &#39;enkla&#39;</p>")
    }
}
