@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Volunteering: an organisation posts an assignment, the coordinator reviews it, a resident
/// offers help and confirms the address, the organisation answers; reminders, expiry, retention,
/// figures, and what public pages never show.
@Suite struct VolunteeringTests {
    private func day(_ app: Application, _ offset: Int) -> String { app.clock.today.adding(days: offset).description }

    /// A valid assignment for one occasion ten days ahead, with `changes` replacing fields.
    private func fields(_ app: Application, title: String, _ changes: [String: String] = [:], extra: [(String, String)] = []) -> [(String, String)] {
        var values = ["title": title, "description": "Vi behöver hjälp att duka fram och plocka undan.", "area": "", "schedule": "once",
                      "date": day(app, 10), "start": "10:00", "end": "12:00", "days": "any", "timeNeeded": "2 timmar",
                      "address": "Folkets hus", "district": "", "minAge": "", "wanted": "2", "lastDay": day(app, 8), "recurrence": ""]
        values.merge(changes) { $1 }
        return values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("languages", "sv")] + extra
    }

    private func assignment(_ app: Application, _ title: String) async throws -> VolunteerAssignment {
        try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$title == title).first())
    }

    private func interest(_ app: Application, _ email: String) async throws -> VolunteerInterest {
        try #require(try await VolunteerInterest.query(on: app.db).filter(\.$email == email).first())
    }

    /// The path of the volunteer's page in the newest mail to `email`.
    private func offerLink(_ app: Application, _ slug: String, to email: String) async throws -> String {
        let mail = try #require(try await Fixture.mail(app, to: email).last)
        return try #require(Fixture.link(in: mail, path: "/\(slug)/frivilliguppdrag/mitt-intresse/"))
    }

    private func post(_ client: Client, _ slug: String, _ o: Organisation, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
        try await client.get("/admin/\(slug)/foreningar/\(o.id!)/frivilliguppdrag/ny")
        return try await client.post("/admin/\(slug)/foreningar/\(o.id!)/frivilliguppdrag", fields)
    }

    /// Sends an offer as a resident without an account; returns the resident's client.
    @discardableResult
    private func offer(_ app: Application, _ slug: String, _ a: VolunteerAssignment, name: String, email: String,
                       message: String = "Jag kan hjälpa till.") async throws -> (Client, TestingHTTPResponse) {
        let resident = Client(app)
        try await resident.get("/\(slug)/frivilliguppdrag/\(a.id!)")
        let res = try await resident.post("/\(slug)/frivilliguppdrag/\(a.id!)/intresse",
                                          [("name", name), ("email", email), ("phone", "08-123 45"), ("message", message)])
        return (resident, res)
    }

    // MARK: Posting and review

    @Test func anAssignmentIsPublicOnlyOnceTheCoordinatorHasApprovedIt() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "botkyrka")
            let rep = Client(app)
            try await rep.login(Demo.representative("botkyrka"))
            let res = try await post(rep, "botkyrka", o, fields(app, title: "Fikavärdar till höstfesten"))
            #expect(res.status == .seeOther)
            var a = try await assignment(app, "Fikavärdar till höstfesten")
            #expect(a.status == .pending)
            let visitor = Client(app)
            #expect(!(try await visitor.get("/botkyrka/frivilliguppdrag").text.contains("Fikavärdar till höstfesten")))
            #expect(try await visitor.get("/botkyrka/frivilliguppdrag/\(a.id!)").status == .notFound)
            let review = try #require(try await Fixture.mail(app, to: Demo.coordinator("botkyrka")).last)
            #expect(review.subject == "Frivilliguppdrag att granska: Fikavärdar till höstfesten")

            // Sent back: a reason is required, and it is mailed.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            try await coordinator.get("/admin/botkyrka/frivilliguppdrag/\(a.id!)")
            let noReason = try await coordinator.post("/admin/botkyrka/frivilliguppdrag/\(a.id!)/skicka-tillbaka", [("reason", " ")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Fyll i det här fältet") || noReason.text.contains("error-message"))
            try await coordinator.post("/admin/botkyrka/frivilliguppdrag/\(a.id!)/skicka-tillbaka", [("reason", "Skriv var i Folkets hus ni ses.")])
            a = try await assignment(app, "Fikavärdar till höstfesten")
            #expect(a.status == .returned)
            let returned = try #require(try await Fixture.mail(app, to: Demo.representative("botkyrka")).last)
            #expect(returned.body.contains("Skriv var i Folkets hus ni ses."))
            #expect(try await rep.get("/admin/botkyrka/foreningar/\(o.id!)/frivilliguppdrag/\(a.id!)").text.contains("Skriv var i Folkets hus ni ses."))

            // Edited, it goes for review again; approved, it is public and the organisation is told.
            try await rep.get("/admin/botkyrka/foreningar/\(o.id!)/frivilliguppdrag/\(a.id!)/andra")
            try await rep.post("/admin/botkyrka/foreningar/\(o.id!)/frivilliguppdrag/\(a.id!)/andra",
                               fields(app, title: "Fikavärdar till höstfesten", ["address": "Folkets hus, stora salen"]))
            #expect(try await assignment(app, "Fikavärdar till höstfesten").status == .pending)
            try await coordinator.get("/admin/botkyrka/frivilliguppdrag/\(a.id!)")
            #expect(try await coordinator.post("/admin/botkyrka/frivilliguppdrag/\(a.id!)/godkann").status == .seeOther)
            #expect(try await assignment(app, "Fikavärdar till höstfesten").status == .published)
            #expect(try #require(try await Fixture.mail(app, to: Demo.representative("botkyrka")).last).subject
                    == "Ert frivilliguppdrag är publicerat: Fikavärdar till höstfesten")
            let list = try await visitor.get("/botkyrka/frivilliguppdrag").text
            #expect(list.contains("Fikavärdar till höstfesten"))
            let page = try await visitor.get("/botkyrka/frivilliguppdrag/\(a.id!)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Folkets hus, stora salen"))
            #expect(page.text.contains(o.name))
            // Approving twice is refused.
            #expect(try await coordinator.post("/admin/botkyrka/frivilliguppdrag/\(a.id!)/godkann").status == .conflict)
        }
    }

    @Test func theFormRefusesWhatCannotBeAnAssignmentAndKeepsWhatWasTyped() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "orebro")
            let rep = Client(app)
            try await rep.login(Demo.representative("orebro"))
            let cases: [([String: String], String)] = [
                (["title": ""], "Fyll i"),
                (["lastDay": day(app, -1)], "Sista dagen har redan varit."),
                (["lastDay": day(app, 12)], "Sista dagen att anmäla intresse kan inte vara efter tillfället."),
                (["address": ""], "Skriv en adress eller välj kommundel"),
                (["end": "09:00"], "Sluttiden måste vara efter starttiden."),
                (["start": "25:99"], "Skriv tiden som TT:MM"),
                (["wanted": "0"], "mellan 1 och 500"),
                (["schedule": "recurring"], "Fyll i"),
            ]
            for (change, message) in cases {
                let res = try await post(rep, "orebro", o, fields(app, title: "Trasigt uppdrag", change))
                #expect(res.status == .unprocessableEntity, "\(change)")
                #expect(res.text.contains(message), "\(change): \(message)")
                #expect(res.text.contains("Vi behöver hjälp att duka fram"), "keeps the description for \(change)")
            }
            let young = try await post(rep, "orebro", o, fields(app, title: "Trasigt uppdrag", ["minAge": "18"], extra: [("flags", "young")]))
            #expect(young.text.contains("kan inte ha 18 år eller mer"))
            let noLanguage = try await rep.post("/admin/orebro/foreningar/\(o.id!)/frivilliguppdrag",
                                                fields(app, title: "Trasigt uppdrag").filter { $0.0 != "languages" })
            #expect(noLanguage.text.contains("Välj minst ett språk."))
            let badLanguage = try await rep.post("/admin/orebro/foreningar/\(o.id!)/frivilliguppdrag",
                                                 fields(app, title: "Trasigt uppdrag", extra: [("languages", "xx")]))
            #expect(badLanguage.status == .unprocessableEntity)
            // Online needs no address.
            let online = try await post(rep, "orebro", o, fields(app, title: "Läxhjälp på nätet", ["address": ""], extra: [("flags", "online")]))
            #expect(online.status == .seeOther)
            #expect(try await VolunteerAssignment.query(on: app.db).filter(\.$title == "Trasigt uppdrag").count() == 0)
        }
    }

    @Test func aMunicipalityMayLetOnlySignatoriesPost() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "eslov")
            let own = try await Fixture.representedOrganisation(app, "eslov")
            #expect(own.signatorySince != nil)
            // A second organisation of the same representative, approved but not a signatory.
            let other = Organisation()
            other.$municipality.id = try m.requireID()
            other.name = "Nya föreningen i Eslöv"
            other.legalForm = .ideellForening
            other.status = .approved
            other.searchText = "nya foreningen i eslov"
            try await other.create(on: app.db)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("eslov")).first())
            try await OrganisationRepresentative(organisationID: other.requireID(), userID: user.requireID()).create(on: app.db)
            let rep = Client(app)
            try await rep.login(Demo.representative("eslov"))
            #expect(try await rep.get("/admin/eslov/foreningar/\(other.id!)/frivilliguppdrag/ny").status == .ok)

            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            try await coordinator.get("/admin/eslov/frivilliguppdrag")
            #expect(try await coordinator.post("/admin/eslov/frivilliguppdrag/installningar", [("retentionMonths", "0")]).status == .unprocessableEntity)
            try await coordinator.post("/admin/eslov/frivilliguppdrag/installningar", [("signatoriesOnly", "1"), ("retentionMonths", "6")])
            let saved = try await Fixture.municipality(app, "eslov")
            #expect(saved.volunteerSignatoriesOnly == true)
            #expect(saved.volunteerRetention == 6)

            let refused = try await rep.get("/admin/eslov/foreningar/\(other.id!)/frivilliguppdrag/ny")
            #expect(refused.status == .forbidden)
            #expect(try await rep.post("/admin/eslov/foreningar/\(other.id!)/frivilliguppdrag", fields(app, title: "Får inte")).status == .forbidden)
            #expect(try await rep.get("/admin/eslov/foreningar/\(other.id!)/frivilliguppdrag").text.contains("bara föreningar som undertecknat"))
            #expect(try await post(rep, "eslov", own, fields(app, title: "Får gärna")).status == .seeOther)
            // An organisation not yet approved may not post at all.
            other.status = .pending
            try await other.save(on: app.db)
            try await coordinator.post("/admin/eslov/frivilliguppdrag/installningar", [("retentionMonths", "6")])
            #expect(try await rep.get("/admin/eslov/foreningar/\(other.id!)/frivilliguppdrag/ny").status == .forbidden)
        }
    }

    // MARK: Offering help

    @Test func theOrganisationGetsAnOfferOnlyOnceTheAddressIsConfirmed() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let own = try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$title == "Funktionärer till ungdomscupen").with(\.$organisation).first()
            let o = try #require(own?.organisation)
            let reps = try await Mailer(db: app.db, app: app).representatives(of: o).map(\.email)
            #expect(reps == [Demo.representative("boras")])
            let mailsBefore = try await OutboxMessage.query(on: app.db).filter(\.$toAddress ~~ reps).count()

            let assignmentID = try #require(own?.id)
            let boras = try #require(own)
            let (resident, res) = try await offer(app, "boras", boras, name: "Ingrid Prov", email: "Ingrid.Prov@Exempel.se")
            #expect(res.status == .ok)
            #expect(res.text.contains("ingrid.prov@exempel.se"))
            let unconfirmed = try await interest(app, "ingrid.prov@exempel.se")
            #expect(unconfirmed.status == .unconfirmed)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$toAddress ~~ reps).count() == mailsBefore, "nothing to the organisation yet")
            let link = try await offerLink(app, "boras", to: "ingrid.prov@exempel.se")

            // The organisation does not see it before the address is confirmed.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let orgPage = "/admin/boras/foreningar/\(o.id!)/frivilliguppdrag/\(assignmentID)"
            #expect(!(try await coordinator.get(orgPage).text.contains("Ingrid Prov")))
            #expect(try await coordinator.post(orgPage + "/intressen/\(unconfirmed.id!)", [("decision", "accepted"), ("answer", "Välkommen")]).status == .notFound)

            // The same address again: one offer, and a mail with the link again.
            let (_, again) = try await offer(app, "boras", boras, name: "Ingrid Prov", email: "ingrid.prov@exempel.se")
            #expect(again.status == .ok)
            #expect(try await VolunteerInterest.query(on: app.db).filter(\.$email == "ingrid.prov@exempel.se").count() == 1)
            #expect(try await Fixture.mail(app, to: "ingrid.prov@exempel.se").count == 2)

            let page = try await resident.get(link)
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            #expect(page.text.contains("Inte bekräftad än"))
            #expect(try await resident.post(link + "/bekrafta").status == .seeOther)
            #expect(try await resident.get(link).text.contains("Tack! Ditt intresse är skickat till \(o.name)."))
            #expect(try await interest(app, "ingrid.prov@exempel.se").status == .open)
            let told = try await OutboxMessage.query(on: app.db).filter(\.$toAddress ~~ reps).sort(\.$createdAt).all()
            #expect(told.count == mailsBefore + reps.count)
            #expect(told.last?.subject == "Ny intresseanmälan: Funktionärer till ungdomscupen")
            #expect(told.last?.body.contains("Ingrid Prov") == true)
            #expect(told.last?.body.contains("08-123 45") == true)
            #expect(try await coordinator.get(orgPage).text.contains("Ingrid Prov"))
        }
    }

    @Test func theVolunteerCorrectsOrWithdrawsAndTheOrganisationIsTold() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "orebro")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$organisation.$id == o.requireID())
                .filter(\.$title == "Ledare till simskolan på lördagar").first())
            let (resident, _) = try await offer(app, "orebro", a, name: "Per Prov", email: "per.prov@exempel.se")
            let link = try await offerLink(app, "orebro", to: "per.prov@exempel.se")
            try await resident.get(link)
            try await resident.post(link + "/bekrafta")

            let bad = try await resident.post(link + "/andra", [("name", "Per Prov"), ("phone", "ring mig"), ("message", "Hej")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Skriv bara siffror"))
            try await resident.post(link + "/andra", [("name", "Per Provsson"), ("phone", ""), ("message", "Jag kan bara varannan lördag.")])
            let changed = try await interest(app, "per.prov@exempel.se")
            #expect(changed.name == "Per Provsson")
            #expect(changed.phone == nil)
            let rep = Demo.representative("orebro")
            #expect(try #require(try await Fixture.mail(app, to: rep).last).subject == "Ändrat intresse: Ledare till simskolan på lördagar")

            // Withdrawing asks first.
            let ask = try await resident.post(link + "/aterta")
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Ta tillbaka ditt intresse för Ledare till simskolan på lördagar?"))
            #expect(try await interest(app, "per.prov@exempel.se").status == .open)
            try await resident.post(link + "/aterta", [("confirmed", "1")])
            #expect(try await interest(app, "per.prov@exempel.se").status == .withdrawn)
            #expect(try #require(try await Fixture.mail(app, to: rep).last).subject == "Intresse tillbakataget: Ledare till simskolan på lördagar")
            #expect(try await resident.post(link + "/andra", [("name", "X"), ("message", "Y")]).status == .conflict)
            // A link that is no link.
            #expect(try await resident.get("/orebro/frivilliguppdrag/mitt-intresse/ogiltig-lank-som-inte-finns").status == .notFound)
        }
    }

    @Test func anUnconfirmedOfferLapsesAndCannotBeConfirmedLate() async throws {
        try await withTestApp { app in
            let a = try await VolunteerAssignment.query(on: app.db).filter(\.$title == "Språkvän på distans").with(\.$municipality).all()
                .first { $0.municipality.slug == "sodertalje" }
            let assignment = try #require(a)
            let (resident, _) = try await offer(app, "sodertalje", assignment, name: "Sen Bekräftare", email: "sen@exempel.se")
            let link = try await offerLink(app, "sodertalje", to: "sen@exempel.se")
            app.clock.advance(by: Double(VolunteerPolicy.confirmHours + 1) * 3600)
            try await resident.get(link)
            #expect(try await resident.post(link + "/bekrafta").status == .gone)
            #expect(try await Volunteering.erase(app: app, now: app.clock.seconds) >= 1)
            #expect(try await VolunteerInterest.query(on: app.db).filter(\.$email == "sen@exempel.se").count() == 0)
        }
    }

    // MARK: Answering

    @Test func theOrganisationAnswersEachOfferAndTheVolunteerSeesTheAnswer() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "botkyrka")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$organisation.$id == o.requireID())
                .filter(\.$title == "Funktionärer till ungdomscupen").first())
            let (resident, _) = try await offer(app, "botkyrka", a, name: "Ella Prov", email: "ella.prov@exempel.se")
            let link = try await offerLink(app, "botkyrka", to: "ella.prov@exempel.se")
            try await resident.get(link)
            try await resident.post(link + "/bekrafta")
            let i = try await interest(app, "ella.prov@exempel.se")
            let page = "/admin/botkyrka/foreningar/\(o.id!)/frivilliguppdrag/\(a.id!)"

            let rep = Client(app)
            try await rep.login(Demo.representative("botkyrka"))
            try await rep.get(page)
            let noText = try await rep.post(page + "/intressen/\(i.id!)", [("decision", "accepted"), ("answer", "")])
            #expect(noText.status == .unprocessableEntity)
            #expect(noText.text.contains("Skriv ett meddelande till den frivillige."))
            let noDecision = try await rep.post(page + "/intressen/\(i.id!)", [("decision", "maybe"), ("answer", "Kanske")])
            #expect(noDecision.status == .unprocessableEntity)
            try await rep.post(page + "/intressen/\(i.id!)", [("decision", "accepted"), ("answer", "Välkommen! Kom till kiosken klockan nio.")])
            let answered = try await interest(app, "ella.prov@exempel.se")
            #expect(answered.status == .accepted)
            #expect(answered.answeredAt == app.clock.seconds)
            let mail = try #require(try await Fixture.mail(app, to: "ella.prov@exempel.se").last)
            #expect(mail.subject == "Välkommen med: Funktionärer till ungdomscupen")
            #expect(mail.body.contains("Kom till kiosken klockan nio."))
            let newLink = try await offerLink(app, "botkyrka", to: "ella.prov@exempel.se")
            for path in [link, newLink] {
                let seen = try await resident.get(path).text
                #expect(seen.contains("Kom till kiosken klockan nio."))
                #expect(seen.contains("Välkommen med"))
            }

            // Another organisation's representative is refused; so is an assignment under the wrong organisation.
            let other = Client(app)
            try await other.login(Demo.representative("boras"))
            #expect(try await other.get(page).status == .forbidden)
            let kultur = try await Organisation.query(on: app.db).filter(\.$municipality.$id == o.$municipality.id)
                .filter(\.$id != o.requireID()).filter(\.$status == .approved).first()
            let wrong = "/admin/botkyrka/foreningar/\(try #require(kultur).id!)/frivilliguppdrag/\(a.id!)"
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            #expect(try await coordinator.get(wrong).status == .notFound)
            #expect(try await rep.get(wrong).status == .forbidden)
        }
    }

    @Test func markingFilledAnswersEveryoneStillWaitingAfterAConfirmation() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "boras")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$organisation.$id == o.requireID())
                .filter(\.$title == "Ledare till simskolan på lördagar").first())
            let waiting = try await VolunteerInterest.query(on: app.db).filter(\.$assignment.$id == a.requireID()).filter(\.$status == .open).all()
            #expect(waiting.count == 2)
            let page = "/admin/boras/foreningar/\(o.id!)/frivilliguppdrag/\(a.id!)"
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            try await rep.get(page)
            let ask = try await rep.post(page + "/tillsatt")
            #expect(ask.status == .ok)
            for i in waiting { #expect(ask.text.contains(i.email)) }
            #expect(try await assignment(app, a.title).status == .published)
            try await rep.post(page + "/tillsatt", [("confirmed", "1")])
            let filled = try #require(try await VolunteerAssignment.find(a.id, on: app.db))
            #expect(filled.status == .filled)
            #expect(filled.endedOn == app.clock.today.description)
            for i in waiting {
                let now = try #require(try await VolunteerInterest.find(i.id, on: app.db))
                #expect(now.status == .declined)
                #expect(try #require(try await Fixture.mail(app, to: i.email).last).body.contains("Uppdraget är nu tillsatt"))
            }
            let visitor = Client(app)
            #expect(!(try await visitor.get("/boras/frivilliguppdrag").text.contains("Ledare till simskolan")))
            let closed = try await visitor.get("/boras/frivilliguppdrag/\(a.id!)")
            #expect(closed.status == .ok)
            #expect(closed.text.contains("Uppdraget är tillsatt"))
            #expect(!closed.text.contains("Skicka intresse"))
            #expect(try await visitor.post("/boras/frivilliguppdrag/\(a.id!)/intresse", [("name", "A"), ("email", "a@exempel.se"), ("message", "B")]).status == .conflict)
        }
    }

    // MARK: Reminders, expiry, retention

    @Test func theOrganisationIsRemindedAfterAWeekAndTheCoordinatorSeesOffersWaitingTwoWeeks() async throws {
        try await withTestApp { app in
            // The demo has offers waiting 17, 9 and 3 days at each representative's sports club.
            let o = try await Fixture.representedOrganisation(app, "orebro")
            let rep = Demo.representative("orebro")
            let before = try await Fixture.mail(app, to: rep).count
            let sent = try await Volunteering.remind(app: app, now: app.clock.seconds)
            #expect(sent == 10, "two in each of five municipalities")
            let reminders = try await Fixture.mail(app, to: rep).dropFirst(before)
            #expect(reminders.count == 2)
            #expect(reminders.allSatisfy { $0.subject.hasPrefix("Påminnelse:") })
            #expect(reminders.contains { $0.body.contains("/admin/orebro/foreningar/\(o.id!)/frivilliguppdrag/") })
            #expect(try await Volunteering.remind(app: app, now: app.clock.seconds) == 0, "once per offer")

            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let text = try await coordinator.get("/admin/orebro/frivilliguppdrag").text
            let start = try #require(text.range(of: "Intressen utan svar i mer än 14 dagar"))
            let section = text[start.upperBound...].prefix { $0 != "h" || true }
            let waiting = String(section[..<(section.range(of: "<h2")?.lowerBound ?? section.endIndex)])
            #expect(waiting.contains("Ledare till simskolan på lördagar"))
            #expect(!waiting.contains("Funktionärer till ungdomscupen"), "nine days is not yet two weeks")
            #expect(text.contains("Hjälp att måla om klubbstugan"), "waiting for review")
        }
    }

    @Test func anAssignmentEndsAfterItsLastDay() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "botkyrka")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$title == "Funktionärer till ungdomscupen").first())
            let visitor = Client(app)
            #expect(try await visitor.get("/botkyrka/frivilliguppdrag").text.contains("Funktionärer till ungdomscupen"))
            app.clock.advance(by: 21 * 86_400)
            #expect(!(try await visitor.get("/botkyrka/frivilliguppdrag").text.contains("Funktionärer till ungdomscupen")))
            #expect(!(try await visitor.get("/botkyrka/frivilliguppdrag.atom").text.contains("Funktionärer till ungdomscupen")))
            let page = try await visitor.get("/botkyrka/frivilliguppdrag/\(a.id!)")
            #expect(page.text.contains("Uppdraget tar inte emot fler intressen."))
            #expect(try await visitor.post("/botkyrka/frivilliguppdrag/\(a.id!)/intresse",
                                           [("name", "A"), ("email", "a@exempel.se"), ("message", "B")]).status == .conflict)
        }
    }

    @Test func volunteersDetailsAreRemovedTheSetTimeAfterTheAssignmentEnded() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "eslov")
            let filled = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .filled).first())
            let offers = try await VolunteerInterest.query(on: app.db).filter(\.$assignment.$id == filled.requireID()).all()
            #expect(offers.count == 3)
            // Ended ten days ago: kept for twelve months by default. Four days on, only the offer in
            // each municipality that was never confirmed has gone.
            #expect(try await Volunteering.erase(app: app, now: app.clock.seconds) == 0)
            app.clock.advance(by: 4 * 86_400)
            #expect(try await Volunteering.erase(app: app, now: app.clock.seconds) == 5)
            #expect(try await VolunteerInterest.query(on: app.db).filter(\.$status == .unconfirmed).count() == 0)
            m.volunteerRetentionMonths = 1
            try await m.save(on: app.db)
            app.clock.advance(by: 21 * 86_400)
            #expect(try await Volunteering.erase(app: app, now: app.clock.seconds) == 3)
            for o in offers {
                let after = try #require(try await VolunteerInterest.find(o.id, on: app.db))
                #expect(after.name.isEmpty && after.email.isEmpty && after.phone == nil && after.message.isEmpty && after.answer == nil)
                #expect(after.erasedAt == app.clock.seconds)
                #expect(after.status == o.status && after.confirmedAt == o.confirmedAt, "what the figures need stays")
            }
            #expect(try await Volunteering.erase(app: app, now: app.clock.seconds) == 0)
            // The other municipalities keep theirs.
            let others = try await VolunteerInterest.query(on: app.db).filter(\.$erasedAt != nil).count()
            #expect(others == 3)
            let privacy = try await Client(app).get("/eslov/personuppgifter").text
            #expect(privacy.contains("När du anmäler intresse för ett frivilliguppdrag"))
        }
    }

    // MARK: Figures

    @Test func theFiguresCountPostedFilledOffersAndAnswersWithinAWeekPerArea() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            let mid = try m.requireID()
            let ids = try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == mid).all().compactMap(\.id)
            try await VolunteerInterest.query(on: app.db).filter(\.$assignment.$id ~~ ids).delete()
            try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == mid).delete()
            let areas = try await ActivityArea.query(on: app.db).filter(\.$municipality.$id == mid).sort(\.$position).all()
            let o = try await Fixture.representedOrganisation(app, "orebro")
            let now = app.clock.seconds
            let year = app.clock.today.year
            let startOfYear = StockholmTime.startOfDay(.firstOfYear(year))
            func make(_ title: String, area: ActivityArea?, posted: Int, filled: Int? = nil) async throws -> VolunteerAssignment {
                let a = VolunteerAssignment()
                a.$municipality.id = mid
                a.$organisation.id = try o.requireID()
                a.$area.id = area?.id
                a.title = title; a.description = "Text"; a.schedule = .flexible; a.days = .any; a.timeNeeded = "1 timme"
                a.online = true; a.languages = ",sv,"; a.suitsYoung = false; a.recordExtract = false; a.wanted = 1
                a.lastDay = app.clock.today.adding(days: 30).description; a.status = filled == nil ? .published : .filled
                a.filledAt = filled; a.postedAt = posted; a.searchText = title
                try await a.create(on: app.db)
                return a
            }
            func offer(_ a: VolunteerAssignment, confirmed: Int, answeredAfterDays: Int?, status: VolunteerInterest.Status) async throws {
                let i = VolunteerInterest()
                i.$assignment.id = try a.requireID()
                i.name = "N"; i.email = "n\(UUID().uuidString.prefix(6))@exempel.se"; i.message = "M"; i.language = "sv"; i.status = status
                i.createdAt = confirmed; i.confirmBy = confirmed + 3600; i.confirmedAt = confirmed
                i.answeredAt = answeredAfterDays.map { confirmed + $0 * 86_400 }
                try await i.create(on: app.db)
            }
            // Posted last year, filled this year: counts as filled only.
            let old = try await make("Gammalt", area: areas[0], posted: startOfYear - 10 * 86_400, filled: max(startOfYear + 60, now - 86_400))
            let first = try await make("Första", area: areas[0], posted: max(startOfYear + 60, now - 40 * 86_400))
            let second = try await make("Andra", area: areas[1], posted: max(startOfYear + 60, now - 30 * 86_400))
            _ = try await make("Utan område", area: nil, posted: max(startOfYear + 60, now - 1 * 86_400))
            let base = max(startOfYear + 60, now - 30 * 86_400)
            try await offer(first, confirmed: base, answeredAfterDays: 2, status: .accepted)      // within a week
            try await offer(first, confirmed: base, answeredAfterDays: 9, status: .declined)      // too late
            try await offer(second, confirmed: base, answeredAfterDays: nil, status: .open)       // waited over a week, not answered
            try await offer(second, confirmed: now - 86_400, answeredAfterDays: nil, status: .open)  // not judged yet
            try await offer(old, confirmed: startOfYear - 20 * 86_400, answeredAfterDays: 1, status: .accepted) // last year's
            let figures = try await VolunteerFigures.load(m, year: year, now: now, on: app.db, t: Translator(catalogue: app.catalogue, locale: .sv))
            let judgedNow = now - base > 7 * 86_400
            #expect(figures.total.posted == 3)
            #expect(figures.total.filled == 1)
            #expect(figures.total.offers == 4)
            if judgedNow {
                #expect(figures.total.judged == 3)
                #expect(figures.total.inAWeek == 1)
                #expect(figures.total.share == "33 %")
            }
            let firstRow = try #require(figures.rows.first { $0.name == areas[0].name })
            #expect(firstRow.posted == 1 && firstRow.filled == 1 && firstRow.offers == 2)
            #expect(figures.rows.contains { $0.name == "Utan område" && $0.posted == 1 })

            // In the annual report and on the coordinator's page.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let report = try await coordinator.get("/admin/orebro/arsrapport/\(year)").text
            #expect(report.contains("Frivilliguppdrag \(year) per verksamhetsområde"))
            #expect(try await coordinator.get("/admin/orebro/frivilliguppdrag?ar=\(year)").text.contains("Besvarade inom 7 dagar"))
        }
    }

    // MARK: The action plan's indicator

    @Test func anActionPlanActivityFollowsTheShareAnsweredWithinAWeek() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            let now = app.clock.seconds, year = app.clock.today.year
            let before = try await VolunteerFigures.load(m, year: year, now: now, on: app.db, t: t).total
            let client = Client(app)
            let page = try await client.get("/sodertalje/utvecklingsomraden").text
            #expect(page.contains("Frivilliguppdrag som invånare hittar själva"))
            #expect(page.contains("Följs med siffran andel intresseanmälningar som besvarats inom 7 dagar, \(year): \(before.share)"))

            // One more offer answered the day after it reached the club: the plan shows the new share at once.
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$title == "Ledare till simskolan på lördagar").first())
            let i = VolunteerInterest()
            i.$assignment.id = try a.requireID()
            i.name = "Snabb Svarsdotter"; i.email = "snabb@exempel.se"; i.message = "Gärna"; i.language = "sv"; i.status = .accepted
            let confirmed = max(StockholmTime.startOfDay(.firstOfYear(year)) + 60, now - 3 * 86_400)
            i.createdAt = confirmed; i.confirmBy = confirmed + 3600; i.confirmedAt = confirmed
            i.answeredAt = min(now, confirmed + 86_400)
            try await i.create(on: app.db)
            let share = Int((Double(before.inAWeek + 1) * 100 / Double(before.judged + 1)).rounded())
            #expect(try await client.get("/sodertalje/utvecklingsomraden").text
                .contains("andel intresseanmälningar som besvarats inom 7 dagar, \(year): \(share) %"))

            // Staff see it on the action plan; a revision keeps what the activity follows.
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.get("/admin/sodertalje/handlingsplan").text.contains("\(year): \(share) %"))
            let draft = try await AgreementStore.startRevision(of: m, on: app.db, now: app.clock.now)
            let copied = try await AgreementSnapshot.load(draft, on: app.db).document
            #expect(copied.developmentAreas.flatMap(\.activities).compactMap(\.indicator) == [.volunteerAnsweredInAWeek])
            #expect(AgreementFile.write(copied).contains("indicator: volunteering.answeredInAWeek"))
        }
    }

    @Test func theCoordinatorChoosesWhatAnActivityFollowsFromTheFiguresThereAre() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("eslov"))
            try await client.post("/admin/eslov/version/1/omraden", [("name", "Engagemang")])
            let area = try #require(try await DevelopmentArea.query(on: app.db).filter(\.$name == "Engagemang").first())
            let path = "/admin/eslov/version/1/omraden/\(area.id!)/aktiviteter/ny"
            let form = try await client.get(path).text
            #expect(form.contains(#"<option value="volunteering.offers""#))
            let odd = try await client.post(path, [("title", "Fler frivilliga"), ("owner", "both"), ("status", "ongoing"),
                                                   ("indicator", "volunteering.secret")])
            #expect(odd.status == .unprocessableEntity)
            #expect(odd.text.contains(#"value="Fler frivilliga""#))
            #expect(try await PlanActivity.query(on: app.db).filter(\.$title == "Fler frivilliga").count() == 0)
            #expect(try await client.post(path, [("title", "Fler frivilliga"), ("owner", "both"), ("status", "ongoing"),
                                                  ("indicator", "volunteering.offers")]).status == .seeOther)
            let saved = try #require(try await PlanActivity.query(on: app.db).filter(\.$title == "Fler frivilliga").first())
            #expect(saved.indicator == "volunteering.offers")
            let m = try await Fixture.municipality(app, "eslov")
            let offers = try await VolunteerFigures.load(m, year: app.clock.today.year, now: app.clock.seconds, on: app.db,
                                                         t: Translator(catalogue: app.catalogue, locale: .sv)).total.offers
            #expect(try await Client(app).get("/eslov/utvecklingsomraden").text
                .contains("Följs med siffran intresseanmälningar till frivilliguppdrag, \(app.clock.today.year): \(offers)"))
            // The edit form shows the choice; choosing none clears it.
            let edit = "/admin/eslov/version/1/omraden/\(area.id!)/aktiviteter/\(saved.id!)"
            #expect(try await client.get(edit).text.contains(#"<option value="volunteering.offers" selected>"#))
            try await client.post(edit, [("title", "Fler frivilliga"), ("owner", "both"), ("status", "ongoing"), ("indicator", "")])
            #expect(try await PlanActivity.find(saved.id, on: app.db)?.indicator == nil)
        }
    }

    // MARK: Finding

    @Test func theSearchFiltersAndOffersAWayOnWhenNothingIsFound() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let all = try await visitor.get("/sodertalje/frivilliguppdrag")
            #expect(all.status == .ok)
            for title in ["Ledare till simskolan på lördagar", "Funktionärer till ungdomscupen", "Språkvän på distans", "Promenadvärd för seniorgruppen"] {
                #expect(all.text.contains(title), "\(title)")
            }
            for title in ["Hjälp att måla om klubbstugan", "Odlingshjälp i stadsodlingen", "Scenvärdar till vårföreställningen"] {
                #expect(!all.text.contains(title), "\(title) is not public")
            }
            #expect(all.text.contains("4 uppdrag"))
            func found(_ query: String) async throws -> [String] {
                let text = try await visitor.get("/sodertalje/frivilliguppdrag?\(query)").text
                return ["Ledare till simskolan", "Funktionärer till ungdomscupen", "Språkvän på distans", "Promenadvärd"].filter { text.contains($0) }
            }
            #expect(try await found("plats=distans") == ["Språkvän på distans"])
            #expect(try await found("sprak=so") == ["Språkvän på distans"])
            #expect(try await found("unga=1") == ["Ledare till simskolan", "Funktionärer till ungdomscupen"])
            #expect(try await found("typ=recurring") == ["Ledare till simskolan", "Promenadvärd"])
            #expect(try await found("dagar=weekends").contains("Ledare till simskolan"))
            #expect(!(try await found("dagar=weekends").contains("Promenadvärd")))
            #expect(try await found("q=SIMSKOLAN") == ["Ledare till simskolan"])
            #expect(try await found("q=promenadvard") == ["Promenadvärd"], "found without the diacritic")
            #expect(try await found("distrikt=Hovsj%C3%B6").contains("Ledare till simskolan"))
            // Nothing found: the catalogue of the area and one way in, not a dead end.
            let m = try await Fixture.municipality(app, "sodertalje")
            let area = try #require(try await ActivityArea.query(on: app.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all().last)
            let none = try await visitor.get("/sodertalje/frivilliguppdrag?q=xyzzy&omrade=\(area.id!)").text
            #expect(none.contains("Inget uppdrag passar just nu"))
            #expect(none.contains("/sodertalje/foreningar?omrade=\(area.id!)"))
            #expect(none.contains("href=\"/sodertalje/kontakt\""))
            // Bad parameters are ignored, not errors.
            #expect(try await visitor.get("/sodertalje/frivilliguppdrag?omrade=inte-ett-id&typ=%00&sida=-4&sprak=%3Cscript%3E").status == .ok)
        }
    }

    @Test func theFeedAndTheCalendarFileHoldTheOpenAssignments() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let feed = try await visitor.get("/eslov/frivilliguppdrag.atom")
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.text.contains("<title>Språkvän på distans</title>"))
            #expect(!feed.text.contains("Hjälp att måla om klubbstugan"))
            let ics = try await visitor.get("/eslov/frivilliguppdrag.ics")
            #expect(ics.headers.contentType?.subType == "calendar")
            #expect(ics.text.contains("SUMMARY:Funktionärer till ungdomscupen"))
            #expect(ics.text.components(separatedBy: "BEGIN:VEVENT").count == 2, "one dated assignment")
            let start = app.clock.today.adding(days: 24)
            #expect(ics.text.contains("DTSTART;TZID=Europe/Stockholm:\(start.description.replacingOccurrences(of: "-", with: ""))T090000"))
        }
    }

    @Test func noPublicPageShowsAVolunteerOrTheOrganisationsContactDetails() async throws {
        try await withTestApp { app in
            let interests = try await VolunteerInterest.query(on: app.db).all()
            let secrets = Set(interests.flatMap { [$0.email, $0.name] + ($0.phone.map { [$0] } ?? []) })
            #expect(secrets.count > 10)
            let router = LinkTests.router(app)
            for slug in Demo.slugs {
                let m = try await Fixture.municipality(app, slug)
                let organisations = try await Organisation.query(on: app.db).filter(\.$municipality.$id == m.requireID()).all()
                let contact = Set(organisations.flatMap { [$0.email, $0.phone].compactMap { $0 } })
                let client = Client(app)
                var seen: Set<String> = ["/\(slug)"], queue = ["/\(slug)"], pages = 0
                while !queue.isEmpty, pages < 500 {
                    let path = queue.removeFirst()
                    let res = try await client.get(path)
                    pages += 1
                    for secret in secrets { #expect(!res.text.contains(secret), "\(secret) on \(path)") }
                    if path.contains("/frivilliguppdrag") {
                        for c in contact { #expect(!res.text.contains(c), "organisation contact \(c) on \(path)") }
                    }
                    guard res.headers.contentType?.subType == "html" else { continue }
                    for (method, target) in LinkTests.targets(in: res.text) where method == .GET {
                        let link = String(target.prefix { $0 != "#" })
                        guard link.hasPrefix("/\(slug)"), !seen.contains(link), !link.contains("lang="), LinkTests.isRouted(router, .GET, link),
                              !link.contains("?") || link.contains("frivilliguppdrag") else { continue }
                        seen.insert(link)
                        queue.append(link)
                    }
                }
                #expect(pages > 30, "\(slug): \(pages) pages")
                #expect(seen.contains { $0.hasPrefix("/\(slug)/frivilliguppdrag/") }, "\(slug) has assignment pages")
            }
        }
    }

    // MARK: Queries

    @Test func theListPagesRunTheSameNumberOfQueriesWhateverTheNumberOfAssignments() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let o = try await Fixture.representedOrganisation(app, "boras")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func counts() async throws -> (Int, Int) {
                let (db, log) = try await QueryLog.database(app)
                let page = try await AssignmentsController.listPage(db, m, .init(), page: 1, today: app.clock.today, t: t,
                                                                     chrome: Chrome.plain)
                let list = log.count
                log.reset()
                _ = try await VolunteerFigures.load(m, year: app.clock.today.year, now: app.clock.seconds, on: db, t: t)
                #expect(page.items != nil)
                return (list, log.count)
            }
            let before = try await counts()
            for n in 1...25 {
                let a = VolunteerAssignment()
                a.$municipality.id = try m.requireID()
                a.$organisation.id = try o.requireID()
                a.title = "Uppdrag \(n)"; a.description = "Text"; a.schedule = .flexible; a.days = .any; a.timeNeeded = "1 timme"
                a.online = true; a.languages = ",sv,"; a.suitsYoung = false; a.recordExtract = false; a.wanted = 1
                a.lastDay = app.clock.today.adding(days: 30).description; a.status = .published; a.postedAt = app.clock.seconds
                a.publishedAt = app.clock.seconds; a.searchText = "uppdrag \(n)"
                try await a.create(on: app.db)
            }
            let after = try await counts()
            #expect(before == after)
            #expect(before.0 == 4)
            #expect(before.1 == 3)
            #expect(try await Client(app).get("/boras/frivilliguppdrag?sida=2").text.contains("Uppdrag"))
        }
    }
}
