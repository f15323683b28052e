@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Council members have accounts: the coordinator invites them, and they read the council's
/// material and the draft of a revision, and nothing else behind login.
@Suite struct CouncilMaterialTests {
    @Test func anInvitedCouncilMemberReadsTheMaterialAndTheDraftButChangesNothing() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let form = try await coordinator.get("/admin/sodertalje/konton")
            #expect(form.text.contains(#"<option value="councilMember""#))
            #expect(try await coordinator.post("/admin/sodertalje/konton", [
                ("name", "Sara Ledamot"), ("email", "sara.ledamot@forening.example"), ("role", "councilMember")]).status == .seeOther)
            let mail = try #require(try await Fixture.mail(app, to: "sara.ledamot@forening.example").last)
            let url = try #require(Fixture.link(in: mail, path: "/aktivera-konto/"))
            let path = String(url[url.range(of: "/aktivera-konto/")!.lowerBound...])
            let sara = Client(app)
            #expect(try await sara.get(path).text.contains("Du är inbjuden som ledamot i samrådet i Södertälje kommun"))
            try await sara.post(path, [("newPassword", "saras eget långa lösenord"), ("repeatPassword", "saras eget långa lösenord")])
            #expect(try await sara.login("sara.ledamot@forening.example", password: "saras eget långa lösenord").status == .seeOther)

            // The start page and the menu lead to the material.
            let start = try await sara.get("/admin")
            #expect(start.text.contains(#"href="/admin/sodertalje/samrad/material""#))
            let material = try await sara.get("/admin/sodertalje/samrad/material")
            #expect(material.status == .ok)
            #expect(material.text.contains("Ledamöter") && material.text.contains("Kommande möten") && material.text.contains("Tidigare möten"))
            #expect(material.text.contains("Samrådet gick igenom årets aktiviteter"), "the minutes of a past meeting")
            #expect(material.text.contains("Dagordning"))
            #expect(material.text.contains("mailto:\(Demo.representative("sodertalje"))"), "members reach each other")
            #expect(!material.text.contains("Utkast till reviderad överenskommelse"), "no revision yet")

            // The coordinator starts a revision: the member reads what the draft changes.
            try await coordinator.post("/admin/sodertalje/revision")
            let withDraft = try await sara.get("/admin/sodertalje/samrad/material").text
            #expect(withDraft.contains("Version 2 håller på att skrivas"))
            let compare = try await sara.get("/admin/sodertalje/version/2/jamfor")
            #expect(compare.status == .ok)
            #expect(compare.text.contains("Tillbaka till samrådets material"))

            // Nothing else: not the editor, not the accounts, not another municipality's material.
            for refused in ["/admin/sodertalje/version/2", "/admin/sodertalje/konton", "/admin/sodertalje/samrad",
                            "/admin/sodertalje/moten", "/admin/sodertalje/foreningar", "/admin/botkyrka/samrad/material"] {
                #expect(try await sara.get(refused).status == .forbidden, "\(refused)")
            }
            #expect(try await sara.post("/admin/sodertalje/version/2/kasta", [("confirmed", "1")]).status == .forbidden)
            // Staff read it too; a representative (even one who sits on the council) does not.
            #expect(try await coordinator.get("/admin/sodertalje/samrad/material").status == .ok)
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.get("/admin/sodertalje/samrad/material").status == .ok)
            let representative = Client(app)
            try await representative.login(Demo.representative("sodertalje"))
            #expect(try await representative.get("/admin/sodertalje/samrad/material").status == .forbidden)
        }
    }

    @Test func eachDemoMunicipalityHasACouncilMemberAccount() async throws {
        try await withTestApp { (app: Application) async throws in
            for slug in ["botkyrka", "boras", "orebro", "sodertalje", "eslov"] {
                let member = Client(app)
                #expect(try await member.login(Demo.councilMember(slug)).status == .seeOther)
                #expect(try await member.get("/admin/\(slug)/samrad/material").status == .ok, "\(slug)")
            }
        }
    }
}
