@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The coordinator keeps the municipality's accounts; the platform administrator creates
/// municipalities and regions: all from the browser.
@Suite struct StaffAdminTests {
    @Test func theCoordinatorInvitesAnOfficerWhoChoosesAPassword() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let page = try await coordinator.get("/admin/boras/konton")
            #expect(page.status == .ok)
            #expect(page.text.contains(Demo.officer("boras")))
            #expect(!page.text.contains(Demo.officer("eslov")), "only the municipality's own accounts")
            #expect(try await coordinator.get("/admin/boras/moten").text.contains(#"href="/admin/boras/konton">Konton</a>"#), "the menu leads here")

            let bad = try await coordinator.post("/admin/boras/konton", [("name", "Ida Handläggare"), ("email", "ida@boras.example\r\nBcc: x@evil.example"),
                                                                         ("role", "officer")])
            #expect(bad.status == .unprocessableEntity)
            let admin = try await coordinator.post("/admin/boras/konton", [("name", "Ida"), ("email", "ida@boras.example"), ("role", "platformAdmin")])
            #expect(admin.status == .unprocessableEntity, "no one is invited as platform administrator")
            let taken = try await coordinator.post("/admin/boras/konton", [("name", "Ida"), ("email", Demo.officer("eslov")), ("role", "officer")])
            #expect(taken.text.contains("Adressen har redan ett konto"))

            let sent = try await coordinator.post("/admin/boras/konton", [("name", "Ida Handläggare"), ("email", "Ida@Boras.example"),
                                                                          ("role", "officer"), ("department", "Kultur och fritid")])
            #expect(sent.status == .seeOther)
            let ida = try #require(try await User.query(on: app.db).filter(\.$email == "ida@boras.example").first())
            #expect(ida.role == .officer && ida.department == "Kultur och fritid" && ida.emailVerifiedAt == nil)
            #expect(try await coordinator.get("/admin/boras/konton?visa=inbjudna").text.contains("ida@boras.example"))
            #expect(try await Client(app).login("ida@boras.example", password: "").status == .unauthorized)

            let mail = try #require(try await Fixture.mail(app, to: "ida@boras.example").last)
            #expect(mail.subject == "Inbjudan till Samverkan i Borås Stad")
            let url = try #require(Fixture.link(in: mail, path: "/aktivera-konto/"))
            let path = String(url[url.range(of: "/aktivera-konto/")!.lowerBound...])
            let invited = Client(app)
            #expect(try await invited.get(path).text.contains("Du är inbjuden som tjänsteperson i Borås Stad"))
            #expect(try await invited.post(path, [("newPassword", "kort"), ("repeatPassword", "kort")]).status == .unprocessableEntity)
            #expect(try await invited.post(path, [("newPassword", "idas eget långa lösenord"), ("repeatPassword", "idas eget långa lösenord")]).status == .seeOther)
            #expect(try await Client(app).login("ida@boras.example", password: "idas eget långa lösenord").status == .seeOther)
            #expect(try await invited.get(path).status == .notFound, "the invitation works once")
        }
    }

    @Test func anAccountIsDeactivatedAfterAConfirmationAndReactivated() async throws {
        try await withTestApp { app in
            let officer = Client(app)
            try await officer.login(Demo.officer("orebro"))
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.officer("orebro")).first())
            let action = "/admin/orebro/konton/\(user.id!)/inaktivera"
            let ask = try await coordinator.post(action)
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Inaktivera kontot för"))
            #expect(try await User.find(user.id, on: app.db)?.deactivatedAt == nil)
            #expect(try await coordinator.post(action, [("confirmed", "1")]).status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.deactivatedAt != nil)
            #expect(try await officer.get("/admin").status == .seeOther, "logged out at once")
            #expect(try await coordinator.get("/admin/orebro/konton?visa=inaktiverade").text.contains(Demo.officer("orebro")))
            #expect(try await coordinator.post("/admin/orebro/konton/\(user.id!)/aktivera").status == .seeOther)
            #expect(try await Client(app).login(Demo.officer("orebro")).status == .seeOther)

            // Not one's own account, not another municipality's, not as an officer.
            let me = try #require(try await User.query(on: app.db).filter(\.$email == Demo.coordinator("orebro")).first())
            #expect(try await coordinator.post("/admin/orebro/konton/\(me.id!)/inaktivera", [("confirmed", "1")]).status == .forbidden)
            let elsewhere = try #require(try await User.query(on: app.db).filter(\.$email == Demo.officer("eslov")).first())
            #expect(try await coordinator.post("/admin/orebro/konton/\(elsewhere.id!)/inaktivera", [("confirmed", "1")]).status == .notFound)
            let other = Client(app)
            try await other.login(Demo.officer("orebro"))
            #expect(try await other.post(action, [("confirmed", "1")]).status == .forbidden)
            #expect(try await User.find(user.id, on: app.db)?.deactivatedAt == nil)
        }
    }

    @Test func theSearchFindsANameWithÅÄÖ() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            try await coordinator.post("/admin/eslov/konton", [("name", "Åsa Öberg"), ("email", "asa@eslov.example"), ("role", "officer")])
            let found = try await coordinator.get("/admin/eslov/konton?q=%C3%A5sa%20%C3%B6berg")
            #expect(found.text.contains("1 konto matchar sökningen"))
            #expect(found.text.contains("asa@eslov.example"))
        }
    }

    @Test func thePlatformAdministratorCreatesARegionAndInvitesItsCoordinator() async throws {
        try await withTestApp { app in
            let admin = Client(app)
            try await admin.login("admin@samverkan.example")
            let page = try await admin.get("/admin/kommuner")
            #expect(page.status == .ok)
            #expect(page.text.contains("Borås Stad"))
            #expect(try await admin.get("/admin").text.contains(#"href="/admin/kommuner""#))
            for (slug, message) in [("boras", "används redan"), ("konto", "används av webbplatsen"), ("kommuner", "används av webbplatsen"),
                                    ("Region Ö", "bara innehålla"), ("-x", "bara innehålla")] {
                let refused = try await admin.post("/admin/kommuner", [("name", "Region Örebro län"), ("slug", slug), ("kind", "region")])
                #expect(refused.status == .unprocessableEntity, "\(slug)")
                #expect(refused.text.contains(message), "\(slug)")
            }
            let created = try await admin.post("/admin/kommuner", [("name", "Region Örebro län"), ("slug", "region-orebro"), ("kind", "region")])
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == "/admin/region-orebro/konton")
            let region = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "region-orebro").first())
            #expect(region.kind == .region)
            #expect(try await Client(app).get("/region-orebro").status == .ok)
            #expect(try await admin.post("/admin/region-orebro/konton", [("name", "Rut Samordnare"), ("email", "rut@region.example"),
                                                                         ("role", "coordinator")]).status == .seeOther)
            let rut = try #require(try await User.query(on: app.db).filter(\.$email == "rut@region.example").first())
            #expect(rut.role == .coordinator && rut.$municipality.id == region.id)

            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            #expect(try await coordinator.get("/admin/kommuner").status == .forbidden)
        }
    }
}
