@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The municipality's logo: uploaded by its coordinator, checked by its structure, kept outside
/// the web root, shown in the header of every page of the municipality.
@Suite struct LogoTests {
    private func upload(_ client: Client, _ slug: String, _ bytes: [UInt8], name: String = "logo.png",
                        type: String = "image/png") async throws -> TestingHTTPResponse {
        try await client.postMultipart("/admin/\(slug)/webbplatsen/logotyp", [], files: [("logo", name, type, bytes)])
    }

    @Test func everyDemoMunicipalityShowsItsLogoBesideItsName() async throws {
        try await withTestApp { app in
            for m in try await Municipality.query(on: app.db).all() {
                let page = try await Client(app).get("/\(m.slug)")
                let src = try #require(LogoController.url(m))
                #expect(page.text.contains(#"<a class="current-municipality" href="/\#(m.slug)"><img src="\#(src)" alt="" width="96" height="96">\#(m.name)</a>"#))
                let logo = try await Client(app).get(src)
                #expect(logo.status == .ok)
                #expect(logo.headers.contentType == .png)
                #expect(ImageCheck.inspect(Array(logo.body.readableBytesView))?.width == 96)
            }
        }
    }

    @Test func theCoordinatorReplacesTheLogoAndEveryPageFollows() async throws {
        try await withTestApp { app in
            // A cached page must show the new logo at once.
            _ = try await Client(app).get("/orebro/overenskommelse")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let form = try await coordinator.get("/admin/orebro/webbplatsen/logotyp")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"enctype="multipart/form-data""#))
            #expect(form.text.contains(#"accept="image/png,image/jpeg""#))
            #expect(try await coordinator.get("/admin/orebro/webbplatsen").text.contains(#"href="/admin/orebro/webbplatsen/logotyp""#))

            let before = try await Fixture.municipality(app, "orebro")
            let png = SimplePNG.solid(width: 240, height: 80)
            let saved = try await upload(coordinator, "orebro", png, name: "Örebro logga.png")
            #expect(saved.status == .seeOther)
            let after = try await Fixture.municipality(app, "orebro")
            #expect(after.logoWidth == 240 && after.logoHeight == 80 && after.logoContentType == "image/png")
            let src = try #require(LogoController.url(after))
            #expect(src != LogoController.url(before))
            // The old file is gone from the store, the new one is there under a name the server made.
            let store = FileStore(app: app)
            #expect(!FileManager.default.fileExists(atPath: store.path(storedName: before.logoStoredName!)))
            #expect(after.logoStoredName!.hasSuffix(".bin") && !after.logoStoredName!.contains("Örebro"))
            let page = try await Client(app).get("/orebro/overenskommelse")
            #expect(page.text.contains(#"<img src="\#(src)" alt="" width="240" height="80">"#))
            let logo = try await Client(app).get(src)
            #expect(Array(logo.body.readableBytesView) == png)
            #expect(logo.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(logo.headers.first(name: .cacheControl)?.contains("immutable") == true)
            let etag = try #require(logo.headers.first(name: .eTag))
            #expect(try await Client(app).get(src, headers: ["If-None-Match": etag]).status == .notModified)
        }
    }

    @Test func whatIsNotAPNGOrJPEGIsRefusedWithTheReason() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let before = try await Fixture.municipality(app, "boras").logoSHA256
            let html = Array("<!doctype html><script>alert(document.cookie)</script>".utf8)
            let disguised = try await upload(coordinator, "boras", html)
            #expect(disguised.status == .unprocessableEntity)
            #expect(disguised.text.contains("<title>Fel:"))
            #expect(disguised.text.contains("Filen är inte en PNG- eller JPEG-bild"))
            let svg = Array(#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.utf8)
            #expect(try await upload(coordinator, "boras", svg, name: "logo.svg", type: "image/svg+xml").status == .unprocessableEntity)
            // A real picture with a page behind it is refused too.
            let polyglot = SimplePNG.solid(width: 20, height: 20) + html
            #expect(try await upload(coordinator, "boras", polyglot).status == .unprocessableEntity)
            let huge = try await upload(coordinator, "boras", SimplePNG.solid(width: 2_400, height: 10))
            #expect(huge.text.contains("Bilden är 2400 × 10 bildpunkter"))
            let heavy = try await upload(coordinator, "boras", SimplePNG.solid(width: 420, height: 420))
            #expect(heavy.text.contains("Den får vara högst 500 kB"))
            let nothing = try await upload(coordinator, "boras", [])
            #expect(nothing.text.contains("Välj en bildfil"))
            #expect(try await Fixture.municipality(app, "boras").logoSHA256 == before)
        }
    }

    @Test func onlyTheMunicipalitysCoordinatorChangesIt() async throws {
        try await withTestApp { app in
            let other = Client(app)
            try await other.login(Demo.coordinator("eslov"))
            #expect(try await upload(other, "boras", SimplePNG.solid(width: 10, height: 10)).status == .forbidden)
            let officer = Client(app)
            try await officer.login(Demo.officer("boras"))
            #expect(try await upload(officer, "boras", SimplePNG.solid(width: 10, height: 10)).status == .forbidden)
            #expect(try await Fixture.municipality(app, "boras").logoWidth == 96)
        }
    }

    @Test func removingTheLogoAsksFirst() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let m = try await Fixture.municipality(app, "sodertalje")
            let src = try #require(LogoController.url(m))
            let ask = try await coordinator.post("/admin/sodertalje/webbplatsen/logotyp/ta-bort")
            #expect(ask.status == .ok)
            #expect(ask.text.contains("name=\"confirmed\" value=\"1\""))
            #expect(try await Fixture.municipality(app, "sodertalje").logoStoredName != nil)
            let done = try await coordinator.post("/admin/sodertalje/webbplatsen/logotyp/ta-bort", [("confirmed", "1")])
            #expect(done.status == .seeOther)
            #expect(try await Fixture.municipality(app, "sodertalje").logoStoredName == nil)
            #expect(!FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: m.logoStoredName!)))
            #expect(try await Client(app).get(src).status == .notFound)
            #expect(!(try await Client(app).get("/sodertalje").text.contains("logotyp?v=")))
        }
    }
}
