@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// One way in, the directory: `/{kommun}/kontakt` and its keeping.
@Suite struct DirectoryTests {
    @Test func theDirectoryShowsTopicsByDepartmentWithOnlyPublicContactsAndIsSearchedWithoutDiacritics() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let page = try await visitor.get("/orebro/kontakt")
            #expect(page.status == .ok)
            #expect(page.text.contains("Föreningsbidrag och andra stöd"))
            #expect(page.text.contains("Kultur- och fritidsförvaltningen"))
            #expect(page.text.contains("Första svar inom 5 arbetsdagar"))
            #expect(page.text.contains("Lina Berg"))
            #expect(!page.text.contains("Erik Nyström"), "a contact not marked public is not shown")
            #expect(page.text.contains("Samordnaren för överenskommelsen"))
            // Searching ignores case and diacritics and looks at names, roles and departments.
            let found = try await visitor.get("/orebro/kontakt?q=FORENINGSKONSULENT")
            #expect(found.text.contains("Föreningsbidrag och andra stöd"))
            #expect(!found.text.contains("Arrangemang och tillstånd"))
            #expect(found.text.contains("1 ämne"))
            #expect(try await visitor.get("/orebro/kontakt?q=nystrom").text.contains("Inget ämne matchar"), "hidden people are not searchable")
            #expect(try await visitor.get("/orebro/kontakt?q=%3Cscript%3E").text.contains("value=\"&lt;script&gt;\""))
            #expect(try await visitor.get("/orebro").status == .ok)
        }
    }

    @Test func theCoordinatorKeepsTopicsAndTheDepartmentItsContacts() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            #expect(try await coordinator.get("/admin/eslov").text.contains(#"href="/admin/eslov/kontakt""#), "the menu leads here")
            var form = try await coordinator.get("/admin/eslov/kontakt/amnen/ny")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="5""#), "five working days unless the municipality says otherwise")
            // The municipality sets its own default on the site details page.
            let m = try await Fixture.municipality(app, "eslov")
            func site(_ days: String) async throws -> TestingHTTPResponse {
                try await coordinator.post("/admin/eslov/webbplatsen", [
                    ("contactName", m.contactName ?? ""), ("contactEmail", m.contactEmail ?? ""), ("contactPhone", m.contactPhone ?? ""),
                    ("inquiryTargetDays", days)])
            }
            #expect(try await site("99").text.contains("Skriv ett heltal mellan 1 och 60."))
            #expect(try await site("7").status == .seeOther)
            form = try await coordinator.get("/admin/eslov/kontakt/amnen/ny")
            #expect(form.text.contains(#"value="7""#))
            let departments = try await Department.query(on: app.db).join(Municipality.self, on: \Department.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "eslov").all()
            let culture = try #require(departments.first { $0.name == "Kultur- och fritidsförvaltningen" })
            let other = try #require(try await Department.query(on: app.db).join(Municipality.self, on: \Department.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "boras").first())
            // Bad input is answered in Swedish and keeps what was typed.
            let bad = try await coordinator.post("/admin/eslov/kontakt/amnen", [("name", "Idrottshallar"), ("department", other.id!.uuidString), ("targetDays", "0")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("value=\"Idrottshallar\""))
            let twice = try await coordinator.post("/admin/eslov/kontakt/amnen", [("name", "lokaler och SAMLINGSPLATSER"), ("department", ""), ("targetDays", "5")])
            #expect(twice.text.contains("Det finns redan ett ämne med det namnet."))
            #expect(try await coordinator.post("/admin/eslov/kontakt/amnen", [
                ("name", "Idrottshallar"), ("description", "Tider i kommunens hallar."), ("department", culture.id!.uuidString), ("targetDays", "3")]).status == .seeOther)
            let topic = try #require(try await Topic.query(on: app.db).filter(\.$name == "Idrottshallar").first())
            #expect(topic.targetDays == 3 && topic.$department.id == culture.id)

            // The officer of that department adds a contact; a public one must be reachable.
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            let unreachable = try await officer.post("/admin/eslov/kontakt/amnen/\(topic.id!)/kontakter", [("name", "Nils Hall"), ("public", "1")])
            #expect(unreachable.text.contains("En offentlig kontaktperson behöver en e-postadress eller ett telefonnummer."))
            #expect(try await officer.post("/admin/eslov/kontakt/amnen/\(topic.id!)/kontakter", [
                ("name", "Nils Hall"), ("title", "Hallbokare"), ("email", "Nils.Hall@eslov.example"), ("phone", "0413-12 34"), ("public", "1")]).status == .seeOther)
            #expect(try await Client(app).get("/eslov/kontakt?q=hallbokare").text.contains("nils.hall@eslov.example"))
            // Not the topics themselves, and not another department's contacts.
            #expect(try await officer.get("/admin/eslov/kontakt/amnen/\(topic.id!)").status == .forbidden)
            let social = try #require(try await Topic.query(on: app.db).filter(\.$name == "Frivilliga och volontärer")
                .join(Municipality.self, on: \Topic.$municipality.$id == \Municipality.$id).filter(Municipality.self, \.$slug == "eslov").first())
            #expect(try await officer.get("/admin/eslov/kontakt/amnen/\(social.id!)/kontakter/ny").status == .forbidden)
            #expect(try await officer.post("/admin/eslov/kontakt/amnen/\(social.id!)/kontakter", [("name", "Intrång"), ("email", "x@eslov.example")]).status == .forbidden)
            let list = try await officer.get("/admin/eslov/kontakt")
            #expect(list.status == .ok)
            #expect(!list.text.contains("/admin/eslov/kontakt/amnen/ny"))
            // Another municipality's topic is not found through this one.
            let borasTopic = try #require(try await Topic.query(on: app.db).join(Municipality.self, on: \Topic.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "boras").first())
            #expect(try await coordinator.get("/admin/eslov/kontakt/amnen/\(borasTopic.id!)").status == .notFound)

            // Removing a topic asks first and takes its contacts with it.
            let ask = try await coordinator.post("/admin/eslov/kontakt/amnen/\(topic.id!)/ta-bort")
            #expect(ask.status == .ok && ask.text.contains("1 kontaktperson"))
            #expect(try await Topic.find(topic.id, on: app.db) != nil)
            try await coordinator.post("/admin/eslov/kontakt/amnen/\(topic.id!)/ta-bort", [("confirmed", "1")])
            #expect(try await Topic.find(topic.id, on: app.db) == nil)
            #expect(try await TopicContact.query(on: app.db).filter(\.$topic.$id == topic.id!).count() == 0)
            #expect(!(try await Client(app).get("/eslov/kontakt").text.contains("Idrottshallar")))
        }
    }

    @Test func theDirectoryRunsThreeQueriesWhateverItsSize() async throws {
        try await withTestApp { app in
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func count() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                let m = try #require(try await Municipality.query(on: db).filter(\.$slug == "boras").first())
                log.reset()
                _ = try await DirectoryPage.query(db: db, municipality: m, q: "", t: t, chrome: .plain)
                return log.count
            }
            let before = try await count()
            let m = try await Fixture.municipality(app, "boras")
            for i in 0..<20 {
                let topic = Topic()
                topic.$municipality.id = m.id!
                topic.name = "Ämne \(i)"
                topic.targetDays = 5
                topic.position = 100 + i
                try await topic.create(on: app.db)
                let c = TopicContact()
                c.$topic.id = topic.id!
                c.name = "Person \(i)"
                c.isPublic = true
                c.position = 1
                try await c.create(on: app.db)
            }
            #expect(try await count() == before)
            #expect(before == 3)
        }
    }
}
