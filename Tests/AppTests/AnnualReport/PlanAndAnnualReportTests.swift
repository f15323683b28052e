@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The action plan's progress and period, and the annual report.
@Suite struct PlanAndAnnualReportTests {
    static var today: CalendarDate { ObligationCheck.localDate(Date()) }

    private func firstActivity(_ app: Application, _ slug: String) async throws -> PlanActivity {
        let m = try await Fixture.municipality(app, slug)
        let agreement = try await AgreementStore.version(1, of: m, on: app.db)
        let areas = try await DevelopmentArea.query(on: app.db).filter(\.$agreement.$id == agreement.requireID()).all(\.$id)
        return try #require(try await PlanActivity.query(on: app.db).filter(\.$area.$id ~~ areas).sort(\.$position).first())
    }

    @Test func staffRecordProgressAndThePublicSeesItWithOverdueActivitiesListed() async throws {
        try await withTestApp { app in
            let activity = try await firstActivity(app, "sodertalje")
            activity.dueDate = Self.today.adding(days: -10).description
            activity.status = "ongoing"
            try await activity.save(on: app.db)
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            let page = try await officer.get("/admin/sodertalje/handlingsplan")
            #expect(page.status == .ok)
            #expect(page.text.contains("Försenade aktiviteter"))
            #expect(page.text.contains("href=\"#a-\(activity.id!.uuidString)\""))
            // A note dated in the future is refused; a real one is kept with its author.
            let future = try await officer.post("/admin/sodertalje/handlingsplan/aktiviteter/\(activity.id!)", [
                ("status", "ongoing"), ("note", "Framtid"), ("date", Self.today.adding(days: 3).description)])
            #expect(future.status == .unprocessableEntity)
            #expect(try await officer.post("/admin/sodertalje/handlingsplan/aktiviteter/\(activity.id!)", [
                ("status", "done"), ("note", "Klart: rutinen är beslutad."), ("date", Self.today.description)]).status == .seeOther)
            #expect(try await PlanActivity.find(activity.id, on: app.db)?.status == "done")
            let note = try #require(try await ActivityNote.query(on: app.db).filter(\.$text == "Klart: rutinen är beslutad.").first())
            #expect(note.authorName.hasPrefix("Tjänsteperson"))
            let public_ = try await Client(app).get("/sodertalje/utvecklingsomraden")
            #expect(public_.text.contains("Klart: rutinen är beslutad."))
            #expect(public_.text.contains("Nästa översyn:"))
            // Officers record progress but do not set the plan's period; another municipality cannot touch it.
            #expect(try await officer.post("/admin/sodertalje/handlingsplan/period", [("periodStart", "2026-01-01")]).status == .forbidden)
            let other = Client(app)
            try await other.login(Demo.officer("boras"))
            #expect(try await other.post("/admin/sodertalje/handlingsplan/aktiviteter/\(activity.id!)", [("status", "done")]).status == .forbidden)
            let own = Client(app)
            try await own.login(Demo.officer("boras"))
            #expect(try await own.post("/admin/boras/handlingsplan/aktiviteter/\(activity.id!)", [("status", "done")]).status == .notFound)
        }
    }

    @Test func theCoordinatorSetsThePeriodAndTheFormRefusesAnEndBeforeTheStart() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            try await coordinator.get("/admin/boras/handlingsplan")
            let bad = try await coordinator.post("/admin/boras/handlingsplan/period", [("periodStart", "2026-01-01"), ("periodEnd", "2025-01-01")])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await coordinator.post("/admin/boras/handlingsplan/period", [
                ("periodStart", "2026-01-01"), ("periodEnd", "2027-12-31"), ("nextReview", "2027-06-01")]).status == .seeOther)
            let page = try await Client(app).get("/boras/utvecklingsomraden")
            #expect(page.text.contains("Planperiod: 2026-01-01 – 2027-12-31"))
            #expect(page.text.contains("Nästa översyn: 2027-06-01"))
        }
    }

    @Test func aRevisionKeepsThePlansPeriodAndProgressNotes() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let before = try await ActivityNote.query(on: app.db).count()
            #expect(before > 0)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            #expect(try await coordinator.post("/admin/sodertalje/revision").status == .seeOther)
            let draft = try await AgreementStore.version(2, of: m, on: app.db)
            let current = try await AgreementStore.version(1, of: m, on: app.db)
            #expect(draft.planNextReview == current.planNextReview)
            #expect(try await ActivityNote.query(on: app.db).count() == 2 * before)
            // Discarding the draft removes its copies and nothing else.
            #expect(try await coordinator.post("/admin/sodertalje/version/2/kasta", [("confirmed", "1")]).status == .seeOther)
            #expect(try await ActivityNote.query(on: app.db).count() == before)
        }
    }

    @Test func theAnnualReportAssemblesTheYearAndIsPublicOnlyWhenPublished() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let round = try #require(try await FollowUpRound.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .published).sort(\.$year, .descending).first())
            let year = round.year
            #expect(try await Client(app).get("/sodertalje/arsrapport/\(year)").status == .notFound)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let preview = try await coordinator.get("/admin/sodertalje/arsrapport/\(year)")
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Uppföljningen"))
            #expect(preview.text.contains("Långsiktighet"))
            #expect(try await coordinator.post("/admin/sodertalje/arsrapport/\(year)", [
                ("introduction", "Ett år då samverkansgruppen fick fart."), ("action", "publish")]).status == .seeOther)
            let report = try await Client(app).get("/sodertalje/arsrapport/\(year)")
            #expect(report.status == .ok)
            #expect(report.text.contains("Ett år då samverkansgruppen fick fart."))
            #expect(report.text.contains("Överenskommelsens regler"))
            #expect(report.text.contains("/sodertalje/uppfoljning/\(year)"))
            // The index lists it, and an officer may not publish.
            #expect(try await Client(app).get("/sodertalje/uppfoljning").text.contains("/sodertalje/arsrapport/\(year)"))
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.post("/admin/sodertalje/arsrapport/\(year)", [("action", "unpublish")]).status == .forbidden)
            #expect(try await Client(app).get("/sodertalje/arsrapport/abc").status == .notFound)
        }
    }

    @Test func aClosedRoundCountsAsTheYearlyFollowUpForTheRules() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            var outcome = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            #expect(outcome.results.first { $0.rule.type == .followUp }?.current?.status == .atRisk)
            let open = try #require(try await FollowUpRound.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .open).first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            #expect(try await coordinator.post("/admin/sodertalje/uppfoljning/\(open.year)/stang").status == .seeOther)
            outcome = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            #expect(outcome.results.first { $0.rule.type == .followUp }?.current?.status == .met)
            #expect(try await coordinator.get("/sodertalje/regler").text.contains("Uppföljningen \(open.year)"))
        }
    }
}
