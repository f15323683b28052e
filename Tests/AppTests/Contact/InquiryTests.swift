@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// One way in, asking and answering: a resident (no account) and a representative ask, the
/// department's officer answers, the inquirer follows it all from the mailed link.
@Suite struct InquiryTests {
    func topic(_ app: Application, _ slug: String, _ name: String) async throws -> Topic {
        try #require(try await Topic.query(on: app.db).join(Municipality.self, on: \Topic.$municipality.$id == \Municipality.$id)
            .filter(Municipality.self, \.$slug == slug).filter(\.$name == name).first())
    }

    /// The page of the newest mail to `email` whose subject begins so, as a path.
    func link(_ app: Application, to email: String, subject: String, slug: String) async throws -> String {
        let mail = try #require(try await Fixture.mail(app, to: email).last { $0.subject.hasPrefix(subject) }, "no mail “\(subject)”")
        let url = try #require(Fixture.link(in: mail, path: "/\(slug)/kontakt/arende/"))
        return String(url[url.range(of: "/\(slug)/")!.lowerBound...])
    }

    @Test func aResidentAsksConfirmsAndFollowsItToTheAnswer() async throws {
        try await withTestApp { app in
            // Monday 2 March 2026, noon in Sweden.
            app.clock.set(Date(timeIntervalSince1970: 1_772_449_200))
            let grants = try await topic(app, "orebro", "Föreningsbidrag och andra stöd")
            let resident = Client(app)
            let form = try await resident.get("/orebro/kontakt/fraga?amne=\(grants.id!)")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="\#(grants.id!)" selected"#))
            let bad = try await resident.post("/orebro/kontakt/fraga", [("kind", "question"), ("topic", grants.id!.uuidString), ("subject", ""),
                                                                       ("body", "Hur söker vi?"), ("name", "Sara"), ("email", "sara@exempel.se\r\nBcc: x@evil.example")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Hur söker vi?"), "what was typed is kept")
            let sent = try await resident.post("/orebro/kontakt/fraga", [
                ("kind", "question"), ("topic", grants.id!.uuidString), ("subject", "Bidrag till sommarläger"),
                ("body", "Hur söker vår förening bidrag till ett sommarläger?"), ("name", "Sara Ek"), ("email", "Sara@Exempel.se")])
            #expect(sent.status == .ok && sent.text.contains("Öppna länken i din e-post"))
            let inquiry = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Bidrag till sommarläger").first())
            #expect(inquiry.status == .unverified && inquiry.inquirerEmail == "sara@exempel.se")

            // Not in any queue before the address is confirmed.
            let officer = Client(app)
            try await officer.login(Demo.officer("orebro"))
            #expect(!(try await officer.get("/admin/orebro/arenden").text.contains("Bidrag till sommarläger")))

            let page = try await link(app, to: "sara@exempel.se", subject: "Bekräfta din fråga", slug: "orebro")
            let confirming = try await resident.get(page)
            #expect(confirming.text.contains("Bekräfta och skicka frågan"))
            #expect(confirming.headers.first(name: .cacheControl) == "no-store")
            #expect(try await resident.post(page + "/bekrafta").status == .seeOther)
            var stored = try #require(try await Inquiry.find(inquiry.id, on: app.db))
            #expect(stored.status == .new)
            #expect(stored.dueOn == "2026-03-09", "five working days from Monday 2 March")
            #expect(try await Fixture.mail(app, to: "sara@exempel.se").contains { $0.subject == "Vi har tagit emot din fråga: Bidrag till sommarläger" })

            // The officer of culture and leisure (the topic's department) takes it and asks for more.
            let queue = try await officer.get("/admin/orebro/arenden")
            #expect(queue.text.contains("Bidrag till sommarläger"))
            let admin = "/admin/orebro/arenden/\(inquiry.id!)"
            #expect(try await officer.post(admin + "/ta").status == .seeOther)
            app.clock.advance(by: 86_400)  // Tuesday: a new day, a new login
            try await officer.login(Demo.officer("orebro"))
            #expect(try await officer.post(admin + "/anteckning", [("text", "Kolla med bidragsenheten.")]).status == .seeOther)
            #expect(try await officer.post(admin + "/fraga-mer", [("text", "Hur många barn gäller det?")]).status == .seeOther)
            stored = try #require(try await Inquiry.find(inquiry.id, on: app.db))
            #expect(stored.status == .waiting)

            // Sara answers on Thursday from the new mail's link; the clock stood still Tuesday to Thursday.
            app.clock.advance(by: 2 * 86_400)
            let asked = try await link(app, to: "sara@exempel.se", subject: "Kommunen behöver veta mer", slug: "orebro")
            let waiting = try await resident.get(asked)
            #expect(waiting.text.contains("Hur många barn gäller det?"))
            #expect(!waiting.text.contains("Kolla med bidragsenheten."), "internal notes stay internal")
            #expect(try await resident.post(asked + "/skriv", [("text", "Ungefär trettio barn.")]).status == .seeOther)
            stored = try #require(try await Inquiry.find(inquiry.id, on: app.db))
            #expect(stored.status == .assigned)
            let expected = WorkingDays.due(from: CalendarDate("2026-03-02")!, days: 5,
                                           pauses: [.init(from: CalendarDate("2026-03-03")!, through: CalendarDate("2026-03-05")!)])
            #expect(stored.dueOn == expected.description && expected.description == "2026-03-12")

            try await officer.login(Demo.officer("orebro"))
            #expect(try await officer.post(admin + "/svara", [("text", "Sök föreningsbidraget för lägerverksamhet senast 1 april.")]).status == .seeOther)
            let answered = try await link(app, to: "sara@exempel.se", subject: "Svar på din fråga", slug: "orebro")
            let final = try await Client(app).get(answered)
            #expect(final.text.contains("Sök föreningsbidraget för lägerverksamhet senast 1 april."))
            #expect(final.text.contains("Besvarad"))
            #expect(try await Client(app).get(page).status == .ok, "every link issued still works")

            // Reopened within thirty days; not after.
            #expect(try await resident.post(answered + "/oppna-igen", [("text", "Gäller det även höstlovet?")]).status == .seeOther)
            #expect(try #require(try await Inquiry.find(inquiry.id, on: app.db)).status == .reopened)
            try await officer.post(admin + "/svara", [("text", "Ja, samma bidrag.")])
            try await officer.post(admin + "/avsluta")
            app.clock.advance(by: 31 * 86_400)
            #expect(try await resident.post(answered + "/oppna-igen", [("text", "En sak till")]).status == .conflict)

            // A forged or another municipality's link finds nothing.
            #expect(try await Client(app).get("/orebro/kontakt/arende/forfalskad-token-1234567890").status == .notFound)
            #expect(try await Client(app).get(answered.replacingOccurrences(of: "/orebro/", with: "/eslov/")).status == .notFound)

            // A made-up address's question lapses unconfirmed, and takes nothing else with it.
            try await Client(app).post("/orebro/kontakt/fraga", [("kind", "complaint"), ("topic", ""), ("subject", "Falsk"), ("body", "x"),
                                                                ("name", "Ingen"), ("email", "finns-inte@exempel.se")])
            #expect(try await Inquiry.query(on: app.db).filter(\.$subject == "Falsk").count() == 1)
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(Double(app.config.registrationConfirmHours * 3600 + 60)))
            #expect(try await Inquiry.query(on: app.db).filter(\.$subject == "Falsk").count() == 0)
            #expect(try await Inquiry.find(inquiry.id, on: app.db) != nil)
        }
    }

    @Test func aRepresentativeAsksWithoutConfirmingAndOnlyTheRightPeopleHandleIt() async throws {
        try await withTestApp { app in
            let representative = Client(app)
            try await representative.login(Demo.representative("eslov"))
            let asked = try await representative.post("/eslov/kontakt/fraga", [
                ("kind", "friction"), ("topic", ""), ("subject", "Svårt att boka lokal"), ("body", "Bokningen svarar aldrig i telefon.")])
            #expect(asked.status == .seeOther)
            #expect(asked.location?.hasPrefix("/eslov/kontakt/arende/") == true)
            let inquiry = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Svårt att boka lokal").first())
            #expect(inquiry.status == .new && inquiry.$department.id == nil, "don't know goes to the coordinator")

            // The start page says what waits: the demo's overdue inquiry, and this one for the coordinator.
            let coordinatorStart = Client(app)
            try await coordinatorStart.login(Demo.coordinator("eslov"))
            let start = try await coordinatorStart.get("/admin").text
            #expect(start.contains("1 ärende är försenade"))
            #expect(start.contains("4 ärenden att besvara"), "the demo's new, assigned and don't-know ones, and this one")

            // The officer's department is not the coordinator's queue: neither listed nor reachable.
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            #expect(!(try await officer.get("/admin/eslov/arenden").text.contains("Svårt att boka lokal")))
            #expect(try await officer.get("/admin/eslov/arenden/\(inquiry.id!)").status == .forbidden)
            #expect(try await officer.post("/admin/eslov/arenden/\(inquiry.id!)/svara", [("text", "Intrång")]).status == .forbidden)
            let elsewhere = Client(app)
            try await elsewhere.login(Demo.coordinator("boras"))
            #expect(try await elsewhere.get("/admin/eslov/arenden/\(inquiry.id!)").status == .forbidden)
            #expect(try await representative.get("/admin/eslov/arenden").status == .forbidden)

            // The coordinator routes it, with a reason kept in the history; now the department has it.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            #expect(try await coordinator.get("/admin/eslov/arenden").text.contains("Svårt att boka lokal"))
            let premises = try await topic(app, "eslov", "Lokaler och samlingsplatser")
            let noReason = try await coordinator.post("/admin/eslov/arenden/\(inquiry.id!)/skicka-vidare", [("topic", premises.id!.uuidString), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(try await coordinator.post("/admin/eslov/arenden/\(inquiry.id!)/skicka-vidare", [
                ("topic", premises.id!.uuidString), ("reason", "Lokalbokningen äger frågan.")]).status == .seeOther)
            let handle = try await officer.get("/admin/eslov/arenden/\(inquiry.id!)")
            #expect(handle.status == .ok)
            #expect(handle.text.contains("Lokalbokningen äger frågan."))
            #expect(try await officer.post("/admin/eslov/arenden/\(inquiry.id!)/diarienummer", [("referenceNumber", "KS 2026/117")]).status == .seeOther)
            #expect(try await officer.get("/admin/eslov/arenden?q=2026%2F117").text.contains("Svårt att boka lokal"))
            let page = try #require(asked.location)
            #expect(try await representative.get(page).text.contains("KS 2026/117"))
            #expect(!(try await representative.get(page).text.contains("Lokalbokningen äger frågan.")), "the reason is internal")
        }
    }
}
