@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct TrustTests {
    @Test func everyMunicipalityPageLinksItsStatementsAndContact() async throws {
        try await withTestApp { app in
            let page = try await Client(app).get("/boras/moten")
            #expect(page.text.contains(#"<a href="/boras/tillganglighet">Tillgänglighet</a>"#))
            #expect(page.text.contains(#"<a href="/boras/personuppgifter">Personuppgifter</a>"#))
            #expect(page.text.contains("overenskommelsen@boras.samverkan.example"))
            let accessibility = try await Client(app).get("/boras/tillganglighet")
            #expect(accessibility.status == .ok)
            #expect(accessibility.text.contains("delvis förenlig med lagen"))
            #expect(accessibility.text.contains("Digg"))
            #expect(accessibility.text.contains(#"<a href="mailto:overenskommelsen@boras.samverkan.example">"#))
            let privacy = try await Client(app).get("/eslov/personuppgifter")
            #expect(privacy.text.contains("Personuppgiftsansvarig för webbplatsen är Kommunstyrelsen i Eslövs kommun."))
            #expect(privacy.text.contains("tas bort efter 24 timmar"))
            #expect(privacy.text.contains("Integritetsskyddsmyndigheten"))
            // The forms that collect personal data say why and link to the notice.
            let register = try await Client(app).get("/boras/foreningar/registrera")
            #expect(register.text.contains(#"class="privacy-note""#))
            #expect(register.text.contains(#"<a href="/boras/personuppgifter">"#))
            let meeting = try await Fixture.meeting(app, "boras", days: 12)
            #expect(try await Client(app).get("/boras/moten/\(meeting.id!)").text.contains(#"<a href="/boras/personuppgifter">"#))
        }
    }

    @Test func theCoordinatorEditsThemAndEveryPageAndMailFollows() async throws {
        try await withTestApp { app in
            // The statement is a cached public page; the edit below must show at once all the same.
            _ = try await Client(app).get("/orebro/tillganglighet")
            #expect(try await Client(app).get("/orebro/tillganglighet").headers.first(name: "X-Page-Cache") == "hit")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let form = try await coordinator.get("/admin/orebro/webbplatsen")
            #expect(form.status == .ok)
            #expect(form.text.contains("delvis förenlig med lagen"), "the default is filled in to edit")
            // An address with a line break is refused, and nothing is saved.
            let bad = try await coordinator.post("/admin/orebro/webbplatsen", [("contactEmail", "a@b.se\r\nBcc: x@evil.example")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.hasPrefix("<!doctype html>"))
            let saved = try await coordinator.post("/admin/orebro/webbplatsen", [
                ("contactName", "Kontaktcenter"), ("contactEmail", "kontakt@orebro.example"), ("contactPhone", "019-21 10 00"),
                ("contactAddress", "Box 1\n701 11 Örebro"), ("accessibilityStatement", "Vår egen redogörelse.\n\nAndra stycket."),
                ("accessibilityReviewedOn", "2026-11-30"), ("privacyNotice", "")])
            #expect(saved.status == .seeOther)
            let after = try await Client(app).get("/orebro/tillganglighet")
            #expect(after.text.contains("<p>Vår egen redogörelse.</p><p>Andra stycket.</p>"))
            #expect(after.text.contains("Redogörelsen granskades senast 2026-11-30."))
            #expect(after.text.contains("Box 1<br>701 11 Örebro<br>"))
            // Every page shows the new contact at once (the cached ones too).
            #expect(try await Client(app).get("/orebro/tillganglighet").text.contains("Kontaktcenter, kontakt@orebro.example, 019-21 10 00"))
            // An empty notice falls back to the default text.
            #expect(try await Client(app).get("/orebro/personuppgifter").text.contains("Integritetsskyddsmyndigheten"))
            // Mail of the municipality is signed with its name and contact.
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            try await Fixture.residentRegisters(app, Client(app), "orebro", meeting, name: "Sam", email: "sam@exempel.se")
            let mail = try #require(try await Fixture.mail(app, to: "sam@exempel.se").last)
            #expect(mail.body.contains("Hälsningar\nÖrebro kommun\nKontaktcenter, kontakt@orebro.example, 019-21 10 00"))
            // Only the coordinator edits them.
            let officer = Client(app)
            try await officer.login(Demo.officer("orebro"))
            #expect(try await officer.get("/admin/orebro/webbplatsen").status == .forbidden)
        }
    }

    @Test func aColourOfTheMunicipalitysOwnIsContrastChecked() async throws {
        try await withTestApp { app in
            // Borås's demo colour is in every page's head, as a stylesheet of its own.
            let boras = try await Client(app).get("/boras/moten")
            #expect(boras.text.contains(#"<link rel="stylesheet" href="/boras/farg.css?v=7a1f3d">"#))
            let css = try await Client(app).get("/boras/farg.css?v=7a1f3d")
            #expect(css.headers.contentType?.subType == "css")
            #expect(css.text == ":root { --brand: #7a1f3d; --brand-dark: #5b172d; }\n")
            #expect(!(try await Client(app).get("/orebro/moten").text.contains("farg.css")))

            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let yellow = try await coordinator.post("/admin/orebro/webbplatsen", [("accentColour", "#ffd700")])
            #expect(yellow.status == .unprocessableEntity)
            #expect(yellow.text.contains("Färgen har kontrasten 1,4:1 mot vitt."))
            let word = try await coordinator.post("/admin/orebro/webbplatsen", [("accentColour", "röd")])
            #expect(word.text.contains("Skriv färgen som # och sex tecken"))
            #expect(try await coordinator.post("/admin/orebro/webbplatsen", [("accentColour", "#1D4E89")]).status == .seeOther)
            #expect(try await Client(app).get("/orebro/moten").text.contains("/orebro/farg.css?v=1d4e89"))
        }
    }

}
