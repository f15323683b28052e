@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Meetings: planning them, registering, the waiting list, changes, minutes and calendar files.
@Suite struct MeetingTests {
    @Test func staffPlanAMeetingAndTheFormExplainsWhatIsWrong() async throws {
        try await withTestApp { app in
            let officer = Client(app)
            try await officer.login(Demo.officer("boras"))
            #expect(try await officer.get("/admin/boras/moten/ny").status == .ok)
            // The hour skipped when summer time begins, and an end before the start.
            let bad = try await officer.post("/admin/boras/moten", [
                ("title", "Dialogmöte"), ("kind", "dialogue"), ("audience", "everyone"), ("date", "2027-03-28"),
                ("start", "02:30"), ("end", "01:00"), ("capacity", "noll"), ("onlineURL", "mote.example")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Den tiden finns inte den dagen"))
            #expect(bad.text.contains("Skriv en hel webbadress"))
            #expect(bad.text.contains("value=\"Dialogmöte\""))
            let good = try await officer.post("/admin/boras/moten", [
                ("title", "Dialogmöte över natten"), ("kind", "dialogue"), ("audience", "everyone"), ("date", "2026-10-24"),
                ("start", "20:00"), ("endDate", "2026-10-25"), ("end", "10:00"), ("capacity", "30"),
                ("agenda", "Välkomna\nLäget"), ("deadlineDate", "2026-10-20")])
            #expect(good.status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).filter(\.$title == "Dialogmöte över natten").first())
            // 20:00 summer time is 18:00 UTC; 10:00 the next morning is winter time, 09:00 UTC: 15 hours.
            #expect(meeting.endsAt - meeting.startsAt == 15 * 3600)
            #expect(StockholmTime.local(fromUTC: meeting.startsAt).description == "2026-10-24 20:00")
            #expect(meeting.capacity == 30)
            #expect(StockholmTime.local(fromUTC: meeting.registrationDeadline!).description == "2026-10-20 23:59")
            let page = try await Client(app).get("/boras/moten/\(meeting.id!)")
            #expect(page.text.contains("lördag 2026-10-24 20:00 – söndag 2026-10-25 10:00"))
            #expect(page.text.contains("<li>Läget</li>"))
        }
    }

    @Test func anOfficerOfAnotherMunicipalityIsRefused() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "boras", days: 10)
            let officer = Client(app)
            try await officer.login(Demo.officer("orebro"))
            #expect(try await officer.get("/admin/boras/moten").status == .forbidden)
            #expect(try await officer.get("/admin/boras/moten/\(meeting.id!)").status == .forbidden)
            #expect(try await officer.post("/admin/boras/moten/\(meeting.id!)/stall-in").status == .forbidden)
            // And a meeting of Borås is not found under Örebro's address.
            let own = Client(app)
            try await own.login(Demo.officer("orebro"))
            #expect(try await own.get("/admin/orebro/moten/\(meeting.id!)").status == .notFound)
        }
    }

    @Test func aResidentRegistersOnceAndGetsACancellationLink() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            let resident = Client(app)
            try await resident.get("/orebro/moten/\(meeting.id!)")
            let done = try await Fixture.residentRegisters(app, resident, "orebro", meeting, name: "Sara Invånare", email: "Sara@Exempel.se")
            #expect(done.status == .seeOther)
            #expect(try await Fixture.registrations(app, meeting) == ["sara@exempel.se": .confirmed])
            let mails = try await Fixture.mail(app, to: "sara@exempel.se")
            #expect(mails.map(\.subject) == ["Bekräfta din anmälan: Testmöte", "Anmäld: Testmöte"])
            let mail = try #require(mails.last)
            #expect(mail.unsubscribeURL == nil)
            #expect(Fixture.link(in: mail, path: "/orebro/moten/avbokning/") != nil)
            // The same address again: the same answer as the first time, and the owner is told by mail.
            let twice = try await resident.post("/orebro/moten/\(meeting.id!)/anmalan", [("name", "Sara"), ("email", "sara@exempel.se")])
            #expect(twice.status == .seeOther)
            #expect(try await resident.get("/orebro/moten/\(meeting.id!)").text.contains("Nästan klart"))
            #expect(try await Fixture.mail(app, to: "sara@exempel.se").last?.subject == "Du är redan anmäld: Testmöte")
            // Missing fields are named.
            let empty = try await Fixture.residentRegisters(app, resident, "orebro", meeting, name: "", email: "inte-en-adress")
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("error-summary"))
        }
    }

    @Test func registeringPastTheDeadlineIsRefused() async throws {
        try await withTestApp { app in
            let passed = app.clock.seconds - 60
            let meeting = try await Fixture.meeting(app, "orebro", days: 3, deadline: passed)
            let page = try await Client(app).get("/orebro/moten/\(meeting.id!)")
            #expect(page.text.contains("Anmälan till det här mötet är stängd."))
            let resident = Client(app)
            try await resident.get("/orebro/moten/\(meeting.id!)")
            let late = try await Fixture.residentRegisters(app, resident, "orebro", meeting, name: "Sen", email: "sen@exempel.se")
            #expect(late.status == .conflict)
            #expect(try await Fixture.registrations(app, meeting).isEmpty)
            // A cancelled meeting takes no registrations either.
            let other = try await Fixture.meeting(app, "orebro", days: 3)
            other.status = .cancelled
            try await other.save(on: app.db)
            let res = try await resident.post("/orebro/moten/\(other.id!)/anmalan", [("name", "Sen"), ("email", "sen@exempel.se")])
            #expect(res.status == .conflict)
        }
    }

    @Test func theWaitingListMovesUpWhenSomeoneCancelsAndTellsThePerson() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "eslov", days: 20, capacity: 1)
            let first = Client(app), second = Client(app), third = Client(app)
            for (client, email) in [(first, "forst@exempel.se"), (second, "andra@exempel.se"), (third, "tredje@exempel.se")] {
                app.clock.advance(by: 60)  // one after the other, as the queue is kept by time of registration
                try await client.get("/eslov/moten/\(meeting.id!)")
                #expect(try await Fixture.residentRegisters(app, client, "eslov", meeting, name: "Person", email: email).status == .seeOther)
            }
            #expect(try await Fixture.registrations(app, meeting) == ["forst@exempel.se": .confirmed, "andra@exempel.se": .waiting,
                                                                      "tredje@exempel.se": .waiting])
            #expect(try await Fixture.mail(app, to: "andra@exempel.se").map(\.subject) == ["Bekräfta din anmälan: Testmöte", "På väntelistan: Testmöte"])
            let page = try await Client(app).get("/eslov/moten/\(meeting.id!)")
            #expect(page.text.contains("Fullt"))
            #expect(page.text.contains("2 på väntelistan"))

            // The first person cancels with the link from their mail.
            let mail = try #require(try await Fixture.mail(app, to: "forst@exempel.se").last)
            let link = try #require(Fixture.link(in: mail, path: "/eslov/moten/avbokning/"))
            let path = String(link[link.range(of: "/eslov/")!.lowerBound...])
            let cancel = Client(app)
            let question = try await cancel.get(path)
            #expect(question.status == .ok)
            #expect(question.text.contains("Vill du avboka"))
            #expect(try await cancel.post(path).status == .seeOther)
            // The first on the waiting list moved up, and was told with a working link.
            #expect(try await Fixture.registrations(app, meeting) == ["forst@exempel.se": .cancelled, "andra@exempel.se": .confirmed,
                                                                      "tredje@exempel.se": .waiting])
            let movedUp = try #require(try await Fixture.mail(app, to: "andra@exempel.se").last)
            #expect(movedUp.subject == "Du har fått en plats: Testmöte")
            #expect(Fixture.link(in: movedUp, path: "/eslov/moten/avbokning/") != nil)
            #expect(try await Fixture.mail(app, to: "forst@exempel.se").last?.subject == "Avbokad: Testmöte")
            // The same link again changes nothing.
            #expect(try await cancel.post(path).status == .seeOther)
            #expect(try await Fixture.registrations(app, meeting)["tredje@exempel.se"] == .waiting)
            #expect(try await cancel.get(path).text.contains("redan avbokad"))
            // An unknown link is a clear 404.
            #expect(try await cancel.get("/eslov/moten/avbokning/finnsinte").status == .notFound)
        }
    }

    @Test func representativesRegisterTheirOrganisationsPeopleAndOnlyThey() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "botkyrka", days: 12, audience: .organisations)
            let org = try await Fixture.representedOrganisation(app, "botkyrka")
            // A resident is not in the audience.
            let resident = Client(app)
            let page = try await resident.get("/botkyrka/moten/\(meeting.id!)")
            #expect(page.text.contains("Logga in som företrädare"))
            #expect(try await Fixture.residentRegisters(app, resident, "botkyrka", meeting, name: "X", email: "x@exempel.se").status == .forbidden)

            let rep = Client(app)
            try await rep.login(Demo.representative("botkyrka"))
            #expect(try await rep.get("/botkyrka/moten/\(meeting.id!)").text.contains(org.name))
            #expect(try await rep.post("/botkyrka/moten/\(meeting.id!)/anmalan",
                                       [("organisation", org.id!.uuidString), ("name", "Ledare Ett"), ("email", "ledare1@exempel.se")]).status == .seeOther)
            // Not for an organisation they do not represent.
            let other = try await Fixture.organisation(app, "Kulturföreningen Hallunda")
            #expect(try await rep.post("/botkyrka/moten/\(meeting.id!)/anmalan",
                                       [("organisation", other.id!.uuidString), ("name", "Ledare Två"), ("email", "ledare2@exempel.se")]).status == .unprocessableEntity)
            let r = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "ledare1@exempel.se").first())
            #expect(r.$organisation.id == org.id)
            let shown = try await rep.get("/botkyrka/moten/\(meeting.id!)")
            #expect(shown.text.contains("Ledare Ett"))
            // Someone else logged in cannot cancel it; the representative can.
            let stranger = Client(app)
            try await stranger.login(Demo.representative("boras"))
            #expect(try await stranger.post("/botkyrka/moten/\(meeting.id!)/anmalningar/\(r.id!)/avboka").status == .forbidden)
            #expect(try await rep.post("/botkyrka/moten/\(meeting.id!)/anmalningar/\(r.id!)/avboka").status == .seeOther)
            #expect(try await Fixture.registrations(app, meeting)["ledare1@exempel.se"] == .cancelled)
        }
    }

    @Test func councilMeetingsAreForSittingMembers() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "sodertalje", days: 9, kind: .council, audience: .council)
            // The demo representative sits on Södertälje's council; the officer does not.
            let member = Client(app)
            try await member.login(Demo.representative("sodertalje"))
            #expect(try await member.post("/sodertalje/moten/\(meeting.id!)/anmalan",
                                          [("name", "Ledamot"), ("email", Demo.representative("sodertalje"))]).status == .seeOther)
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.post("/sodertalje/moten/\(meeting.id!)/anmalan",
                                           [("name", "Tjänsteperson"), ("email", Demo.officer("sodertalje"))]).status == .forbidden)
        }
    }

    @Test func movingAndCancellingTellEveryoneRegisteredAndTheCalendar() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "boras", days: 30, capacity: 1)
            let resident = Client(app)
            try await resident.get("/boras/moten/\(meeting.id!)")
            try await Fixture.residentRegisters(app, resident, "boras", meeting, name: "A", email: "a@exempel.se")
            try await Fixture.residentRegisters(app, resident, "boras", meeting, name: "B", email: "b@exempel.se")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            var values = MeetingForm.Values(meeting)
            values.capacity = "2"
            let day = meeting.localStart.date.adding(days: 7).description
            let change = [
                ("title", values.title), ("kind", values.kind), ("audience", values.audience), ("date", day),
                ("start", "17:00"), ("end", "19:00"), ("place", "Stadsbiblioteket"), ("capacity", values.capacity),
                ("note", "Stadshuset renoveras.")]
            // First the people registered and the message are shown, and nothing is saved or sent.
            let asked = try await coordinator.post("/admin/boras/moten/\(meeting.id!)/andra", change)
            #expect(asked.status == .ok)
            #expect(asked.text.contains("a@exempel.se"))
            #expect(asked.text.contains("Stadshuset renoveras."))
            #expect(asked.text.contains(#"name="confirmed" value="1""#))
            #expect(try await Fixture.mail(app, to: "a@exempel.se").allSatisfy { !$0.subject.hasPrefix("Ändrad") })
            #expect(try await Meeting.find(meeting.id, on: app.db)?.place != "Stadsbiblioteket")
            let moved = try await coordinator.post("/admin/boras/moten/\(meeting.id!)/andra", change + [("confirmed", "1")])
            #expect(moved.status == .seeOther)
            let movedMail = try #require(try await Fixture.mail(app, to: "a@exempel.se").last)
            #expect(movedMail.subject == "Ändrad tid eller plats: Testmöte")
            #expect(movedMail.body.contains("Stadshuset renoveras."))
            #expect(movedMail.body.contains("17:00"))
            // The larger room took B off the waiting list.
            #expect(try await Fixture.registrations(app, meeting)["b@exempel.se"] == .confirmed)
            var ics = try await Client(app).get("/boras/moten/\(meeting.id!)/kalender.ics").text
            #expect(ics.contains("SEQUENCE:1"))
            #expect(ics.contains("T170000"))

            // Cancelling needs a reason, then a confirmation that shows who is told; only then it runs.
            let noReason = try await coordinator.post("/admin/boras/moten/\(meeting.id!)/stall-in", [("reason", "  ")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Skriv varför mötet ställs in"))
            let cancelAsked = try await coordinator.post("/admin/boras/moten/\(meeting.id!)/stall-in", [("reason", "Sjukdom")])
            #expect(cancelAsked.status == .ok)
            #expect(cancelAsked.text.contains("2 mottagare"))
            #expect(cancelAsked.text.contains("b@exempel.se"))
            #expect(cancelAsked.text.contains("Sjukdom"))
            #expect(try await Meeting.find(meeting.id, on: app.db)?.status == .scheduled)
            #expect(try await Fixture.mail(app, to: "b@exempel.se").allSatisfy { $0.subject != "Inställt: Testmöte" })
            #expect(try await coordinator.post("/admin/boras/moten/\(meeting.id!)/stall-in", [("reason", "Sjukdom"), ("confirmed", "1")]).status == .seeOther)
            #expect(try await Fixture.mail(app, to: "b@exempel.se").last?.subject == "Inställt: Testmöte")
            ics = try await Client(app).get("/boras/moten/\(meeting.id!)/kalender.ics").text
            #expect(ics.contains("STATUS:CANCELLED"))
            #expect(ics.contains("SEQUENCE:2"))
            let page = try await Client(app).get("/boras/moten/\(meeting.id!)")
            #expect(page.text.contains("Mötet är inställt."))
            #expect(page.text.contains("Sjukdom"))
            // A cancelled meeting cannot be edited or cancelled again.
            #expect(try await coordinator.post("/admin/boras/moten/\(meeting.id!)/stall-in").status == .conflict)
        }
    }

    @Test func afterTheMeetingAttendanceAndMinutesArePublished() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "eslov", days: 5)
            let resident = Client(app)
            try await resident.get("/eslov/moten/\(meeting.id!)")
            try await Fixture.residentRegisters(app, resident, "eslov", meeting, name: "Kom", email: "kom@exempel.se")
            try await Fixture.residentRegisters(app, resident, "eslov", meeting, name: "Uteblev", email: "uteblev@exempel.se")
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            // Not before it has started.
            #expect(try await officer.postMultipart("/admin/eslov/moten/\(meeting.id!)/protokoll", [("minutes", "För tidigt")], files: []).status == .unprocessableEntity)
            meeting.startsAt -= 6 * 86_400
            meeting.endsAt -= 6 * 86_400
            try await meeting.save(on: app.db)
            let came = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "kom@exempel.se").first())
            #expect(try await officer.post("/admin/eslov/moten/\(meeting.id!)/narvaro", [("attended", came.id!.uuidString)]).status == .seeOther)
            // A file that is not a PDF is refused and nothing is published.
            let exe = try await officer.postMultipart("/admin/eslov/moten/\(meeting.id!)/protokoll", [("minutes", "Anteckningar")],
                                                      files: [("file", "protokoll.pdf", "application/pdf", Array("MZ\u{90}".utf8))])
            #expect(exe.status == .unprocessableEntity)
            #expect(try await Meeting.find(meeting.id, on: app.db)?.minutesPublishedAt == nil)
            let ok = try await officer.postMultipart("/admin/eslov/moten/\(meeting.id!)/protokoll",
                                                     [("minutes", "Vi talade om lokaler."), ("decisions", "Arbetsgrupp tillsätts.")],
                                                     files: [("file", "Protokoll mars.pdf", "application/pdf", Fixture.pdf)])
            #expect(ok.status == .seeOther)
            let page = try await Client(app).get("/eslov/moten/\(meeting.id!)")
            #expect(page.text.contains("Vi talade om lokaler."))
            #expect(page.text.contains("Arbetsgrupp tillsätts."))
            #expect(page.text.contains("1 person deltog."))
            let pdf = try await Client(app).get("/eslov/moten/\(meeting.id!)/protokoll.pdf")
            #expect(pdf.status == .ok)
            #expect(Array(pdf.body.readableBytesView) == Fixture.pdf)
            #expect(try await MeetingRegistration.query(on: app.db).filter(\.$email == "uteblev@exempel.se").first()?.attended == false)
        }
    }

    @Test func invitationsGoOncePerRecipientAndUnsubscribingWorks() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 25, audience: .organisations)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            try await coordinator.get("/admin/orebro/moten/\(meeting.id!)")
            let rep = Demo.representative("orebro")
            // The confirmation lists the recipients and shows the message; nothing is sent yet.
            let asked = try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/bjud-in")
            #expect(asked.status == .ok)
            #expect(asked.text.contains(rep))
            #expect(asked.text.contains("Inbjudan: Testmöte"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "invitation").count() == 0)
            #expect(try await MeetingInvitation.query(on: app.db).count() == 0)
            #expect(try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/bjud-in", [("confirmed", "1")]).status == .seeOther)
            let invitations = try await OutboxMessage.query(on: app.db).filter(\.$kind == "invitation").all()
            #expect(!invitations.isEmpty)
            #expect(Set(invitations.map(\.toAddress)).count == invitations.count)
            let mine = try #require(invitations.first { $0.toAddress == rep })
            #expect(mine.subject == "Inbjudan: Testmöte")
            let unsubscribe = try #require(mine.unsubscribeURL)
            #expect(mine.body.contains(unsubscribe))
            // Sending again reaches nobody new, and the confirmation says so.
            #expect(try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/bjud-in").text.contains("ingen får e-post"))
            try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/bjud-in", [("confirmed", "1")])
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "invitation").count() == invitations.count)

            // One-click unsubscribe from a mail client: a POST without any CSRF token.
            let path = String(unsubscribe[unsubscribe.range(of: "/orebro/")!.lowerBound...])
            #expect(try await Client(app).get(path).text.contains("Vill du sluta få inbjudningar till möten och nyhetsbrev"))
            #expect(try await Client(app).post(path, [("List-Unsubscribe", "One-Click")], csrf: false).status == .seeOther)
            #expect(try await Client(app).get(path).text.contains("Du får inga fler inbjudningar eller nyhetsbrev"))
            let next = try await Fixture.meeting(app, "orebro", days: 40, title: "Nästa möte", audience: .organisations)
            try await coordinator.post("/admin/orebro/moten/\(next.id!)/bjud-in", [("confirmed", "1")])
            #expect(!(try await Fixture.mail(app, to: rep).contains { $0.subject == "Inbjudan: Nästa möte" }))
            // Registration mail still comes: it is essential.
            let client = Client(app)
            try await client.login(rep)
            let org = try await Fixture.representedOrganisation(app, "orebro")
            try await client.get("/orebro/moten/\(next.id!)")
            try await client.post("/orebro/moten/\(next.id!)/anmalan", [("organisation", org.id!.uuidString), ("name", "Jag"), ("email", rep)])
            #expect(try await Fixture.mail(app, to: rep).contains { $0.subject == "Anmäld: Nästa möte" })
            // Undo needs the page's CSRF token.
            let undo = Client(app)
            #expect(try await undo.post(path + "/igen", csrf: false).status == .forbidden)
            try await undo.get(path)
            #expect(try await undo.post(path + "/igen").status == .seeOther)
            #expect(try await MailOptOut.query(on: app.db).filter(\.$email == rep).first()?.optedOutAt == nil)
        }
    }

    @Test func remindersGoOnceToThoseWithASeat() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "boras", days: 10, capacity: 1)
            let resident = Client(app)
            try await resident.get("/boras/moten/\(meeting.id!)")
            try await Fixture.residentRegisters(app, resident, "boras", meeting, name: "A", email: "a@exempel.se")
            try await Fixture.residentRegisters(app, resident, "boras", meeting, name: "B", email: "b@exempel.se")
            #expect(try await MeetingInvitations.sendReminders(app: app, now: app.clock.now) == 0)
            meeting.startsAt = app.clock.seconds + 86_400
            meeting.endsAt = meeting.startsAt + 7200
            try await meeting.save(on: app.db)
            #expect(try await MeetingInvitations.sendReminders(app: app, now: app.clock.now) == 1)
            #expect(try await MeetingInvitations.sendReminders(app: app, now: app.clock.now) == 0)
            let reminder = try #require(try await Fixture.mail(app, to: "a@exempel.se").last)
            #expect(reminder.subject == "Påminnelse: Testmöte")
            #expect(Fixture.link(in: reminder, path: "/boras/moten/avbokning/") != nil)
            #expect(!(try await Fixture.mail(app, to: "b@exempel.se").contains { $0.subject.hasPrefix("Påminnelse") }))
        }
    }

    @Test func meetingPagesAndCalendarFilesForTheDemo() async throws {
        try await withTestApp { app in
            let client = Client(app)
            for slug in Demo.slugs {
                let list = try await client.get("/\(slug)/moten")
                #expect(list.status == .ok)
                #expect(list.text.contains("Kommande möten"))
                let feed = try await client.get("/\(slug)/moten.ics")
                #expect(feed.status == .ok)
                #expect(feed.headers.contentType?.subType == "calendar")
                #expect(feed.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(feed.text.contains("BEGIN:VTIMEZONE"))
                #expect(feed.text.contains("STATUS:CANCELLED"))
            }
            let start = try await client.get("/sodertalje")
            #expect(start.text.contains("Det här händer"))
            #expect(start.text.contains("Dialogmöte: hur går samverkan?"))
            #expect(!start.text.contains("Dialogmöte om föreningsbidragen"))
            let eslov = try await client.get("/eslov/moten?typ=dialogue")
            #expect(!eslov.text.contains("Föreningsfrukost med kommunen"))
            #expect(try await client.get("/eslov/moten").text.contains("Föreningsfrukost med kommunen"))
            #expect(try await client.get("/eslov/moten/\(UUID())").status == .notFound)
            #expect(try await client.get("/eslov/moten/inte-ett-id").status == .notFound)
        }
    }

    @Test func aMunicipalityAddsItsOwnKindOfMeetingAndRemovesItOnlyWhenUnused() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            #expect(try await coordinator.get("/admin/boras/moten").status == .ok)
            #expect(try await coordinator.post("/admin/boras/moten/typer", [("name", "Föreningsfika")]).status == .seeOther)
            let kind = try #require(try await MeetingKindDefinition.query(on: app.db).filter(\.$name == "Föreningsfika").first())
            #expect(try await coordinator.get("/admin/boras/moten/ny").text.contains("Föreningsfika"))
            #expect(try await coordinator.post("/admin/boras/moten", [
                ("title", "Fika med kommunen"), ("kind", kind.id!.uuidString), ("audience", "everyone"), ("date", "2027-02-02"),
                ("start", "08:00"), ("end", "09:00")]).status == .seeOther)
            #expect(try await Client(app).get("/boras/moten?typ=\(kind.id!.uuidString)").text.contains("Fika med kommunen"))
            let inUse = try await coordinator.post("/admin/boras/moten/typer/\(kind.id!)/ta-bort")
            #expect(inUse.status == .conflict)
            #expect(inUse.text.contains("används av 1 möte"))
            // Another municipality's kind cannot be chosen.
            let eslov = try #require(try await MeetingKindDefinition.query(on: app.db).filter(\.$name == "Föreningsfrukost").first())
            #expect(try await coordinator.post("/admin/boras/moten", [
                ("title", "Fel"), ("kind", eslov.id!.uuidString), ("audience", "everyone"), ("date", "2027-02-02"),
                ("start", "08:00"), ("end", "09:00")]).status == .unprocessableEntity)
            // Officers plan meetings but do not keep the list of kinds.
            let officer = Client(app)
            try await officer.login(Demo.officer("boras"))
            #expect(try await officer.post("/admin/boras/moten/typer", [("name", "Annat")]).status == .forbidden)
        }
    }

    @Test func theMeetingListRunsTheSameQueriesForFewAndManyMeetings() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            func count() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                _ = try await MeetingsPage.query(db: db, m, kind: nil, now: app.clock.seconds,
                                                 t: Translator(catalogue: app.catalogue, locale: .sv), chrome: .plain)
                return log.count
            }
            let few = try await count()
            for day in 1...30 { try await Fixture.meeting(app, "boras", days: day * 3, capacity: 10) }
            #expect(try await count() == few)
            // Kinds, meetings, seats, and the names of the organisations arranging trainings.
            #expect(few == 4)
        }
    }

    /// A meeting entered by mistake can be deleted, after a confirmation, while nobody is
    /// registered or invited; after that only cancelling (which tells people) is offered.
    @Test func aMeetingEnteredByMistakeIsDeletedAfterAConfirmation() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "eslov", days: 30, title: "Felinlagt möte")
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            let page = try await officer.get("/admin/eslov/moten/\(meeting.id!)")
            #expect(page.text.contains("/admin/eslov/moten/\(meeting.id!)/ta-bort"))
            let asked = try await officer.post("/admin/eslov/moten/\(meeting.id!)/ta-bort")
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Ta bort Felinlagt möte?"))
            #expect(try await Meeting.find(meeting.id, on: app.db) != nil)
            let done = try await officer.post("/admin/eslov/moten/\(meeting.id!)/ta-bort", [("confirmed", "1")])
            #expect(done.location == "/admin/eslov/moten")
            #expect(try await Meeting.find(meeting.id, on: app.db) == nil)

            // Once someone has registered, deleting is refused and not offered.
            let kept = try await Fixture.meeting(app, "eslov", days: 30, title: "Riktigt möte")
            try await Fixture.residentRegisters(app, Client(app), "eslov", kept, name: "Ada", email: "ada@exempel.se")
            #expect(!(try await officer.get("/admin/eslov/moten/\(kept.id!)").text.contains("/ta-bort")))
            #expect(try await officer.post("/admin/eslov/moten/\(kept.id!)/ta-bort", [("confirmed", "1")]).status == .conflict)
            #expect(try await Meeting.find(kept.id, on: app.db) != nil)
        }
    }

}
