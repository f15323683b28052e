@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// News to the sector: the coordinator writes, the public reads the list, the article and the
/// Atom feed; drafts and future dates stay hidden; Markdown never lets HTML through.
@Suite struct NewsTests {
    let image = SimplePNG.solid(width: 8, height: 5)

    func fields(title: String, body: String = "Text om bidraget.", status: String = "published", on day: String? = nil,
                _ app: Application) -> [(String, String)] {
        [("title", title), ("summary", "Kort om \(title)."), ("body", body), ("imageAlt", "En blå ruta"),
         ("publishOn", day ?? app.clock.today.description), ("status", status)]
    }

    @Test func aCoordinatorPublishesNewsThatThePublicReadsAndSubscribesTo() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            #expect(try await coordinator.get("/admin/orebro/aktuellt").text.contains("Tyck till om nästa handlingsplan"), "the demo's draft")
            let form = try await coordinator.get("/admin/orebro/aktuellt/ny")
            #expect(form.status == .ok && form.text.contains(#"enctype="multipart/form-data""#))

            // Without an image, or with a text file called bild.png, nothing is saved and the text is kept.
            let noImage = try await coordinator.postMultipart("/admin/orebro/aktuellt", fields(title: "Nytt startbidrag", app), files: [])
            #expect(noImage.status == .unprocessableEntity && noImage.text.contains("Välj en bild.") && noImage.text.contains("Text om bidraget."))
            let notImage = try await coordinator.postMultipart("/admin/orebro/aktuellt", fields(title: "Nytt startbidrag", app),
                                                               files: [("image", "bild.png", "image/png", Array("GIF89a".utf8))])
            #expect(notImage.text.contains("inte en PNG- eller JPEG-bild"))
            let html = try await coordinator.postMultipart("/admin/orebro/aktuellt",
                                                           fields(title: "Nytt startbidrag", body: "Hej\n<script>alert(1)</script>", app),
                                                           files: [("image", "bild.png", "image/png", image)])
            #expect(html.status == .unprocessableEntity && html.text.contains("Rad 2 innehåller HTML"))
            let script = try await coordinator.postMultipart("/admin/orebro/aktuellt",
                                                             fields(title: "Nytt startbidrag", body: "[Klicka](javascript:alert(1))", app),
                                                             files: [("image", "bild.png", "image/png", image)])
            #expect(script.status == .unprocessableEntity && script.text.contains("javascript:alert(1)"))
            #expect(try await Article.query(on: app.db).filter(\.$title == "Nytt startbidrag").count() == 0)

            let body = "## Så söker ni\n\nSök **senast 15 mars**.\n\n- Läs [villkoren](/orebro/stod)\n- Skicka ansökan"
            let created = try await coordinator.postMultipart("/admin/orebro/aktuellt", fields(title: "Nytt startbidrag för föreningar", body: body, app),
                                                              files: [("image", "bild.png", "image/png", image)])
            #expect(created.status == .seeOther)
            let article = try #require(try await Article.query(on: app.db).filter(\.$title == "Nytt startbidrag för föreningar").first())
            #expect(article.slug == "nytt-startbidrag-for-foreningar" && article.imageWidth == 8)

            let list = try await Client(app).get("/orebro/aktuellt")
            #expect(list.text.contains("Nytt startbidrag för föreningar") && list.text.contains(#"alt="En blå ruta""#))
            #expect(!list.text.contains("Tyck till om nästa handlingsplan"), "a draft is not public")
            let page = try await Client(app).get("/orebro/aktuellt/nytt-startbidrag-for-foreningar")
            #expect(page.text.contains("<h2>Så söker ni</h2>") && page.text.contains("<strong>senast 15 mars</strong>"))
            #expect(page.text.contains(#"<a href="/orebro/stod">villkoren</a>"#))
            let picture = try await Client(app).get(NewsController.imageURL(try await Fixture.municipality(app, "orebro"), article))
            #expect(picture.status == .ok && Array(picture.body.readableBytesView) == image)
            #expect(try await Client(app).get("/eslov/aktuellt/nytt-startbidrag-for-foreningar").status == .notFound)

            // The feed is Atom with the article, its text escaped.
            let feed = try await Client(app).get("/orebro/aktuellt.atom")
            #expect(feed.headers.first(name: .contentType)?.hasPrefix("application/atom+xml") == true)
            #expect(feed.text.hasPrefix("<?xml") && feed.text.contains("<title>Nytt startbidrag för föreningar</title>"))
            #expect(feed.text.contains("&lt;h2&gt;Så söker ni&lt;/h2&gt;"))

            // The same title again gets an address of its own; a change keeps the address.
            let again = try await coordinator.postMultipart("/admin/orebro/aktuellt", fields(title: "Nytt startbidrag för föreningar", app),
                                                            files: [("image", "bild.png", "image/png", image)])
            #expect(again.status == .seeOther)
            #expect(try await Article.query(on: app.db).filter(\.$slug == "nytt-startbidrag-for-foreningar-2").count() == 1)
            let edited = try await coordinator.postMultipart("/admin/orebro/aktuellt/\(article.id!)",
                                                             fields(title: "Startbidraget: nya datum", body: body, app), files: [])
            #expect(edited.status == .seeOther)
            let changed = try #require(try await Article.find(article.id, on: app.db))
            #expect(changed.title == "Startbidraget: nya datum" && changed.slug == article.slug && changed.imageStoredName == article.imageStoredName)

            // Set for a later day, it appears that day.
            let later = app.clock.today.adding(days: 3).description
            try await coordinator.postMultipart("/admin/orebro/aktuellt", fields(title: "Kommande kurs", on: later, app),
                                                files: [("image", "bild.png", "image/png", image)])
            #expect(!(try await Client(app).get("/orebro/aktuellt").text.contains("Kommande kurs")))
            app.clock.advance(by: 3 * 86_400)
            #expect(try await Client(app).get("/orebro/aktuellt").text.contains("Kommande kurs"))

            // Removed after a confirmation, with its image.
            try await coordinator.login(Demo.coordinator("orebro"))
            let ask = try await coordinator.post("/admin/orebro/aktuellt/\(article.id!)/ta-bort")
            #expect(ask.status == .ok)
            #expect(try await Article.find(article.id, on: app.db) != nil)
            #expect(try await coordinator.post("/admin/orebro/aktuellt/\(article.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await Article.find(article.id, on: app.db) == nil)
            #expect(!FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: article.imageStoredName)))
        }
    }

    @Test func onlyTheMunicipalitysCoordinatorWritesItsNews() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let article = try #require(try await Article.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            for email in [Demo.representative("boras"), Demo.officer("boras"), Demo.coordinator("eslov")] {
                let someone = Client(app)
                try await someone.login(email)
                #expect(try await someone.get("/admin/boras/aktuellt").status == .forbidden, "\(email)")
                #expect(try await someone.postMultipart("/admin/boras/aktuellt/\(article.id!)", fields(title: "Intrång", app), files: []).status == .forbidden)
                #expect(try await someone.post("/admin/boras/aktuellt/\(article.id!)/ta-bort", [("confirmed", "1")]).status == .forbidden)
            }
            #expect(try #require(try await Article.find(article.id, on: app.db)).title != "Intrång")
            // Another municipality's coordinator cannot reach it through their own address either.
            let eslov = Client(app)
            try await eslov.login(Demo.coordinator("eslov"))
            #expect(try await eslov.get("/admin/eslov/aktuellt/\(article.id!)").status == .notFound)
        }
    }

    @Test func theNewsListRunsTwoQueriesWhateverItsLength() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func queries() async throws -> (Int, Int) {
                let (db, log) = try await QueryLog.database(app)
                log.reset()
                let page = try await NewsController.listPage(db, m, page: 1, today: app.clock.today, t: t, chrome: .plain)
                return (log.count, page.items?.count ?? 0)
            }
            let (few, shown) = try await queries()
            #expect(shown == 2, "the demo's two published")
            let sample = try #require(try await Article.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            for n in 0..<30 {
                let a = Article()
                a.$municipality.id = m.id!
                a.slug = "nyhet-\(n)"
                a.title = "Nyhet \(n)"
                a.summary = "Kort."
                a.body = "Text."
                a.imageStoredName = sample.imageStoredName
                a.imageContentType = sample.imageContentType
                a.imageSHA256 = sample.imageSHA256
                a.imageWidth = 1
                a.imageHeight = 1
                a.imageAlt = "Bild"
                a.publishOn = app.clock.today.description
                a.status = .published
                try await a.create(on: app.db)
            }
            let (many, page) = try await queries()
            #expect(few == many && many == 2)
            #expect(page == NewsController.pageSize)
        }
    }
}
