@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// One way in, followed through: the handlers hear of new inquiries and are reminded, the
/// response-time rule, the statistics and the annual report count the answers, retention thins
/// what has run its time, and an inquiry is tied to the agreement, printed for the registry and,
/// when it is friction, taken to the council.
@Suite struct InquiryFollowThroughTests {
    /// Noon in Stockholm on `day`.
    func noon(_ day: String) -> Date {
        Date(timeIntervalSince1970: Double(StockholmTime.startOfDay(CalendarDate(day)!) + 12 * 3600))
    }

    func topic(_ app: Application, _ slug: String, _ name: String) async throws -> Topic {
        try #require(try await Topic.query(on: app.db).join(Municipality.self, on: \Topic.$municipality.$id == \Municipality.$id)
            .filter(Municipality.self, \.$slug == slug).filter(\.$name == name).first())
    }

    /// An inquiry received at noon on `day` and, unless nil, answered `after` working days later.
    @discardableResult
    func inquiry(_ app: Application, _ topic: Topic, _ subject: String, received day: String, answeredAfter after: Int?,
                 closed: Bool = false) async throws -> Inquiry {
        let i = Inquiry()
        i.$municipality.id = topic.$municipality.id
        i.$topic.id = topic.id
        i.$department.id = topic.$department.id
        i.kind = .question
        i.status = after == nil ? .new : (closed ? .closed : .answered)
        i.subject = subject
        i.body = "Frågans text om \(subject)."
        i.inquirerName = "Ida Frågvis"
        i.inquirerEmail = "ida.fragvis@exempel.se"
        i.receivedAt = Int(noon(day).timeIntervalSince1970)
        i.verifiedAt = i.receivedAt
        i.targetDays = topic.targetDays
        try await i.create(on: app.db)
        var events = [InquiryEvent(i, .received, at: i.receivedAt, author: nil, name: i.inquirerName)]
        if let after {
            let at = StockholmTime.startOfDay(WorkingDays.due(from: CalendarDate(day)!, days: after)) + 15 * 3600
            events.append(InquiryEvent(i, .answer, at: at, author: nil, name: "Handläggare", text: "Svaret."))
            Inquiries.recordFirstAnswer(i, at: at, events: events)
            if closed {
                events.append(InquiryEvent(i, .closed, at: at + 86_400, author: nil, name: "Handläggare"))
                i.closedAt = at + 86_400
            }
        }
        try await events.create(on: app.db)
        i.dueOn = Inquiries.due(i, events: events, today: CalendarDate(day)!).description
        try await i.save(on: app.db)
        return i
    }

    func mails(_ app: Application, to email: String, subject: String) async throws -> Int {
        try await Fixture.mail(app, to: email).filter { $0.subject.contains(subject) }.count
    }

    @Test func theHandlersHearOfANewInquiryAndAreRemindedOnceBeforeAndOnceAfterItIsDue() async throws {
        try await withTestApp { app in
            app.clock.set(noon("2026-03-02"))  // a Monday
            let grants = try await topic(app, "orebro", "Föreningsbidrag och andra stöd")
            let representative = Client(app)
            try await representative.login(Demo.representative("orebro"))
            #expect(try await representative.post("/orebro/kontakt/fraga", [
                ("kind", "question"), ("topic", grants.id!.uuidString), ("subject", "Bidrag till en loppis"),
                ("body", "Kan vi söka bidrag för en loppis?")]).status == .seeOther)
            let officer = Demo.officer("orebro"), coordinator = Demo.coordinator("orebro")
            #expect(try await mails(app, to: officer, subject: "Ny fråga i kön: Bidrag till en loppis") == 1)
            #expect(try await mails(app, to: coordinator, subject: "Bidrag till en loppis") == 0, "the department has it, not the coordinator")

            // Friday: the answer is due on Monday 9 March, one working day ahead.
            _ = try await Inquiries.remind(app: app, today: CalendarDate("2026-03-06")!)
            _ = try await Inquiries.remind(app: app, today: CalendarDate("2026-03-06")!)
            #expect(try await mails(app, to: officer, subject: "Påminnelse: svar senast 2026-03-09 på ”Bidrag till en loppis”") == 1,
                    "reminded once, however often the job runs")
            #expect(try await mails(app, to: coordinator, subject: "Bidrag till en loppis") == 0)

            // Tuesday: overdue. The officer and the coordinator hear of it, once.
            _ = try await Inquiries.remind(app: app, today: CalendarDate("2026-03-10")!)
            _ = try await Inquiries.remind(app: app, today: CalendarDate("2026-03-10")!)
            #expect(try await mails(app, to: officer, subject: "Försenad: ”Bidrag till en loppis”") == 1)
            #expect(try await mails(app, to: coordinator, subject: "Försenad fråga i en förvaltnings kö: Bidrag till en loppis") == 1)

            // Once answered, no more reminders.
            let stored = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Bidrag till en loppis").first())
            app.clock.set(noon("2026-03-10"))
            let staff = Client(app)
            try await staff.login(officer)
            #expect(try await staff.post("/admin/orebro/arenden/\(stored.id!)/svara", [("text", "Ja, föreningsbidraget.")]).status == .seeOther)
            let answered = try #require(try await Inquiry.find(stored.id, on: app.db))
            #expect(answered.answerWorkingDays == 6, "Monday 2 to Tuesday 10 March")
            #expect(!answered.answeredInTime)
            let before = try await Fixture.mail(app, to: officer).count
            _ = try await Inquiries.remind(app: app, today: CalendarDate("2026-03-20")!)
            #expect(try await Fixture.mail(app, to: officer).count == before)

            // The inquirer writes back after the answer: the one who took it hears of it.
            let page = try #require(try await Fixture.mail(app, to: Demo.representative("orebro")).last { $0.subject.hasPrefix("Svar på din fråga") })
            let link = try #require(Fixture.link(in: page, path: "/orebro/kontakt/arende/"))
            let path = String(link[link.range(of: "/orebro/")!.lowerBound...])
            #expect(try await representative.post(path + "/oppna-igen", [("text", "Gäller det även en bokbytardag?")]).status == .seeOther)
            #expect(try await mails(app, to: officer, subject: "Frågeställaren har skrivit: Bidrag till en loppis") == 1)
        }
    }

    @Test func answersCountForTheRuleTheStatisticsAndTheAnnualReportWithSmallFiguresWithheld() async throws {
        try await withTestApp { app in
            // In 2030 the demo's inquiries lie in the past: only these count.
            app.clock.set(noon("2030-06-03"))
            let grants = try await topic(app, "orebro", "Föreningsbidrag och andra stöd")
            let premises = try await topic(app, "orebro", "Frivilliga och volontärer")
            #expect(grants.$department.id != premises.$department.id)
            // Six on grants: five in time (1, 2, 2, 3, 4 working days), one late (8); the target is the topic's.
            for (n, days) in [1, 2, 2, 3, 4].enumerated() {
                try await inquiry(app, grants, "Bidrag \(n)", received: "2030-0\(n + 1)-07", answeredAfter: min(days, grants.targetDays))
            }
            try await inquiry(app, grants, "Bidrag sent", received: "2030-04-15", answeredAfter: grants.targetDays + 3)
            // Two on premises: too few to show anything but that they were fewer than five.
            try await inquiry(app, premises, "Lokal 1", received: "2030-02-11", answeredAfter: 1)
            try await inquiry(app, premises, "Lokal 2", received: "2030-02-12", answeredAfter: nil)

            let page = try await Client(app).get("/orebro/kontakt/statistik?ar=2030")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Frågor till kommunen och svarstider 2030"))
            #expect(html.contains("83 %"), "five of six in time")
            #expect(html.contains("färre än 5"))
            #expect(html.contains("visas inte"))
            #expect(!html.contains("Ida Frågvis") && !html.contains("Bidrag sent"), "no personal data, no subjects")
            #expect(try await Client(app).get("/orebro/kontakt/statistik?ar=1700").text.contains("svarstider 2030"), "a year out of range shows this year")

            // The rule, at 90 %, is at risk this year with the figures as its evidence.
            let m = try await Fixture.municipality(app, "orebro")
            let agreement = try #require(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.id!).filter(\.$status == .inForce).first())
            let position = try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == agreement.id!).count() + 1
            try await AgreementRule(agreementID: agreement.id!, position: position, .responseTime(minimumPercent: 90, note: nil)).create(on: app.db)
            let rules = try await Client(app).get("/orebro/regler").text
            #expect(rules.contains("Minst 90 % av frågorna genom en väg in får sitt första svar inom svarstiden"))
            // Eight judged: the six on grants, the premises one answered in a day, and the one never
            // answered, whose due day has passed. Twelve more in time would make 18 of 20.
            #expect(rules.contains("6 av 8 frågor besvarades inom svarstiden (75 %); 12 till i tid behövs för att nå 90 %."))
            #expect(rules.contains("/orebro/kontakt/statistik?ar=2030"))

            // The annual report gives each department's figures.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let report = try await coordinator.get("/admin/orebro/arsrapport/2030").text
            #expect(report.contains("En väg in"))
            #expect(report.contains("83 %"))

            // Four queries, whatever the number of inquiries.
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func count() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                log.reset()
                _ = try await InquiryStatistics.load(m, year: 2030, on: db, today: app.clock.today, t: t)
                return log.count
            }
            let before = try await count()
            for n in 0..<15 { try await inquiry(app, premises, "Fler \(n)", received: "2030-05-0\(n % 9 + 1)", answeredAfter: n % 3) }
            #expect(try await count() == before)
            #expect(before == 4)
        }
    }

    @Test func retentionThinsOnlyResidentsClosedInquiriesWithoutADiarienummer() async throws {
        try await withTestApp { app in
            app.clock.set(noon("2029-06-04"))
            let grants = try await topic(app, "boras", "Föreningsbidrag och andra stöd")
            let old = try await inquiry(app, grants, "Gammal fråga", received: "2027-03-01", answeredAfter: 2, closed: true)
            let registered = try await inquiry(app, grants, "Diarieförd fråga", received: "2027-03-02", answeredAfter: 2, closed: true)
            registered.referenceNumber = "KS 2027/12"
            try await registered.save(on: app.db)
            let representative = try await inquiry(app, grants, "Förenings fråga", received: "2027-03-03", answeredAfter: 2, closed: true)
            representative.$user.id = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("boras")).first()).id
            try await representative.save(on: app.db)
            let recent = try await inquiry(app, grants, "Nyare fråga", received: "2028-03-01", answeredAfter: 2, closed: true)
            let open = try await inquiry(app, grants, "Öppen fråga", received: "2027-03-04", answeredAfter: nil)
            _ = try await Inquiries.issueLink(old, on: app.db, now: app.clock.seconds)

            // 24 months after closing by default: only the resident's unregistered old one goes.
            let thinned = try await Inquiries.thin(app: app, now: app.clock.seconds)
            #expect(thinned >= 1)
            let gone = try #require(try await Inquiry.find(old.id, on: app.db))
            #expect(gone.thinnedAt != nil && gone.subject.isEmpty && gone.body.isEmpty && gone.inquirerName.isEmpty && gone.inquirerEmail.isEmpty)
            #expect(gone.answerWorkingDays == 2 && gone.dueOn != nil, "what the figures need stays")
            #expect(try await InquiryEvent.query(on: app.db).filter(\.$inquiry.$id == old.id!).count() == 0)
            #expect(try await InquiryLink.query(on: app.db).filter(\.$inquiry.$id == old.id!).count() == 0)
            for kept in [registered, representative, recent, open] {
                let row = try #require(try await Inquiry.find(kept.id, on: app.db))
                #expect(row.thinnedAt == nil && !row.subject.isEmpty, "\(kept.subject) is kept")
            }
            #expect(try await Inquiries.thin(app: app, now: app.clock.seconds) == 0, "nothing twice")

            // The coordinator sees that it was thinned.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let handle = try await coordinator.get("/admin/boras/arenden/\(old.id!)")
            #expect(handle.text.contains("(gallrad fråga)") && handle.text.contains("Frågan gallrades"))

            // A shorter period set by the municipality reaches the newer one too.
            let form = try await coordinator.get("/admin/boras/webbplatsen")
            #expect(form.text.contains("inquiryRetentionMonths"))
            let m = try await Fixture.municipality(app, "boras")
            m.inquiryRetentionMonths = 12
            try await m.save(on: app.db)
            #expect(try await Inquiries.thin(app: app, now: app.clock.seconds) >= 1)
            #expect(try #require(try await Inquiry.find(recent.id, on: app.db)).thinnedAt != nil)
            #expect(try #require(try await Inquiry.find(registered.id, on: app.db)).thinnedAt == nil)
        }
    }

    @Test func anInquiryIsTiedToTheAgreementPrintedForTheRegistryAndAFrictionTakenToTheCouncil() async throws {
        try await withTestApp { app in
            let friction = try #require(try await Inquiry.query(on: app.db).join(Municipality.self, on: \Inquiry.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "eslov").filter(\.$kind == .friction).first())
            let url = "/admin/eslov/arenden/\(friction.id!)"
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            #expect(try await coordinator.post(url + "/anteckning", [("text", "Intern tanke om förvaltningarna.")]).status == .seeOther)

            // Tied to a principle of the agreement in force; a made-up key is ignored.
            let m = try await Fixture.municipality(app, "eslov")
            let touches = try await AgreementTouches.load(m, on: app.db)
            let principle = try #require(touches.principles.first)
            let page = try await coordinator.get(url)
            #expect(page.text.contains(#"value="\#(principle.tag)""#))
            #expect(try await coordinator.post(url + "/overenskommelsen", [("touch", principle.tag), ("touch", "principle:finns-inte")]).status == .seeOther)
            #expect(try await InquiryTouch.query(on: app.db).filter(\.$inquiry.$id == friction.id!).all().map(\.tag) == [principle.tag])
            #expect(try await coordinator.get(url).text.contains(principle.label))
            #expect(try await coordinator.post(url + "/overenskommelsen", []).status == .seeOther)
            #expect(try await InquiryTouch.query(on: app.db).filter(\.$inquiry.$id == friction.id!).count() == 0)

            // The registry's copy: what came in and what was sent, not the internal notes.
            let print = try await coordinator.get(url + "/utskrift")
            #expect(print.status == .ok)
            #expect(print.text.contains(friction.subject) && print.text.contains(friction.inquirerName))
            #expect(!print.text.contains("Intern tanke om förvaltningarna."))
            #expect(try await Client(app).get(url + "/utskrift").status != .ok)
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            #expect(try await officer.get(url + "/utskrift").status == .forbidden, "the coordinator's queue, not the officer's")

            // To the council's next meeting, once, without the inquirer's name.
            let meeting = try #require(try await AgreementTouches.nextCouncilMeeting(m, on: app.db, now: app.clock.seconds))
            #expect(try await coordinator.get(url).text.contains("Lägg till på dagordningen"))
            #expect(try await officer.post(url + "/till-samradet").status == .forbidden)
            #expect(try await coordinator.post(url + "/till-samradet").status == .seeOther)
            #expect(try await coordinator.post(url + "/till-samradet").status == .seeOther)
            let agenda = try #require(try await Meeting.find(meeting.id, on: app.db)?.agenda)
            #expect(agenda.components(separatedBy: "Skav genom en väg in: \(friction.subject)").count == 2, "on the agenda once")
            #expect(!agenda.contains(friction.inquirerName))

            // Only friction goes that way.
            let question = try #require(try await Inquiry.query(on: app.db).filter(\.$municipality.$id == m.id!).filter(\.$kind == .question).first())
            #expect(try await coordinator.post("/admin/eslov/arenden/\(question.id!)/till-samradet").status == .conflict)

            // The queue can show friction alone.
            let queue = try await coordinator.get("/admin/eslov/arenden?visa=skav").text
            #expect(queue.contains(friction.subject) && !queue.contains(question.subject))
        }
    }

    @Test func aResidentAttachesAPdfOrAnImageRecognisedByItsContentAndOnlyTheRightPeopleGetIt() async throws {
        try await withTestApp { app in
            let grants = try await topic(app, "orebro", "Föreningsbidrag och andra stöd")
            let resident = Client(app)
            let form = try await resident.get("/orebro/kontakt/fraga")
            #expect(form.text.contains(#"enctype="multipart/form-data""#) && form.text.contains(#"type="file""#))
            let fields = [("kind", "question"), ("topic", grants.id!.uuidString), ("subject", "Bidrag med bilaga"),
                          ("body", "Se vår budget i bilagan."), ("name", "Tove Bilaga"), ("email", "tove@exempel.se")]

            // A page of HTML called budget.pdf is refused, and what was typed is kept.
            let fake = try await resident.postMultipart("/orebro/kontakt/fraga", fields,
                                                        files: [("attachment", "budget.pdf", "application/pdf", Array("<html><script>x</script></html>".utf8))])
            #expect(fake.status == .unprocessableEntity)
            #expect(fake.text.contains("varken en PDF eller en bild") && fake.text.contains("Se vår budget i bilagan."))
            #expect(try await Inquiry.query(on: app.db).filter(\.$subject == "Bidrag med bilaga").count() == 0)

            // A PNG sent as "budget.exe" is stored as an image and offered under a name that says so.
            let png = SimplePNG.solid(width: 4, height: 3)
            let sent = try await resident.postMultipart("/orebro/kontakt/fraga", fields,
                                                        files: [("attachment", "../../budget.exe", "application/octet-stream", png)])
            #expect(sent.status == .ok)
            let inquiry = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Bidrag med bilaga").first())
            let stored = try #require(try await InquiryAttachment.query(on: app.db).filter(\.$inquiry.$id == inquiry.id!).first())
            #expect(stored.contentType == "image/png" && stored.originalName == "budget.png" && stored.size == png.count)
            #expect(!FileStore(app: app).path(storedName: stored.storedName).contains("Public"), "outside the web root")

            // The inquirer gets it from the mailed link; the department's officer from the queue; nobody else.
            let mail = try #require(try await Fixture.mail(app, to: "tove@exempel.se").last)
            let link = try #require(Fixture.link(in: mail, path: "/orebro/kontakt/arende/"))
            let page = String(link[link.range(of: "/orebro/")!.lowerBound...])
            try await resident.post(page + "/bekrafta")
            let own = try await resident.get(page + "/bilaga/\(stored.id!)")
            #expect(own.status == .ok && Array(own.body.readableBytesView) == png)
            #expect(own.headers.first(name: .contentType) == "image/png")
            #expect(own.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(own.headers.first(name: .cacheControl) == "private, no-store")
            let officer = Client(app)
            try await officer.login(Demo.officer("orebro"))
            let handle = try await officer.get("/admin/orebro/arenden/\(inquiry.id!)")
            #expect(handle.text.contains("budget.png"))
            #expect(try await officer.get("/admin/orebro/arenden/\(inquiry.id!)/bilaga/\(stored.id!)").status == .ok)
            let stranger = Client(app)
            try await stranger.login(Demo.officer("boras"))
            #expect(try await stranger.get("/admin/orebro/arenden/\(inquiry.id!)/bilaga/\(stored.id!)").status == .forbidden)
            // Another inquiry's link does not reach it.
            let other = try #require(try await Inquiry.query(on: app.db).filter(\.$municipality.$id == inquiry.$municipality.id)
                .filter(\.$id != inquiry.id!).filter(\.$status == .new).first())
            let otherToken = try await Inquiries.issueLink(other, on: app.db, now: app.clock.seconds)
            #expect(try await Client(app).get("/orebro/kontakt/arende/\(otherToken)/bilaga/\(stored.id!)").status == .notFound)

            // A PDF is recognised too.
            let pdf = try await Client(app).postMultipart("/orebro/kontakt/fraga", fields.map { $0.0 == "subject" ? ($0.0, "Med PDF") : $0 },
                                                          files: [("attachment", "budget", "application/pdf", Fixture.pdf)])
            #expect(pdf.status == .ok)
            let withPDF = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Med PDF").first())
            #expect(try await InquiryAttachment.query(on: app.db).filter(\.$inquiry.$id == withPDF.id!).first()?.contentType == "application/pdf")

            // Never confirmed, it lapses, and its file with it.
            let lapsedFile = try #require(try await InquiryAttachment.query(on: app.db).filter(\.$inquiry.$id == withPDF.id!).first())
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(Double(app.config.registrationConfirmHours * 3600 + 60)))
            #expect(try await InquiryAttachment.find(lapsedFile.id, on: app.db) == nil)
            #expect(!FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: lapsedFile.storedName)))
            #expect(FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: stored.storedName)), "the confirmed one stays")
        }
    }

    @Test func theQueueRunsFourQueriesWhateverItsLength() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            let officer = try #require(try await User.query(on: app.db).filter(\.$email == Demo.officer("orebro")).first())
            let coordinator = try #require(try await User.query(on: app.db).filter(\.$email == Demo.coordinator("orebro")).first())
            func queries(_ user: User, _ show: InquiryQueueController.Show) async throws -> (Int, Int) {
                let (db, log) = try await QueryLog.database(app)
                let list = ListRequest<InquiryQueueController.Show>(path: "/", show: show, default: .oppna)
                let (total, rows) = try await InquiryQueueController.listed(db, m, user: officer.id == user.id ? officer : coordinator, list,
                                                                            today: app.clock.today, t: t)
                #expect(rows.count == min(total, 50))
                return (log.count, total)
            }
            let (few, before) = try await queries(officer, .alla)
            let grants = try await topic(app, "orebro", "Föreningsbidrag och andra stöd")
            for n in 0..<60 { try await inquiry(app, grants, "Många \(n)", received: "2026-0\(n % 9 + 1)-02", answeredAfter: nil) }
            let (many, after) = try await queries(officer, .alla)
            #expect(after == before + 60)
            #expect(few == many && many == 4)
            #expect(try await queries(coordinator, .oppna).0 == 4)
        }
    }
}
