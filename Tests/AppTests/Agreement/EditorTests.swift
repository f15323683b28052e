@testable import App
import Fluent
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The coordinator's agreement editor: each form's success, each validation error, and the refusals.
@Suite struct EditorTests {
    private func principles(_ app: Application, _ slug: String, number: Int = 1) async throws -> [Principle] {
        let agreement = try await version(app, slug, number)
        return try await Principle.query(on: app.db).filter(\.$agreement.$id == agreement.requireID()).sort(\.$position).all()
    }

    private func version(_ app: Application, _ slug: String, _ number: Int = 1) async throws -> Agreement {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == slug).first())
        return try await AgreementStore.version(number, of: m, on: app.db)
    }

    @Test func metadataIsSavedAndShownPublicly() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("boras"))
            let form = try await client.get("/admin/boras/version/1/uppgifter")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="Överenskommelsen i Borås""#))
            let res = try await client.post("/admin/boras/version/1/uppgifter", [
                ("title", "Överenskommelsen i Borås 2026"), ("municipalityParty", "Borås Stad"),
                ("civilSocietyParty", "Det Idéburna"), ("adoptedOn", "2026-03-01"), ("validUntil", ""),
                ("revisionIntervalYears", "4"), ("contactEmail", "samverkan@boras.example"),
            ])
            #expect(res.status == .seeOther)
            let page = try await client.get("/boras/overenskommelse").text
            #expect(page.contains("Överenskommelsen i Borås 2026"))
            #expect(page.contains("2026-03-01"))
            #expect(page.contains("Vart 4:e år"))
            #expect(page.contains("Tills vidare"))
        }
    }

    @Test(arguments: [
        ("title", "", "Fyll i fältet."),
        ("municipalityParty", "", "Fyll i fältet."),
        ("adoptedOn", "1 mars 2026", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ("validUntil", "2017-01-01", "Datumet kan inte ligga före startdatumet."),
        ("revisionIntervalYears", "-4", "Skriv ett heltal mellan 1 och 20."),
        ("contactEmail", "inte en adress", "Skriv en e-postadress"),
        ("title", String(repeating: "x", count: 301), "högst 300 tecken"),
    ])
    func metadataValidationKeepsValuesAndExplains(field: String, value: String, message: String) async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("sodertalje"))
            var fields: [String: String] = [
                "title": "Ny titel", "municipalityParty": "Södertälje kommun", "civilSocietyParty": "Idéburen sektor",
                "referenceNumber": "KS 99/1", "validFrom": "2018-10-01",
            ]
            fields[field] = value
            let res = try await client.post("/admin/sodertalje/version/1/uppgifter", fields.map { ($0, $1) })
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(message))
            #expect(res.text.contains(#"value="KS 99/1""#), "the user's other values are kept")
            #expect(res.text.contains(#"aria-invalid="true""#))
            #expect(try await version(app, "sodertalje").referenceNumber == "KS 17/53", "nothing saved")
        }
    }

    @Test func aFormWithoutCSRFTokenIsRefused() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("boras"))
            let res = try await client.post("/admin/boras/version/1/uppgifter", [("title", "X")], csrf: false)
            #expect(res.status == .forbidden)
            let wrong = try await client.post("/admin/boras/version/1/principer", [("name", "X"), ("_csrf", "fel")], csrf: false)
            #expect(wrong.status == .forbidden)
            #expect(try await principles(app, "boras").count == 6)
        }
    }

    @Test func aCoordinatorOfAnotherMunicipalityGets403() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("boras"))
            #expect(try await client.get("/admin/botkyrka").status == .forbidden)
            #expect(try await client.get("/admin/botkyrka/version/1/uppgifter").status == .forbidden)
            let res = try await client.post("/admin/botkyrka/version/1/principer", [("name", "Intrång")])
            #expect(res.status == .forbidden)
            #expect(try await principles(app, "botkyrka").count == 5)
            // An object of Botkyrka addressed through Borås' own path is simply not there.
            let botkyrkaPrinciple = try #require(try await principles(app, "botkyrka").first?.id)
            let sneaky = try await client.post("/admin/boras/version/1/principer/\(botkyrkaPrinciple)", [("name", "Kapad")])
            #expect(sneaky.status == .notFound)
            #expect(try await principles(app, "botkyrka").first?.name == "Dialog")
        }
    }

    @Test func officersAndRepresentativesCannotEdit() async throws {
        try await withTestApp { app in
            for email in [Demo.officer("boras"), Demo.representative("boras")] {
                let client = Client(app)
                try await client.login(email)
                #expect(try await client.get("/admin").status == .ok)
                #expect(try await client.get("/admin/boras/version/1").status == .forbidden)
            }
        }
    }

    @Test func aVisitorIsSentToTheLoginPage() async throws {
        try await withTestApp { app in
            let res = try await Client(app).get("/admin/boras/version/1/uppgifter")
            #expect(res.status == .seeOther)
            #expect(res.location == "/logga-in?next=/admin/boras/version/1/uppgifter")
        }
    }

    @Test func principlesCanBeAddedRenamedAndReordered() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("eslov"))
            #expect(try await client.post("/admin/eslov/version/1/principer", [("name", "Glädje och öppenhet")]).status == .seeOther)
            var list = try await principles(app, "eslov")
            #expect(list.count == 7)
            #expect(list.last?.key == "gladje-och-oppenhet")

            let empty = try await client.post("/admin/eslov/version/1/principer", [("name", "  ")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Fyll i fältet."))

            let mod = try #require(list.first { $0.name == "Mod" })
            #expect(try await client.post("/admin/eslov/version/1/principer/\(mod.id!)", [("name", "Mod att pröva")]).status == .seeOther)
            #expect(try await client.post("/admin/eslov/version/1/principer/\(mod.id!)/flytta", [("direction", "up")]).status == .seeOther)
            list = try await principles(app, "eslov")
            #expect(list.map(\.name).prefix(2) == ["Mod att pröva", "Tillit och förståelse"])
            // Moving the first one up changes nothing.
            try await client.post("/admin/eslov/version/1/principer/\(mod.id!)/flytta", [("direction", "up")])
            #expect(try await principles(app, "eslov").first?.name == "Mod att pröva")
            let page = try await client.get("/eslov/overenskommelse").text
            #expect(page.range(of: "<h3>Mod att pröva</h3>")!.lowerBound < page.range(of: "<h3>Tillit och förståelse</h3>")!.lowerBound)
        }
    }

    @Test func aPrincipleInUseCannotBeRemovedButAnUnusedOneCan() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("eslov"))
            let mod = try #require(try await principles(app, "eslov").first { $0.name == "Mod" })
            let refused = try await client.post("/admin/eslov/version/1/principer/\(mod.id!)/ta-bort")
            #expect(refused.status == .seeOther)
            let after = try await client.get("/admin/eslov/version/1")
            #expect(after.text.contains("Principen ”Mod” kan inte tas bort: 1 åtagande hör till den."))
            #expect(try await principles(app, "eslov").count == 6)

            try await client.post("/admin/eslov/version/1/principer", [("name", "Tillfällig")])
            let temp = try #require(try await principles(app, "eslov").first { $0.name == "Tillfällig" })
            let asked = try await client.post("/admin/eslov/version/1/principer/\(temp.id!)/ta-bort")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Ja, ta bort"))
            #expect(try await Principle.find(temp.id, on: app.db) != nil, "nothing is deleted before the confirmation")
            try await client.post("/admin/eslov/version/1/principer/\(temp.id!)/ta-bort", [("confirmed", "1")])
            #expect(try await principles(app, "eslov").count == 6)
        }
    }

    @Test func commitmentsAreCreatedEditedWithPrinciplesAndRemoved() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("botkyrka"))
            let list = try await principles(app, "botkyrka")
            let dialog = list[0].id!.uuidString, openness = list[2].id!.uuidString
            let created = try await client.post("/admin/botkyrka/version/1/ataganden", [
                ("text", "Ordna en årlig träff om överenskommelsen."), ("party", "municipality"),
                ("principles", dialog), ("principles", openness),
            ])
            #expect(created.status == .seeOther)
            var page = try await client.get("/botkyrka/overenskommelse").text
            #expect(page.components(separatedBy: "Ordna en årlig träff om överenskommelsen.").count - 1 == 2)
            #expect(page.contains("Åtaganden för Botkyrka kommun"))

            let agreement = try await version(app, "botkyrka")
            let commitment = try #require(try await Commitment.query(on: app.db)
                .filter(\.$agreement.$id == agreement.requireID()).filter(\.$text == "Ordna en årlig träff om överenskommelsen.").first())
            let edit = try await client.get("/admin/botkyrka/version/1/ataganden/\(commitment.id!)")
            #expect(edit.text.contains(#"value="\#(dialog)" checked"#))
            try await client.post("/admin/botkyrka/version/1/ataganden/\(commitment.id!)", [
                ("text", "Ordna två träffar om året."), ("party", "both"), ("principles", openness),
            ])
            page = try await client.get("/botkyrka/overenskommelse?princip=dialog").text
            #expect(!page.contains("Ordna två träffar om året."))
            page = try await client.get("/botkyrka/overenskommelse?princip=oppenhet&part=both").text
            #expect(page.contains("Ordna två träffar om året."))

            try await client.post("/admin/botkyrka/version/1/ataganden/\(commitment.id!)/ta-bort", [("confirmed", "1")])
            #expect(try await Commitment.find(commitment.id, on: app.db) == nil)
        }
    }

    @Test(arguments: [
        ([("party", "both"), ("principles", "P")], "Fyll i fältet."),
        ([("text", "Något"), ("party", "staten"), ("principles", "P")], "Välj ett av alternativen."),
        ([("text", "Något"), ("party", "both")], "Välj minst en av principerna i listan."),
        ([("text", "Något"), ("party", "both"), ("principles", "00000000-0000-0000-0000-000000000000")],
         "Välj minst en av principerna i listan."),
    ])
    func commitmentValidation(fields: [(String, String)], message: String) async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("botkyrka"))
            let principle = try await principles(app, "botkyrka")[0].id!.uuidString
            let sent = fields.map { ($0.0, $0.1 == "P" ? principle : $0.1) }
            let before = try await Commitment.query(on: app.db).count()
            let res = try await client.post("/admin/botkyrka/version/1/ataganden", sent)
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(message))
            #expect(try await Commitment.query(on: app.db).count() == before)
        }
    }

    @Test func developmentAreasAndActivitiesAreEdited() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("eslov"))
            #expect(try await client.post("/admin/eslov/version/1/omraden", [("name", "Mötesplatser")]).status == .seeOther)
            let agreement = try await version(app, "eslov")
            let area = try #require(try await DevelopmentArea.query(on: app.db).filter(\.$agreement.$id == agreement.requireID()).first())
            let badDates = try await client.post("/admin/eslov/version/1/omraden/\(area.id!)/aktiviteter/ny", [
                ("title", "Forum för alla föreningar"), ("owner", "both"), ("status", "planned"),
                ("startDate", "2026-05-01"), ("dueDate", "2026-04-01"),
            ])
            #expect(badDates.status == .unprocessableEntity)
            #expect(badDates.text.contains("Datumet kan inte ligga före startdatumet."))
            #expect(badDates.text.contains(#"value="Forum för alla föreningar""#))
            let ok = try await client.post("/admin/eslov/version/1/omraden/\(area.id!)/aktiviteter/ny", [
                ("title", "Forum för alla föreningar"), ("owner", "both"), ("status", "ongoing"),
                ("responsible", "Kommunledningskontoret"), ("dueDate", "2026-12-31"),
            ])
            #expect(ok.status == .seeOther)
            let page = try await client.get("/eslov/utvecklingsomraden").text
            #expect(page.contains("<h2>Mötesplatser</h2>"))
            #expect(page.contains("Forum för alla föreningar"))
            #expect(page.contains("Pågår"))
            #expect(try await client.post("/admin/eslov/version/1/omraden/\(area.id!)/ta-bort").text.contains("i handlingsplanen tas bort med det"))
            try await client.post("/admin/eslov/version/1/omraden/\(area.id!)/ta-bort", [("confirmed", "1")])
            #expect(try await PlanActivity.query(on: app.db).join(DevelopmentArea.self, on: \PlanActivity.$area.$id == \DevelopmentArea.$id)
                .filter(DevelopmentArea.self, \.$agreement.$id == agreement.requireID()).count() == 0)
        }
    }

    @Test func aRevisionIsADraftUntilPublishedAndOldVersionsAreReadOnly() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("sodertalje"))
            let started = try await client.post("/admin/sodertalje/revision")
            #expect(started.location == "/admin/sodertalje/version/2")
            // A second revision while a draft exists is refused with a message.
            try await client.post("/admin/sodertalje/revision")
            #expect(try await client.get("/admin/sodertalje").text.contains("Det finns redan ett utkast (version 2)"))
            // The same refusal in English for a reader who chose English: domain errors carry a key, not a text.
            try await client.get("/admin/sodertalje?lang=en")
            try await client.post("/admin/sodertalje/revision")
            #expect(try await client.get("/admin/sodertalje").text.contains("There is already a draft (version 2); carry on working in it."))
            try await client.get("/admin/sodertalje?lang=sv")

            try await client.post("/admin/sodertalje/version/2/uppgifter", [
                ("title", "Samverkansöverenskommelse 2023–2027"), ("municipalityParty", "Södertälje kommun"),
                ("civilSocietyParty", "Idéburen sektor i Södertälje"), ("validFrom", "2023-01-01"), ("validUntil", "2027-01-01"),
            ])
            #expect(!(try await client.get("/sodertalje/overenskommelse").text.contains("2023–2027")))
            #expect(try await client.post("/admin/sodertalje/version/2/publicera").text.contains("Publicera version 2?"))
            #expect(try await client.post("/admin/sodertalje/version/2/publicera", [("confirmed", "1")]).status == .seeOther)
            #expect(try await client.get("/sodertalje/overenskommelse").text.contains("Samverkansöverenskommelse 2023–2027"))
            #expect(try await client.get("/sodertalje/overenskommelse/version/1").text.contains("gäller inte längre"))
            // The draft copied everything: the new version has all seven principles and 35 commitments.
            let v2 = try await version(app, "sodertalje", 2)
            #expect(try await Principle.query(on: app.db).filter(\.$agreement.$id == v2.requireID()).count() == 7)
            #expect(try await Commitment.query(on: app.db).filter(\.$agreement.$id == v2.requireID()).count() == 35)

            let readOnly = try await client.post("/admin/sodertalje/version/1/principer", [("name", "Sent tillägg")])
            #expect(readOnly.status == .conflict)
            #expect(readOnly.text.contains("Versionen gäller inte längre och kan inte ändras."))
        }
    }

    @Test func aDraftCanBeDiscarded() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("orebro"))
            try await client.post("/admin/orebro/revision")
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "orebro").first())
            #expect(try await client.post("/admin/orebro/version/2/kasta").status == .ok)
            #expect(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID()).count() == 2)
            #expect(try await client.post("/admin/orebro/version/2/kasta", [("confirmed", "1")]).status == .seeOther)
            #expect(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID()).count() == 1)
            #expect(try await client.post("/admin/orebro/version/1/kasta").status == .conflict)
        }
    }
}
