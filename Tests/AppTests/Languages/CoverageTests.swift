@testable import App
import Fluent
import Foundation
import Testing
import VaporTesting

/// How much of the interface each language has, and that Arabic and Finnish have every text of the
/// public pages and forms: the pages are crawled with a catalogue in which each missing text shows
/// as ⟦its key⟧, so a missing text is found wherever it stands (a heading, a title, an attribute,
/// an error message).
@Suite struct CoverageTests {
    static let publicLanguages: [Language] = Language.allCases.filter { !$0.coversStaffPages }

    /// The catalogue with ⟦key⟧ for every text a language lacks.
    static func revealing(_ catalogue: Catalogue) -> Catalogue {
        var entries = catalogue.entries
        let swedish = catalogue.entries[.sv] ?? [:]
        for language in publicLanguages {
            var own = entries[language] ?? [:]
            for key in swedish.keys where own[key] == nil { own[key] = "⟦\(key)⟧" }
            entries[language] = own
        }
        return Catalogue(entries: entries)
    }

    /// Every address a visitor reaches from the municipality's start page and the site's, the
    /// admin and account pages aside, and the public forms sent empty (their messages).
    static func crawl(_ client: Client, slug: String, language: Language) async throws -> [String: String] {
        var pages: [String: String] = [:]
        var queue = ["/?lang=\(language.rawValue)", "/\(slug)", "/logga-in", "/glomt-losenord", "/skicka-bekraftelse",
                     "/\(slug)/foreningar/registrera", "/\(slug)/kontakt/fraga", "/\(slug)/nyhetsbrev/arkiv"]
        let skipped = [".ics", ".csv", ".pdf", ".atom", ".zip", "/bild", "/logotyp", "farg.css", "/admin", "/konto", "/logga-ut", "lang="]
        while let path = queue.first, pages.count < 160 {
            queue.removeFirst()
            let key = path.hasPrefix("/?lang") ? "/" : path
            guard pages[key] == nil else { continue }
            let response = try await client.get(path)
            guard response.status == .ok, response.headers.contentType?.subType == "html" else { pages[key] = ""; continue }
            pages[key] = response.text
            let regex = try NSRegularExpression(pattern: ##"href="(/[^"#]*)""##)
            let text = response.text
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                var link = String(text[Range(match.range(at: 1), in: text)!]).replacingOccurrences(of: "&amp;", with: "&")
                if let q = link.firstIndex(of: "?"), !link[q...].hasPrefix("?sida=") { link = String(link[..<q]) }
                guard link == "/" || link.hasPrefix("/\(slug)"), !skipped.contains(where: { link.contains($0) }),
                      pages[link] == nil, !queue.contains(link) else { continue }
                queue.append(link)
            }
        }
        // The public forms, sent empty: the page again with a message at each field.
        for form in ["/\(slug)/foreningar/registrera", "/\(slug)/kontakt/fraga", "/\(slug)/nyhetsbrev", "/glomt-losenord", "/logga-in"] {
            try await client.get(form)
            pages["POST " + form] = try await client.post(form, []).text
        }
        if let assignment = pages.keys.first(where: { $0.contains("/frivilliguppdrag/") && !$0.contains("mitt-intresse") }) {
            pages["POST " + assignment] = try await client.post(assignment + "/intresse", []).text
        }
        if let meeting = pages.keys.sorted().first(where: { $0.hasPrefix("/\(slug)/moten/") && pages[$0]?.contains("/anmalan") == true }) {
            pages["POST " + meeting] = try await client.post(meeting + "/anmalan", []).text
        }
        return pages
    }

    /// The pages a resident reaches from the mail after registering for a meeting, offering to
    /// volunteer, subscribing and asking: each with the link of its own.
    /// The mail is written with the whole catalogue (its links must be there); the pages are read
    /// with the revealing one.
    static func mailedPages(_ app: Application, _ client: Client, slug: String, pages: [String: String],
                            full: Catalogue) async throws -> [String: String] {
        let revealing = app.catalogue
        app.catalogue = full
        defer { app.catalogue = revealing }
        var found: [String: String] = [:]
        func visit(_ address: String, _ prefixes: [String]) async throws {
            app.catalogue = revealing
            defer { app.catalogue = full }
            for message in try await Fixture.mail(app, to: address) {
                for prefix in prefixes {
                    if let link = Fixture.link(in: message, path: prefix), found[prefix] == nil {
                        found[prefix] = try await client.get(link).text
                    }
                }
            }
        }
        if let meeting = pages.keys.sorted().first(where: { $0.hasPrefix("/\(slug)/moten/") && pages[$0]?.contains("/anmalan") == true }) {
            try await client.get(meeting)
            try await client.post(meeting + "/anmalan", [("name", "Provläsare"), ("email", "mote.crawl@exempel.se")])
            try await visit("mote.crawl@exempel.se", ["/\(slug)/moten/bekrafta/", "/\(slug)/moten/avbokning/"])
        }
        if let assignment = pages.keys.sorted().first(where: { $0.hasPrefix("/\(slug)/frivilliguppdrag/") && pages[$0]?.contains("/intresse") == true }) {
            try await client.get(assignment)
            try await client.post(assignment + "/intresse", [("name", "Provläsare"), ("email", "uppdrag.crawl@exempel.se"), ("message", "Jag kan.")])
            try await visit("uppdrag.crawl@exempel.se", ["/\(slug)/frivilliguppdrag/mitt-intresse/"])
        }
        try await client.get("/\(slug)/nyhetsbrev")
        try await client.post("/\(slug)/nyhetsbrev", [("email", "brev.crawl@exempel.se"), ("language", "sv")])
        try await visit("brev.crawl@exempel.se", ["/\(slug)/nyhetsbrev/bekrafta/", "/\(slug)/avregistrera/"])
        try await client.get("/\(slug)/kontakt/fraga")
        try await client.post("/\(slug)/kontakt/fraga", [("kind", "question"), ("topic", ""), ("subject", "Lokaler"), ("body", "Var finns lokaler?"),
                                                        ("name", "Provläsare"), ("email", "fraga.crawl@exempel.se")])
        try await visit("fraga.crawl@exempel.se", ["/\(slug)/kontakt/arende/"])
        return found
    }

    @Test(arguments: publicLanguages)
    func everyPublicPageHasEveryTextInTheLanguage(_ language: Language) async throws {
        try await withTestApp { app in
            let full = app.catalogue
            app.catalogue = Self.revealing(full)
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "sodertalje").first())
            m.languages = "sv,en,ar,fi"
            try await m.save(on: app.db)
            let client = Client(app)
            try await client.get("/sodertalje?lang=\(language.rawValue)")
            var pages = try await Self.crawl(client, slug: "sodertalje", language: language)
            let mailed = try await Self.mailedPages(app, client, slug: "sodertalje", pages: pages, full: full)
            #expect(mailed.count >= 4, "the mailed pages reached: \(mailed.keys.sorted())")
            pages.merge(mailed) { first, _ in first }
            #expect(pages.count > 40, "the crawl reached \(pages.count) pages")
            let regex = try NSRegularExpression(pattern: "⟦([a-zA-Z0-9.]+)⟧")
            var missing: [String: Set<String>] = [:]
            for (path, html) in pages {
                for match in regex.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
                    missing[String(html[Range(match.range(at: 1), in: html)!]), default: []].insert(path)
                }
            }
            let own = full.entries[language]?.count ?? 0, all = full.entries[.sv]?.count ?? 0
            print("Coverage \(language.rawValue): \(own) of \(all) texts (\(own * 100 / max(all, 1)) %); \(pages.count) public pages crawled, \(missing.count) texts missing on them")
            #expect(missing.isEmpty, "\(language.rawValue) lacks on public pages: \(missing.keys.sorted().map { "\($0) (\(missing[$0]!.sorted().first!))" })")
        }
    }

    /// Swedish and English have every text; the others at least those of the public pages (above).
    @Test func coveragePerLanguage() throws {
        let catalogue = try Catalogue.load(directory: LocalizationTests.root.appendingPathComponent("Resources/Localization").path)
        let swedish = Set(catalogue.entries[.sv]!.keys)
        for language in Language.allCases {
            let own = Set(catalogue.entries[language]?.keys ?? [:].keys)
            #expect(own.isSubset(of: swedish), "\(language.rawValue) has keys Swedish lacks: \(own.subtracting(swedish).sorted())")
            print("Coverage \(language.rawValue): \(own.count) of \(swedish.count) texts")
            if language.coversStaffPages { #expect(own == swedish) }
        }
    }

    /// A text missing in the language is shown in Swedish and marked as Swedish (WCAG 3.1.2); a
    /// mark never reaches an attribute, a title or mail.
    @Test func aMissingTextFallsBackToSwedishMarkedAsSwedish() async throws {
        try await withTestApp { app in
            var entries = app.catalogue.entries
            entries[.fi]?["agreement.about"] = nil
            entries[.fi]?["layout.skip"] = nil
            app.catalogue = Catalogue(entries: entries)
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "sodertalje").first())
            m.languages = "sv,en,ar,fi"
            try await m.save(on: app.db)
            let client = Client(app)
            let page = try await client.get("/sodertalje/overenskommelse?lang=fi").text
            #expect(page.contains(#"<html lang="fi" dir="ltr">"#))
            #expect(page.contains(#"<h2 id="about"><span lang="sv" data-untranslated>Om överenskommelsen</span></h2>"#))
            #expect(page.contains(#"<span lang="sv" data-untranslated>Hoppa till innehållet</span>"#))
            #expect(!page.unicodeScalars.contains { (0xE000...0xE003).contains($0.value) }, "no mark is left in the page")
            #expect(TextMarks.plain(app.catalogue.text("agreement.about", .fi)) == "Om överenskommelsen")
            #expect(TextMarks.html("<title>\(app.catalogue.text("agreement.about", .fi))</title>") == "<title>Om överenskommelsen</title>")
            #expect(TextMarks.html("<a title=\"\(app.catalogue.text("agreement.about", .fi))\">x</a>") == "<a title=\"Om överenskommelsen\">x</a>")
        }
    }
}
