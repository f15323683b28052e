@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The council page and its administration; the rules page, its evidence and the warnings.
@Suite struct CouncilAndRulesTests {
    @Test func theCouncilShowsWhoSitsNowTheBalanceAndTheHistory() async throws {
        try await withTestApp { app in
            let page = try await Client(app).get("/boras/samrad")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Samrådet</h1>"))
            #expect(page.text.contains("Karin Lund"))
            #expect(page.text.contains("Ordförande"))
            #expect(page.text.contains("3 ledamöter från kommunen och 3 från idéburen sektor: parterna är i balans."))
            #expect(page.text.contains("Tidigare ledamöter"))
            #expect(page.text.contains("Gunnar Åberg"))
            // E-mail addresses of members are never public.
            #expect(!page.text.contains(Demo.representative("boras")))
        }
    }

    @Test func theCoordinatorKeepsTheMembersAndTheirTerms() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            #expect(try await coordinator.get("/admin/orebro/samrad").status == .ok)
            #expect(try await coordinator.post("/admin/orebro/samrad", [("name", "Samverkansrådet"), ("description", "Leder arbetet.")]).status == .seeOther)
            #expect(try await coordinator.get("/admin/orebro/samrad/ledamoter/ny").status == .ok)
            let bad = try await coordinator.post("/admin/orebro/samrad/ledamoter", [
                ("name", ""), ("party", "both"), ("affiliation", "Förvaltningen"), ("role", "member"),
                ("termStart", "2026-05-01"), ("termEnd", "2025-01-01"), ("email", "inte-en-adress")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("error-summary"))
            #expect(try await coordinator.post("/admin/orebro/samrad/ledamoter", [
                ("name", "Ny Ledamot"), ("party", "municipality"), ("affiliation", "Förvaltningen"), ("role", "member"),
                ("termStart", "2026-01-01"), ("email", "Ny@Exempel.se")]).status == .seeOther)
            var page = try await Client(app).get("/orebro/samrad")
            #expect(page.text.contains("<h1>Samverkansrådet</h1>"))
            #expect(page.text.contains("Ny Ledamot"))
            #expect(page.text.contains("4 ledamöter från kommunen och 3 från idéburen sektor: parterna är inte i balans."))
            // Ending the term moves the member to the history.
            let member = try #require(try await CouncilMember.query(on: app.db).filter(\.$name == "Ny Ledamot").first())
            #expect(member.email == "ny@exempel.se")
            #expect(try await coordinator.post("/admin/orebro/samrad/ledamoter/\(member.id!)", [
                ("name", "Ny Ledamot"), ("party", "municipality"), ("affiliation", "Förvaltningen"), ("role", "member"),
                ("termStart", "2026-01-01"), ("termEnd", "2026-02-01")]).status == .seeOther)
            page = try await Client(app).get("/orebro/samrad")
            #expect(page.text.contains("parterna är i balans"))
            #expect(page.text.contains("2026-01-01 – 2026-02-01"))
            // Another municipality's coordinator cannot touch it, even with the member's id.
            let other = Client(app)
            try await other.login(Demo.coordinator("boras"))
            #expect(try await other.post("/admin/orebro/samrad/ledamoter/\(member.id!)/ta-bort").status == .forbidden)
            #expect(try await other.get("/admin/boras/samrad/ledamoter/\(member.id!)").status == .notFound)
        }
    }

    @Test func theRulesPageShowsEachRuleWithItsStatusAndEvidence() async throws {
        try await withTestApp { app in
            let page = try await Client(app).get("/sodertalje/regler")
            #expect(page.status == .ok)
            #expect(page.text.contains("Minst 2 dialogmöten per kalenderår"))
            #expect(page.text.contains("Överenskommelsen följs upp varje år"))
            #expect(page.text.contains("I riskzonen"))
            #expect(page.text.contains("Överenskommelsen revideras senast 2022-10-01"))
            // The deadline passed before the demo's rules are judged from (its first meeting): not judged.
            #expect(!page.text.contains("Skulle ha gjorts senast 2022-10-01."))
            #expect(page.text.contains("Inte bedömt"))
            // Evidence links to the meetings that count.
            let held = try #require(try await Meeting.query(on: app.db).filter(\.$title == "Dialogmöte: lokaler och samlingsplatser")
                .join(Municipality.self, on: \Meeting.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "sodertalje").first())
            #expect(page.text.contains("/sodertalje/moten/\(held.id!.uuidString)"))
            // The cancelled demo meeting is not evidence.
            let cancelled = try #require(try await Meeting.query(on: app.db).filter(\.$status == .cancelled)
                .filter(\.$municipality.$id == held.$municipality.id).first())
            #expect(!page.text.contains(cancelled.id!.uuidString))
            // Botkyrka's agreement has no rules.
            #expect(try await Client(app).get("/botkyrka/regler").text.contains("inga regler"))
        }
    }

    @Test func theCoordinatorRecordsAFollowUpAndTheRuleIsMet() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            #expect(try await coordinator.get("/admin/sodertalje/regler").text.contains("I riskzonen"))
            let tomorrow = ObligationCheck.localDate(Date()).adding(days: 1).description
            let future = try await coordinator.post("/admin/sodertalje/regler/handelser",
                                                    [("kind", "followUp"), ("date", tomorrow), ("title", "Framtida")])
            #expect(future.status == .unprocessableEntity)
            #expect(future.text.contains("kan inte vara i framtiden"))
            let today = ObligationCheck.localDate(Date()).description
            #expect(try await coordinator.post("/admin/sodertalje/regler/handelser",
                                               [("kind", "followUp"), ("date", today), ("title", "Uppföljning i samverkansgruppen")]).status == .seeOther)
            let m = try await Fixture.municipality(app, "sodertalje")
            let outcome = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            let followUp = try #require(outcome.results.first { $0.rule.type == .followUp })
            #expect(followUp.current?.status == .met)
            // Officers may not record evidence.
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.post("/admin/sodertalje/regler/handelser", [("kind", "followUp"), ("date", today), ("title", "X")]).status == .forbidden)
        }
    }

    @Test func theDashboardShowsRulesAtRiskToTheCoordinatorAndMeetingsToOfficers() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let page = try await coordinator.get("/admin")
            #expect(page.text.contains("Regler i riskzonen: 1"))
            #expect(page.text.contains("/admin/sodertalje/regler"))
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            let officerPage = try await officer.get("/admin")
            #expect(officerPage.text.contains("/admin/sodertalje/moten"))
            #expect(!officerPage.text.contains("/admin/sodertalje/regler"))
        }
    }

    @Test func theCoordinatorsAreWarnedOnceWhenARuleIsAtRisk() async throws {
        try await withTestApp { app in
            #expect(try await ObligationCheck.warnCoordinators(app: app, now: app.clock.now) >= 1)
            let warnings = try await Fixture.mail(app, to: Demo.coordinator("sodertalje")).filter { $0.kind == "obligation" }
            #expect(warnings.count == 1)
            #expect(warnings[0].body.contains("Överenskommelsen följs upp varje år"))
            #expect(warnings[0].body.contains("/admin/sodertalje/regler"))
            #expect(try await ObligationCheck.warnCoordinators(app: app, now: app.clock.now) == 0)
        }
    }

    @Test func onFirstOctoberWithOneDialogueMeetingHeldTheCoordinatorIsWarned() async throws {
        try await withTestApp(demo: false) { app in
            let m = Municipality(slug: "test", name: "Testkommun")
            try await m.create(on: app.db)
            let document = AgreementDocument(title: "Test", parties: .init(municipality: "Kommunen", civilSociety: "Sektorn"),
                                             metadata: .init(validFrom: CalendarDate("2024-01-01")),
                                             rules: [.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil)])
            _ = try await AgreementStore.importDocument(document, into: m, status: .inForce, on: app.db, now: app.clock.now)
            try await User(email: "samordnare@test.example", name: "S", passwordHash: "x", role: .coordinator, municipalityID: m.id, verifiedAt: app.clock.now).create(on: app.db)
            func at(_ date: String, _ hour: Int = 12) -> Date {
                guard case .exact(let t) = StockholmTime.utc(from: .init(date: CalendarDate(date)!, hour: hour, minute: 0)) else { return Date() }
                return Date(timeIntervalSince1970: TimeInterval(t))
            }
            // The municipality has kept its meetings here since last December.
            m.createdAt = at("2025-12-01")
            try await m.save(on: app.db)
            let meeting = Meeting()
            meeting.$municipality.id = m.id!
            meeting.kind = "dialogue"; meeting.title = "Vårens dialogmöte"; meeting.audience = .everyone
            meeting.startsAt = Int(at("2026-04-15", 18).timeIntervalSince1970); meeting.endsAt = meeting.startsAt + 7200
            meeting.status = .scheduled; meeting.sequence = 0
            try await meeting.create(on: app.db)
            #expect(try await ObligationCheck.warnCoordinators(app: app, now: at("2026-06-01")) == 0)
            #expect(try await ObligationCheck.warnCoordinators(app: app, now: at("2026-10-01")) == 1)
            let mail = try #require(try await Fixture.mail(app, to: "samordnare@test.example").first)
            #expect(mail.body.contains("1 möte till behövs senast 2026-12-31"))
        }
    }
}
