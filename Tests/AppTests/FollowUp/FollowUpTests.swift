@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The yearly follow-up: creating and opening a round, answering, the refusals, comment review,
/// the report with its suppression and year-to-year comparison, and the exports.
@Suite struct FollowUpTests {
    static var today: CalendarDate { ObligationCheck.localDate(Date()) }

    /// A round for Borås in a year the demo does not use, opened by the coordinator through the pages.
    private func openRound(_ app: Application, _ coordinator: Client, year: Int = 2031, minimum: Int = 1) async throws -> FollowUpRound {
        try await coordinator.login(Demo.coordinator("boras"))
        #expect(try await coordinator.get("/admin/boras/uppfoljning").status == .ok)
        let created = try await coordinator.post("/admin/boras/uppfoljning", [
            ("year", String(year)), ("opensOn", Self.today.adding(days: -1).description),
            ("closesOn", Self.today.adding(days: 20).description), ("minimum", String(minimum))])
        #expect(created.status == .seeOther)
        #expect(try await coordinator.post("/admin/boras/uppfoljning/\(year)/fragor", [
            ("questionText", "Vilka mötesformer passar er?"), ("questionKind", "multiple"), ("questionOptions", "Kvällsmöten\nDigitala möten\nHelgmöten")]).status == .seeOther)
        #expect(try await coordinator.post("/admin/boras/uppfoljning/\(year)/fragor", [
            ("questionText", "Vad vill ni ändra i överenskommelsen?"), ("questionKind", "text")]).status == .seeOther)
        // Opening asks first, with the recipients and the invitation; nothing is sent or opened yet.
        let asked = try await coordinator.post("/admin/boras/uppfoljning/\(year)/oppna")
        #expect(asked.status == .ok)
        #expect(asked.text.contains("Öppna och skicka inbjudningar"))
        #expect(asked.text.contains(Demo.representative("boras")))
        #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count() == 0)
        #expect(try await FollowUpRound.query(on: app.db).filter(\.$year == year).first()?.status == .draft)
        #expect(try await coordinator.post("/admin/boras/uppfoljning/\(year)/oppna", [("confirmed", "1")]).status == .seeOther)
        return try #require(try await FollowUpRound.query(on: app.db).filter(\.$year == year)
            .join(Municipality.self, on: \FollowUpRound.$municipality.$id == \Municipality.$id).filter(Municipality.self, \.$slug == "boras").first())
    }

    private func questions(_ app: Application, _ round: FollowUpRound) async throws -> [FollowUpQuestion] {
        try await FollowUpQuestion.query(on: app.db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
    }

    @Test func aRoundIsMadeFromTheAgreementOneQuestionPerCommitmentGroupedByPrinciple() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            let round = try await openRound(app, coordinator)
            let qs = try await questions(app, round)
            let m = try await Fixture.municipality(app, "boras")
            let agreement = try await AgreementStore.version(1, of: m, on: app.db)
            let commitments = try await Commitment.query(on: app.db).filter(\.$agreement.$id == agreement.requireID()).count()
            #expect(qs.filter { $0.kind == .commitment }.count == commitments)
            #expect(qs.filter { $0.kind == .commitment }.allSatisfy { $0.$principle.id != nil })
            #expect(qs.last?.kind == .text)
            // Invitations went to the signatories' representatives and to every department.
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count() >= 6)
            let page = try await coordinator.get("/admin/boras/uppfoljning/2031")
            #expect(page.text.contains("Öppen för svar"))
            // Questions cannot change once open.
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2031/fragor", [("questionText", "Sen"), ("questionKind", "text")]).status == .conflict)
            // A second round for the same year is refused with a message.
            let twice = try await coordinator.post("/admin/boras/uppfoljning", [
                ("year", "2031"), ("opensOn", "2031-01-01"), ("closesOn", "2031-02-01")])
            #expect(twice.status == .unprocessableEntity)
            #expect(twice.text.contains("Det finns redan en uppföljning för 2031."))
        }
    }

    @Test func aRepresentativeSavesADraftThenSubmitsAndCannotAnswerTwice() async throws {
        try await withTestApp { app in
            let round = try await openRound(app, Client(app))
            let qs = try await questions(app, round)
            let org = try await Fixture.representedOrganisation(app, "boras")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let path = "/admin/boras/foreningar/\(org.id!)/uppfoljning/2031"
            let form = try await rep.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains("4 – i hög grad"))
            #expect(form.text.contains("Vet inte"))
            let first = qs[0], second = qs[1], choice = qs[qs.count - 2], text = qs[qs.count - 1]
            // A draft keeps what was given.
            #expect(try await rep.post(path, [("q-\(first.id!)", "4"), ("c-\(first.id!)", "Bra möten"), ("action", "save")]).status == .seeOther)
            var response = try #require(try await FollowUpResponse.query(on: app.db).filter(\.$organisation.$id == org.requireID()).first())
            #expect(response.status == .draft)
            #expect(try await rep.get(path).text.contains("Bra möten"))
            #expect(try await FollowUpAnswer.query(on: app.db).filter(\.$response.$id == response.requireID()).filter(\.$counted == true).count() == 0)
            // A value off the scale is refused.
            #expect(try await rep.post(path, [("q-\(first.id!)", "9"), ("action", "submit")]).status == .unprocessableEntity)
            let partialAnswer = [
                ("q-\(first.id!)", "4"), ("q-\(second.id!)", FollowUpAnswers.dontKnow), ("q-\(choice.id!)", "0"), ("q-\(choice.id!)", "2"),
                ("q-\(text.id!)", "Fler träffar på kvällstid."), ("action", "submit")]
            // Submitting with questions left open keeps a draft and names them, with a link to each.
            let held = try await rep.post(path, partialAnswer)
            #expect(held.status == .ok)
            #expect(held.text.contains("\(qs.count - 4) av \(qs.count) frågor är inte besvarade"))
            #expect(held.text.contains("href=\"#q-\(qs[2].id!.uuidString)\""))
            #expect(!held.text.contains("href=\"#q-\(first.id!.uuidString)\""))
            #expect(held.text.contains("Skicka in ändå"))
            #expect(held.text.contains("Fler träffar på kvällstid."), "what was typed is kept")
            #expect(try await FollowUpResponse.find(response.id, on: app.db)?.status == .draft)
            #expect(try await FollowUpAnswer.query(on: app.db).filter(\.$response.$id == response.requireID()).filter(\.$counted == true).count() == 0)
            // Confirmed, the partial answer is submitted and counts.
            #expect(try await rep.post(path, partialAnswer + [("partial", "1")]).status == .seeOther)
            response = try #require(try await FollowUpResponse.find(response.id, on: app.db))
            #expect(response.status == .submitted)
            let answers = try await FollowUpAnswer.query(on: app.db).filter(\.$response.$id == response.requireID()).all()
            #expect(answers.allSatisfy { $0.counted })
            #expect(answers.first { $0.$question.id == choice.id }?.choiceMask == 0b101)
            #expect(answers.first { $0.$question.id == second.id }?.dontKnow == true)
            // Answering twice is refused, and the page says it is done.
            #expect(try await rep.post(path, [("q-\(first.id!)", "1"), ("action", "submit")]).status == .conflict)
            #expect(try await rep.get(path).text.contains("Svaren skickades in"))
        }
    }

    @Test func theRefusalsOtherOrganisationClosedRoundAndStaff() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            let round = try await openRound(app, coordinator)
            let qs = try await questions(app, round)
            // Another organisation's questionnaire.
            let other = try await Fixture.organisation(app, "Kulturföreningen Hässleholmen")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            #expect(try await rep.get("/admin/boras/foreningar/\(other.id!)/uppfoljning/2031").status == .forbidden)
            #expect(try await rep.post("/admin/boras/foreningar/\(other.id!)/uppfoljning/2031", [("action", "submit")]).status == .forbidden)
            // Staff do not answer for an organisation.
            let org = try await Fixture.representedOrganisation(app, "boras")
            #expect(try await coordinator.get("/admin/boras/foreningar/\(org.id!)/uppfoljning/2031").status == .forbidden)
            // After closing, nobody answers.
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2031/stang").status == .seeOther)
            let late = try await rep.post("/admin/boras/foreningar/\(org.id!)/uppfoljning/2031", [("q-\(qs[0].id!)", "3"), ("action", "submit")])
            #expect(late.status == .conflict)
            #expect(late.text.contains("tar inte emot svar"))
            #expect(try await rep.get("/admin/boras/foreningar/\(org.id!)/uppfoljning/2031").text.contains("Enkäten stängde"))
        }
    }

    /// The questionnaire link from the latest mail to the department.
    private func departmentPath(_ app: Application, _ response: FollowUpResponse) async throws -> String {
        let department = try await response.$department.get(on: app.db)
        let email = try #require(department?.email)
        let mail = try #require(try await Fixture.mail(app, to: email).last)
        let link = try #require(Fixture.link(in: mail, path: "/boras/uppfoljning/svar/"))
        return String(link[link.range(of: "/boras/")!.lowerBound...])
    }

    @Test func departmentsAnswerThroughTheirLink() async throws {
        try await withTestApp { app in
            let round = try await openRound(app, Client(app))
            let qs = try await questions(app, round)
            let response = try #require(try await FollowUpResponse.query(on: app.db).filter(\.$round.$id == round.requireID())
                .filter(\.$token != nil).with(\.$department).first())
            let path = try await departmentPath(app, response)
            // Only the token's hash is kept.
            #expect(!path.contains(response.token!))
            let client = Client(app)
            #expect(try await client.get(path).text.contains(response.department!.name))
            #expect(try await client.post(path, [("q-\(qs[0].id!)", "5"), ("action", "submit"), ("partial", "1")]).status == .seeOther)
            #expect(try await FollowUpResponse.find(response.id, on: app.db)?.status == .submitted)
            #expect(try await client.get("/boras/uppfoljning/svar/fel-lank").status == .notFound)
        }
    }

    @Test func theReportShowsBothSidesSuppressesSmallGroupsAndCommentsOnlyWhenApproved() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            let round = try await openRound(app, coordinator, minimum: 3)
            let qs = try await questions(app, round)
            let first = qs[0]
            // Three departments and one organisation answer: the municipality's figure shows, civil society's does not.
            let departments = try await FollowUpResponse.query(on: app.db).filter(\.$round.$id == round.requireID())
                .filter(\.$token != nil).with(\.$department).all()
            for (i, d) in departments.prefix(3).enumerated() {
                try await Client(app).post(try await departmentPath(app, d), [
                    ("q-\(first.id!)", String([2, 4, 5][i])), ("c-\(first.id!)", "Kommentar \(i)"), ("action", "submit"), ("partial", "1")])
            }
            let org = try await Fixture.representedOrganisation(app, "boras")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            try await rep.post("/admin/boras/foreningar/\(org.id!)/uppfoljning/2031", [("q-\(first.id!)", "1"), ("action", "submit"), ("partial", "1")])

            // Not public before it is published.
            #expect(try await Client(app).get("/boras/uppfoljning/2031").status == .notFound)
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2031/publicera").status == .conflict)
            try await coordinator.post("/admin/boras/uppfoljning/2031/stang")
            // Comments wait for review; approve one.
            let review = try await coordinator.get("/admin/boras/uppfoljning/2031")
            #expect(review.text.contains("Kommentar 0"))
            let comment = try #require(try await FollowUpAnswer.query(on: app.db).filter(\.$comment == "Kommentar 1").first())
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2031/kommentarer/\(comment.id!)", [("decision", "approved")]).status == .seeOther)
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2031/publicera").status == .seeOther)

            let report = try await Client(app).get("/boras/uppfoljning/2031")
            #expect(report.status == .ok)
            // (2 + 4 + 5) / 3
            #expect(report.text.contains("<td>3,7</td>"))
            #expect(report.text.contains("För få svar för att visas (färre än 3)."))
            #expect(report.text.contains("Kommentar 1"))
            #expect(!report.text.contains("Kommentar 0"))
            #expect(report.text.contains("<svg"))
            // A summary per principle and the contents come before the details, linked to them.
            #expect(report.text.contains(#"<h2 id="sammanfattning">Sammanfattning</h2>"#))
            #expect(report.text.contains(#"<nav class="report-contents" aria-label="Innehåll">"#))
            #expect(report.text.contains(##"href="#princip-1""##))
            #expect(report.text.contains(#"<section class="report-section" id="princip-1">"#))
            #expect(report.text.contains("Svarsfrekvens"))
        }
    }

    @Test func theExportsAreCSVWithoutSmallGroupsOrNames() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let round = try #require(try await FollowUpRound.query(on: app.db).filter(\.$status == .published)
                .join(Municipality.self, on: \FollowUpRound.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "orebro").sort(\.$year, .descending).first())
            let answers = try await client.get("/orebro/uppfoljning/\(round.year)/svar.csv")
            #expect(answers.status == .ok)
            #expect(answers.headers.contentType?.subType == "csv")
            #expect(answers.text.hasPrefix("\u{FEFF}svarande,part,fraga_nr"))
            for name in DemoData.organisations(for: "orebro").map(\.name) + DemoData.departments {
                #expect(!answers.text.contains(name))
            }
            let aggregates = try await client.get("/orebro/uppfoljning/\(round.year)/aggregat.csv")
            #expect(aggregates.text.contains("antal_svar,medelvarde"))
            #expect(aggregates.text.contains(",municipality,6,"))
            // An unpublished year has no exports.
            #expect(try await client.get("/orebro/uppfoljning/1999/svar.csv").status == .notFound)
        }
    }

    @Test func theReportComparesYearsAcrossVersionsByTextOrLink() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            let rounds = try await FollowUpRound.query(on: app.db).filter(\.$municipality.$id == m.requireID()).sort(\.$year).all()
            #expect(rounds.count == 2)
            let report = try await Client(app).get("/orebro/uppfoljning/\(rounds[1].year)")
            #expect(report.text.contains("Tidigare år"))
            #expect(report.text.contains("<th scope=\"row\">\(rounds[0].year)</th>"))

            // A revision rewords a commitment: the coordinator links it and the series goes on.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            #expect(try await coordinator.post("/admin/orebro/revision").status == .seeOther)
            let draft = try await AgreementStore.version(2, of: m, on: app.db)
            let reworded = try #require(try await Commitment.query(on: app.db).filter(\.$agreement.$id == draft.requireID()).sort(\.$position).first())
            let oldText = reworded.text
            reworded.text = "Ett omformulerat åtagande om samma sak"
            try await reworded.save(on: app.db)
            try await coordinator.post("/admin/orebro/version/2/publicera", [("confirmed", "1")])
            let year = rounds[1].year + 1
            try await coordinator.post("/admin/orebro/uppfoljning", [("year", String(year)), ("opensOn", Self.today.description),
                                                                      ("closesOn", Self.today.adding(days: 5).description), ("minimum", "1")])
            let page = try await coordinator.get("/admin/orebro/uppfoljning/\(year)")
            #expect(page.text.contains("Koppla till åtaganden från \(rounds[1].year)"))
            let earlier = try #require(try await FollowUpQuestion.query(on: app.db).filter(\.$round.$id == rounds[1].requireID())
                .filter(\.$text == oldText).first())
            #expect(try await coordinator.post("/admin/orebro/uppfoljning/\(year)/kopplingar",
                                               [("to", reworded.id!.uuidString), ("from", earlier.$commitment.id!.uuidString)]).status == .seeOther)
            #expect(try await CommitmentLink.query(on: app.db).count() == 1)
            #expect(!(try await coordinator.get("/admin/orebro/uppfoljning/\(year)").text.contains("Ett omformulerat åtagande om samma sak</label>")))
        }
    }

    @Test func theReportRunsTheSameStatementsForFewAndManyAnswers() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            func statements(_ round: FollowUpRound) async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                _ = try await FollowUpReport.query(db: db, municipality: m, round: round, t: Translator(catalogue: app.catalogue, locale: .sv), chrome: .plain)
                return log.count
            }
            let (small, _) = try await AnswerGenerator.generate(respondents: 4, in: m, on: app.db, now: app.clock.now)
            let (large, answers) = try await AnswerGenerator.generate(respondents: 300, in: m, on: app.db, now: app.clock.now)
            #expect(answers > 5000)
            let rounds = try await FollowUpRound.query(on: app.db).filter(\.$municipality.$id == m.requireID()).all()
            let few = try await statements(try #require(rounds.first { $0.year == small }))
            let many = try await statements(try #require(rounds.first { $0.year == large }))
            #expect(few == many)
            #expect(many == 10)
        }
    }

    /// Opened ahead of its answer window, a round invites nobody until the window's first day;
    /// then the job invites everyone once, and an organisation that signs while it is open too.
    @Test func invitationsGoOnTheOpeningDayAndReachLateSignatories() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let today = app.clock.today
            try await coordinator.post("/admin/boras/uppfoljning", [
                ("year", "2032"), ("opensOn", today.adding(days: 5).description), ("closesOn", today.adding(days: 30).description),
                ("minimum", "1")])
            let asked = try await coordinator.post("/admin/boras/uppfoljning/2032/oppna")
            #expect(asked.text.contains("Ingen får e-post i det här steget."))
            #expect(try await coordinator.post("/admin/boras/uppfoljning/2032/oppna", [("confirmed", "1")]).status == .seeOther)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count() == 0)
            // The questionnaire says when it opens, not that it has closed.
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let org = try await Fixture.representedOrganisation(app, "boras")
            let early = try await rep.get("/admin/boras/foreningar/\(org.id!)/uppfoljning/2032")
            #expect(early.text.contains("Enkäten öppnar \(today.adding(days: 5))"))
            #expect(!early.text.contains("stängde"))
            #expect(try await FollowUpRounds.inviteDue(app: app, now: app.clock.now, today: app.clock.today) == 0)

            // On the opening day everyone is invited, once.
            app.clock.advance(by: 5 * 86_400)
            let invited = try await FollowUpRounds.inviteDue(app: app, now: app.clock.now, today: app.clock.today)
            #expect(invited > 0)
            #expect(try await Fixture.mail(app, to: Demo.representative("boras")).contains { $0.subject.contains("2032") })
            #expect(try await FollowUpRounds.inviteDue(app: app, now: app.clock.now, today: app.clock.today) == 0)

            // An organisation that becomes a signatory while the round is open is added and invited.
            let late = try #require(try await Organisation.query(on: app.db)
                .join(Municipality.self, on: \Organisation.$municipality.$id == \Municipality.$id).filter(Municipality.self, \.$slug == "boras")
                .filter(\.$status == .approved).filter(\.$signatorySince == nil).first())
            late.signatorySince = app.clock.today.description
            try await late.save(on: app.db)
            #expect(try await FollowUpRounds.inviteDue(app: app, now: app.clock.now, today: app.clock.today) == 1)
            let round = try #require(try await FollowUpRound.query(on: app.db).filter(\.$year == 2032).first())
            #expect(try await FollowUpResponse.query(on: app.db).filter(\.$round.$id == round.requireID())
                .filter(\.$organisation.$id == late.requireID()).count() == 1)
        }
    }

    @Test func remindersAreConfirmedBeforeTheyGo() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            let round = try await openRound(app, coordinator)
            let before = try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count()
            let asked = try await coordinator.post("/admin/boras/uppfoljning/\(round.year)/paminn")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Skicka påminnelser"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count() == before)
            #expect(try await coordinator.post("/admin/boras/uppfoljning/\(round.year)/paminn", [("confirmed", "1")]).status == .seeOther)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "followUp").count() > before)
        }
    }


    /// The coordinator opens a submitted answer again: it stops counting, the respondent is told
    /// and can change it, and it counts again once submitted.
    @Test func theCoordinatorReopensASubmittedAnswer() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            let round = try await openRound(app, coordinator)
            let qs = try await questions(app, round)
            let org = try await Fixture.representedOrganisation(app, "boras")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let path = "/admin/boras/foreningar/\(org.id!)/uppfoljning/2031"
            try await rep.post(path, [("q-\(qs[0].id!)", "2"), ("action", "submit"), ("partial", "1")])
            let response = try #require(try await FollowUpResponse.query(on: app.db).filter(\.$organisation.$id == org.requireID()).first())
            #expect(response.status == .submitted)
            let page = try await coordinator.get("/admin/boras/uppfoljning/2031")
            let reopen = "/admin/boras/uppfoljning/2031/svar/\(response.id!.uuidString)/oppna-igen"
            #expect(page.text.contains(reopen))
            let asked = try await coordinator.post(reopen)
            #expect(asked.text.contains("Ert svar på uppföljningen 2031 kan ändras"))
            #expect(try await FollowUpResponse.find(response.id, on: app.db)?.status == .submitted)
            #expect(try await coordinator.post(reopen, [("confirmed", "1")]).status == .seeOther)
            #expect(try await FollowUpResponse.find(response.id, on: app.db)?.status == .draft)
            #expect(try await FollowUpAnswer.query(on: app.db).filter(\.$response.$id == response.requireID()).filter(\.$counted == true).count() == 0)
            #expect(try await Fixture.mail(app, to: Demo.representative("boras")).contains { $0.subject == "Ert svar på uppföljningen 2031 kan ändras" })
            // The answer given is still there; changed and submitted, it counts again.
            let form = try await rep.get(path)
            #expect(form.text.contains("value=\"2\" checked"))
            #expect(try await rep.post(path, [("q-\(qs[0].id!)", "4"), ("action", "submit"), ("partial", "1")]).status == .seeOther)
            #expect(try await FollowUpAnswer.query(on: app.db).filter(\.$response.$id == response.requireID()).filter(\.$counted == true).first()?.rating == 4)
            // A draft cannot be "reopened".
            try await coordinator.post(reopen, [("confirmed", "1")])
            try await coordinator.post(reopen, [("confirmed", "1")])
            #expect(try await coordinator.post(reopen, [("confirmed", "1")]).status == .conflict)
        }
    }

}
