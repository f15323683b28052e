@testable import App
import Fluent
import SamverkanCore
import Testing
import Vapor
import VaporTesting

@Suite struct RegisterTests {
    @Test func theCatalogueSearchesIgnoringCaseAndDiacritics() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let all = try await client.get("/botkyrka/foreningar")
            #expect(all.status == .ok)
            #expect(all.text.contains("7 föreningar."), "the pending registration is not listed")
            let found = try await client.get("/botkyrka/foreningar?q=KULTURFORENINGEN").text
            #expect(found.contains("Kulturföreningen Hallunda"))
            #expect(found.contains("1 förening."))
            let byDescription = try await client.get("/botkyrka/foreningar?q=sprakcafeer").text
            #expect(byDescription.contains("Språkvänner i Botkyrka"))
            let none = try await client.get("/botkyrka/foreningar?q=%25%25_").text
            #expect(none.contains("Inga föreningar matchar"))
        }
    }

    @Test func theCatalogueFiltersByAreaFormDistrictAndSignature() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let m = try await Fixture.municipality(app, "boras")
            let culture = try #require(try await ActivityArea.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$name == "Kultur").first())
            let byArea = try await client.get("/boras/foreningar?omrade=\(culture.id!)").text
            #expect(byArea.contains("Kulturföreningen Hässleholmen"))
            #expect(!byArea.contains("Norrby idrottsförening"))
            let byForm = try await client.get("/boras/foreningar?form=stiftelse").text
            #expect(byForm.contains("Stiftelsen Gröna Borås"))
            #expect(byForm.contains("1 förening."))
            let byDistrict = try await client.get("/boras/foreningar?distrikt=Norrby").text
            #expect(byDistrict.contains("Norrby idrottsförening"))
            #expect(byDistrict.contains("Föräldranätverket Norrby"))
            let signed = try await client.get("/boras/foreningar?undertecknat=ja").text
            #expect(signed.contains("2 föreningar."))
            let unsigned = try await client.get("/boras/foreningar?undertecknat=nej").text
            #expect(unsigned.contains("5 föreningar."))
            #expect(try await client.get("/boras/foreningar?omrade=trams&sida=-4&form=x").status == .ok)
        }
    }

    @Test func theCatalogueIsPaginated() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "eslov")
            for n in 1...40 {
                let o = Organisation()
                o.$municipality.id = try m.requireID()
                o.name = String(format: "Testförening %02d", n)
                o.legalForm = .ideellForening
                o.status = .approved
                o.searchText = SearchText.fold(o.name)
                try await o.create(on: app.db)
            }
            let client = Client(app)
            let first = try await client.get("/eslov/foreningar?q=testforening").text
            #expect(first.contains("40 föreningar. Visar 1–25."))
            #expect(first.contains("Testförening 25"))
            #expect(!first.contains("Testförening 26"))
            #expect(first.contains("href=\"/eslov/foreningar?q=testforening&amp;sida=2\""))
            let second = try await client.get("/eslov/foreningar?q=testforening&sida=2").text
            #expect(second.contains("Visar 26–40."))
            #expect(second.contains("Testförening 40"))
            // An old link past the end (the list shrank) shows an empty page with the way back.
            let past = try await client.get("/eslov/foreningar?q=testforening&sida=9")
            #expect(past.status == .ok)
            #expect(!past.text.contains("Testförening 01"))
            #expect(past.text.contains("href=\"/eslov/foreningar?q=testforening&amp;sida=2\""))
        }
    }

    @Test func thePublicPageShowsNoPersonalData() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "boras")
            let page = try await Client(app).get("/boras/foreningar/\(o.id!)")
            #expect(page.status == .ok)
            #expect(page.text.contains(o.name))
            #expect(!page.text.contains("Kim Ordförande"))
            #expect(!page.text.contains("ordforande@example.se"))
            #expect(!page.text.contains("070-000 00 00"))
            let pending = try await Organisation.query(on: app.db).filter(\.$status == .pending).first()!
            let slug = try await pending.$municipality.get(on: app.db).slug
            #expect(try await Client(app).get("/\(slug)/foreningar/\(pending.id!)").status == .notFound)
        }
    }

    @Test func registeringCreatesAnUnverifiedAccountAndVerificationWorks() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/orebro/foreningar/registrera")
            let res = try await client.post("/orebro/foreningar/registrera", [
                ("personName", "Ada Exempel"), ("personEmail", "ada@forening.example"), ("password", "en egen lång lösenfras"),
                ("name", "Schackklubben Springaren"), ("orgNumber", "802002-4439"), ("legalForm", "ideellForening"),
                ("district", "Vivalla"), ("description", "Schack för alla åldrar."),
            ])
            #expect(res.status == .created)
            #expect(res.text.contains("ada@forening.example"))
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "ada@forening.example").first())
            #expect(user.emailVerifiedAt == nil)
            #expect(user.role == .representative)
            let o = try await Fixture.organisation(app, "Schackklubben Springaren")
            #expect(o.status == .pending)
            #expect(o.orgNumber == "802002-4439")

            // Before verifying, login is refused with an explanation.
            let early = try await Client(app).login("ada@forening.example", password: "en egen lång lösenfras")
            #expect(early.status == .forbidden)
            #expect(early.text.contains("Bekräfta först din e-postadress"))

            let mail = try #require(try await Fixture.mail(app, to: "ada@forening.example").first)
            #expect(mail.subject == "Bekräfta din e-postadress")
            let link = try #require(Fixture.link(in: mail, path: "http://"))
            let path = String(link[link.range(of: "/verifiera/")!.lowerBound...])
            let verified = try await Client(app).get(path)
            #expect(verified.status == .ok)
            #expect(verified.text.contains("Adressen är bekräftad"))
            #expect(try await Client(app).get(path).status == .notFound, "a link works once")
            let login = try await Client(app).login("ada@forening.example", password: "en egen lång lösenfras")
            #expect(login.status == .seeOther)
            // The coordinator was told about the new registration.
            #expect(try await Fixture.mail(app, to: Demo.coordinator("orebro")).contains { $0.subject.contains("Schackklubben") })
        }
    }

    @Test(arguments: [
        ("orgNumber", "802002-4431", "Kontrollsiffran stämmer inte"),
        ("orgNumber", "80200-24439", "NNNNNN-NNNN"),
        ("password", "password1234", "för vanligt"),
        ("password", "kort", "minst 12 tecken"),
        ("legalForm", "bolag", "Välj ett av alternativen"),
        ("website", "inte en adress", "Skriv en webbadress"),
    ])
    func registrationValidation(field: String, value: String, message: String) async throws {
        try await withTestApp { app in
            var fields: [String: String] = [
                "personName": "Bo Exempel", "personEmail": "bo@forening.example", "password": "en egen lång lösenfras",
                "name": "Exempelföreningen", "legalForm": "ideellForening",
            ]
            fields[field] = value
            let client = Client(app)
            try await client.get("/orebro/foreningar/registrera")
            let res = try await client.post("/orebro/foreningar/registrera", fields.map { ($0, $1) })
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(message))
            #expect(res.text.contains(#"value="Exempelföreningen""#))
            #expect(!res.text.contains("en egen lång lösenfras"), "a password is never sent back")
            #expect(try await Organisation.query(on: app.db).filter(\.$name == "Exempelföreningen").count() == 0)
        }
    }

    @Test func aDuplicateOrganisationNumberIsRefused() async throws {
        try await withTestApp { app in
            let existing = try await Fixture.representedOrganisation(app, "orebro")
            let number = try #require(existing.orgNumber)
            let client = Client(app)
            try await client.get("/orebro/foreningar/registrera")
            let res = try await client.post("/orebro/foreningar/registrera", [
                ("personName", "Bo"), ("personEmail", "bo@forening.example"), ("password", "en egen lång lösenfras"),
                ("name", "Samma förening igen"), ("orgNumber", number), ("legalForm", "ideellForening"),
            ])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Det organisationsnumret finns redan i registret."))
        }
    }

    @Test func theCoordinatorApprovesAndTheRepresentativesAreTold() async throws {
        try await withTestApp { app in
            let pending = try #require(try await Organisation.query(on: app.db).filter(\.$status == .pending)
                .join(Municipality.self, on: \Organisation.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "eslov").first())
            let rep = User(email: "rep@pending.example", name: "Rep", passwordHash: "x", role: .representative,
                           municipalityID: pending.$municipality.id, verifiedAt: app.clock.now)
            try await rep.create(on: app.db)
            try await OrganisationRepresentative(organisationID: pending.requireID(), userID: rep.requireID()).create(on: app.db)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            let list = try await coordinator.get("/admin/eslov/foreningar")
            #expect(list.text.contains(pending.name))
            let ask = try await coordinator.post("/admin/eslov/foreningar/\(pending.id!)/godkann")
            #expect(ask.status == .ok)
            #expect(ask.text.contains("rep@pending.example"))
            #expect(try await Organisation.find(pending.id, on: app.db)?.status == .pending)
            #expect(try await Fixture.mail(app, to: "rep@pending.example").isEmpty)
            #expect(try await coordinator.post("/admin/eslov/foreningar/\(pending.id!)/godkann", [("confirmed", "1")]).status == .seeOther)
            #expect(try await Organisation.find(pending.id, on: app.db)?.status == .approved)
            #expect(try await Fixture.mail(app, to: "rep@pending.example").contains { $0.subject.contains("godkänd") })
            #expect(try await Client(app).get("/eslov/foreningar").text.contains(pending.name))
            #expect(try await coordinator.post("/admin/eslov/foreningar/\(pending.id!)/godkann").status == .conflict)
        }
    }

    @Test func aDuplicateIsMergedWithEverythingMoved() async throws {
        try await withTestApp { app in
            let target = try await Fixture.organisation(app, "Kulturföreningen Hallunda")
            let duplicate = try await Fixture.representedOrganisation(app, "botkyrka")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            let res = try await coordinator.post("/admin/botkyrka/foreningar/\(duplicate.id!)/sammanfoga", [("target", target.id!.uuidString)])
            #expect(res.status == .seeOther)
            let merged = try #require(try await Organisation.find(duplicate.id, on: app.db))
            #expect(merged.status == .merged)
            #expect(merged.$mergedInto.id == target.id)
            #expect(merged.signatorySince == nil)
            #expect(try await Organisation.find(target.id, on: app.db)?.signatorySince == "2017-06-01", "the earlier of the two signings")
            #expect(try await ContactPerson.query(on: app.db).filter(\.$organisation.$id == target.requireID()).count() == 1)
            #expect(try await Accession.query(on: app.db).filter(\.$organisation.$id == target.requireID()).count() == 2)
            // The representative now acts for the target.
            #expect(try await Fixture.representedOrganisation(app, "botkyrka").id == target.id)
            let bad = try await coordinator.post("/admin/botkyrka/foreningar/\(target.id!)/sammanfoga", [("target", target.id!.uuidString)])
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test func aRepresentativeInvitesAnotherWhoCreatesAnAccount() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "sodertalje")
            let rep = Client(app)
            try await rep.login(Demo.representative("sodertalje"))
            let sent = try await rep.post("/admin/sodertalje/foreningar/\(o.id!)/foretradare", [("email", "Ny.Person@Forening.example")])
            #expect(sent.status == .seeOther)
            let mail = try #require(try await Fixture.mail(app, to: "ny.person@forening.example").first)
            let link = try #require(Fixture.link(in: mail, path: "http://"))
            let path = String(link[link.range(of: "/inbjudan/")!.lowerBound...])
            let invited = Client(app)
            let form = try await invited.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains("ny.person@forening.example"))
            let weak = try await invited.post(path, [("personName", "Ny Person"), ("password", "kort")])
            #expect(weak.status == .unprocessableEntity)
            #expect(try await invited.post(path, [("personName", "Ny Person"), ("password", "vår förening är bäst")]).status == .seeOther)
            try await invited.login("ny.person@forening.example", password: "vår förening är bäst")
            #expect(try await invited.get("/admin/sodertalje/foreningar/\(o.id!)").status == .ok)
            #expect(try await Client(app).get(path).status == .notFound, "an invitation works once")
        }
    }

    @Test func someoneWithAnAccountBecomesARepresentativeOnlyWhenTheySayYes() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "sodertalje")
            let m = try await Fixture.municipality(app, "sodertalje")
            let other = User(email: "kari@forening.example", name: "Kari Medlem", passwordHash: try await app.passwordHasher.hash(Client.demoPassword),
                             role: .representative, municipalityID: m.id, verifiedAt: app.clock.now)
            try await other.create(on: app.db)
            let rep = Client(app)
            try await rep.login(Demo.representative("sodertalje"))
            #expect(try await rep.post("/admin/sodertalje/foreningar/\(o.id!)/foretradare", [("email", "kari@forening.example")]).status == .seeOther)
            func isRepresentative() async throws -> Bool {
                try await OrganisationRepresentative.query(on: app.db).filter(\.$organisation.$id == o.requireID())
                    .filter(\.$user.$id == other.requireID()).count() == 1
            }
            #expect(try await isRepresentative() == false, "not before they say yes")
            let mail = try #require(try await Fixture.mail(app, to: "kari@forening.example").last)
            #expect(mail.subject == "Vill du företräda \(o.name)?")
            let link = try #require(Fixture.link(in: mail, path: "http://"))
            let path = String(link[link.range(of: "/inbjudan/")!.lowerBound...])
            let kari = Client(app)
            let ask = try await kari.get(path)
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Ja, jag företräder föreningen"))
            #expect(try await isRepresentative() == false, "opening the link is not a yes")
            #expect(try await kari.post(path, [("confirmed", "1")]).status == .seeOther)
            #expect(try await isRepresentative())
            #expect(try await Client(app).get(path).status == .notFound, "the link works once")
        }
    }

    @Test func detailsAreConfirmedOrEditedAndStaleRecordsGetReminders() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "boras")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let before = try #require(o.confirmedAt)
            app.clock.advance(by: 60)
            #expect(try await rep.post("/admin/boras/foreningar/\(o.id!)/bekrafta").status == .seeOther)
            #expect(try #require(try await Organisation.find(o.id, on: app.db)?.confirmedAt) > before)

            let edit = try await rep.post("/admin/boras/foreningar/\(o.id!)/uppgifter", [
                ("name", o.name), ("legalForm", "ideellForening"), ("memberCount", "250"), ("district", "Norrby"),
            ])
            #expect(edit.status == .seeOther)
            #expect(try await Organisation.find(o.id, on: app.db)?.memberCount == 250)

            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let list = try await coordinator.get("/admin/boras/foreningar")
            #expect(list.text.contains("Inte bekräftade på mer än ett år (2)"))
            try await coordinator.post("/admin/boras/foreningar/paminnelser", [("confirmed", "1")])
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "reminder").count() == 0,
                    "the stale demo records have no representatives")
            // Give a stale record a representative, and the reminder reaches them.
            let stale = try await Fixture.organisation(app, "Stiftelsen Gröna Borås")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("boras")).first())
            try await OrganisationRepresentative(organisationID: stale.requireID(), userID: user.requireID()).create(on: app.db)
            let asked = try await coordinator.post("/admin/boras/foreningar/paminnelser")
            #expect(asked.text.contains(Demo.representative("boras")))
            #expect(!(try await Fixture.mail(app, to: Demo.representative("boras")).contains { $0.kind == "reminder" }))
            try await coordinator.post("/admin/boras/foreningar/paminnelser", [("confirmed", "1")])
            #expect(try await Fixture.mail(app, to: Demo.representative("boras")).contains { $0.kind == "reminder" })
        }
    }

    @Test func aRepresentativeCannotSeeAnotherOrganisationsContactsOrProtocol() async throws {
        try await withTestApp { app in
            let own = try await Fixture.representedOrganisation(app, "eslov")
            let other = try await Fixture.organisation(app, "Kulturföreningen Löberöd")
            let file = try #require(try await StoredFile.query(on: app.db).filter(\.$organisation.$id == other.requireID()).first())
            let rep = Client(app)
            try await rep.login(Demo.representative("eslov"))
            #expect(try await rep.get("/admin/eslov/foreningar/\(own.id!)").status == .ok)
            #expect(try await rep.get("/admin/eslov/foreningar/\(other.id!)").status == .forbidden)
            #expect(try await rep.get("/admin/eslov/foreningar/\(other.id!)/protokoll/\(file.id!)").status == .forbidden)
            // The file id under one's own organisation is not found either.
            #expect(try await rep.get("/admin/eslov/foreningar/\(own.id!)/protokoll/\(file.id!)").status == .notFound)
            let otherCoordinator = Client(app)
            try await otherCoordinator.login(Demo.coordinator("boras"))
            #expect(try await otherCoordinator.get("/admin/eslov/foreningar/\(other.id!)").status == .forbidden)
            #expect(try await otherCoordinator.get("/admin/eslov/foreningar/\(other.id!)/protokoll/\(file.id!)").status == .forbidden)
        }
    }

    @Test func contactPersonsAreAddedAndRemoved() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "orebro")
            let rep = Client(app)
            try await rep.login(Demo.representative("orebro"))
            let unreachable = try await rep.post("/admin/orebro/foreningar/\(o.id!)/kontakter/ny", [("name", "Utan kontakt")])
            #expect(unreachable.status == .unprocessableEntity)
            #expect(unreachable.text.contains("Ange e-post eller telefon"))
            #expect(try await rep.post("/admin/orebro/foreningar/\(o.id!)/kontakter/ny",
                                       [("name", "Sam Kassör"), ("role", "kassör"), ("phone", "019-00 00 00")]).status == .seeOther)
            let contact = try #require(try await ContactPerson.query(on: app.db).filter(\.$name == "Sam Kassör").first())
            #expect(try await rep.get("/admin/orebro/foreningar/\(o.id!)").text.contains("Sam Kassör"))
            #expect(try await rep.post("/admin/orebro/foreningar/\(o.id!)/kontakter/\(contact.id!)/ta-bort").status == .ok)
            #expect(try await ContactPerson.find(contact.id, on: app.db) != nil)
            try await rep.post("/admin/orebro/foreningar/\(o.id!)/kontakter/\(contact.id!)/ta-bort", [("confirmed", "1")])
            #expect(try await ContactPerson.find(contact.id, on: app.db) == nil)
        }
    }
}

@Suite struct SwedishSortTests {
    /// The register's pages sort in Swedish order on the database itself (SQLite and PostgreSQL).
    @Test func theRegisterListsÅÄÖAfterZ() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "eslov")
            let names = ["Ödlans sorteringsprov", "Ängens sorteringsprov", "Åsens sorteringsprov", "Zebrans sorteringsprov", "almens sorteringsprov"]
            for name in names {
                let o = Organisation()
                o.$municipality.id = try m.requireID()
                o.name = name
                o.legalForm = .ideellForening
                o.status = .approved
                o.searchText = SearchText.fold(name)
                try await o.create(on: app.db)
            }
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            let expected = ["almens sorteringsprov", "Zebrans sorteringsprov", "Åsens sorteringsprov", "Ängens sorteringsprov", "Ödlans sorteringsprov"]
            let text = try await coordinator.get("/admin/eslov/foreningar?q=sorteringsprov").text
            let positions = expected.map { text.range(of: ">\($0)<")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "Swedish order on the page")
            let csv = try await coordinator.get("/admin/eslov/foreningar/registret.csv?q=sorteringsprov").text
            #expect(csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",").first ?? "") } == expected)
        }
    }
}

@Suite struct DistrictListTests {
    /// The coordinator keeps the list; organisations choose from it, a district outside it is
    /// refused, and an organisation's district from before the list is kept when it saves.
    @Test func organisationsChooseTheirDistrictFromTheMunicipalitysList() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let page = try await coordinator.get("/admin/orebro/verksamhetsomraden")
            #expect(page.text.contains("Vivalla"), "the demo list is there to edit")
            let saved = try await coordinator.post("/admin/orebro/verksamhetsomraden/kommundelar",
                                                   [("districts", "Vivalla\n  Centrum \n\nvivalla\nLillån")])
            #expect(saved.status == .seeOther)
            #expect(try await Fixture.municipality(app, "orebro").districtList == ["Vivalla", "Centrum", "Lillån"])
            let tooLong = try await coordinator.post("/admin/orebro/verksamhetsomraden/kommundelar", [("districts", String(repeating: "x", count: 101))])
            #expect(tooLong.status == .unprocessableEntity)

            // The registration form offers the list.
            let visitor = Client(app)
            let form = try await visitor.get("/orebro/foreningar/registrera")
            #expect(form.text.contains(#"<select id="f-district" name="district""#))
            #expect(form.text.contains(#"<option value="Lillån">Lillån</option>"#))
            let typed = try await visitor.post("/orebro/foreningar/registrera", [
                ("personName", "Ada"), ("personEmail", "ada@forening.example"), ("password", "en egen lång lösenfras"),
                ("name", "Lillåns läsecirkel"), ("legalForm", "ideellForening"), ("district", "Hittepå")])
            #expect(typed.status == .unprocessableEntity)
            #expect(typed.text.contains("Välj en kommundel i listan."))

            // An organisation whose district left the list keeps it when it saves its details.
            let rep = Client(app)
            try await rep.login(Demo.representative("orebro"))
            let org = try await Fixture.representedOrganisation(app, "orebro")
            org.district = "Adolfsberg"
            try await org.save(on: app.db)
            let details = try await rep.get("/admin/orebro/foreningar/\(org.id!)/uppgifter")
            #expect(details.text.contains(#"<option value="Adolfsberg" selected>Adolfsberg</option>"#))
            var fields = OrganisationForm.values(of: org).compactMapValues { $0 }.map { ($0.key, $0.value) }
            fields.removeAll { $0.0 == "memberCount" }
            #expect(try await rep.post("/admin/orebro/foreningar/\(org.id!)/uppgifter", fields).status == .seeOther)
            #expect(try await Organisation.find(org.id, on: app.db)?.district == "Adolfsberg")
        }
    }
}

