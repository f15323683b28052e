@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Decisions that affect the sector: the coordinator records them with the principles they touch
/// and whether the sector was heard in time; the public page, the annual report and the share.
@Suite struct DecisionTests {
    @Test func theCoordinatorRecordsADecisionAndThePublicSeesTheShareHeardInTime() async throws {
        try await withTestApp { app in
            app.clock.set(Date(timeIntervalSince1970: Double(StockholmTime.startOfDay(CalendarDate("2031-05-05")!) + 12 * 3600)))
            let m = try await Fixture.municipality(app, "eslov")
            let touches = try await AgreementTouches.load(m, on: app.db)
            let principle = try #require(touches.principles.first)
            let council = try #require(try await Meeting.query(on: app.db).filter(\.$municipality.$id == m.id!)
                .filter(\.$kind == MeetingKind.council.rawValue).first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            let form = try await coordinator.get("/admin/eslov/beslut/ny")
            #expect(form.status == .ok && form.text.contains(#"value="\#(principle.tag)""#))
            var fields = [("title", "Nytt lokalstöd"), ("decidedBy", "Kultur- och fritidsnämnden"), ("decidedOn", "2031-04-10"),
                          ("referenceNumber", "KFN 2031/3"), ("summary", "Föreningar får hyra lokaler till halva priset."),
                          ("url", "javascript:alert(1)"), ("principles", principle.tag), ("principles", "principle:finns-inte"),
                          ("consultation", "inTime"), ("consultedOn", "2031-04-20"), ("meeting", council.id!.uuidString)]
            // A link that is not a web address, a consultation "in time" after the decision, and a text file as PDF: all said at once.
            let bad = try await coordinator.postMultipart("/admin/eslov/beslut", fields, files: [("pdf", "beslut.pdf", "application/pdf", Array("<html>".utf8))])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("https://") && bad.text.contains("ligger före beslutet") && bad.text.contains("Föreningar får hyra lokaler till halva priset."))
            fields = fields.map { $0.0 == "url" ? ("url", "https://eslov.example/beslut/3") : $0.0 == "consultedOn" ? ("consultedOn", "2031-03-20") : $0 }
            #expect(try await coordinator.postMultipart("/admin/eslov/beslut", fields, files: [("pdf", "Beslut.PDF", "application/pdf", Fixture.pdf)]).status == .seeOther)
            let decision = try #require(try await Decision.query(on: app.db).filter(\.$title == "Nytt lokalstöd").first())
            #expect(decision.$meeting.id == council.id && decision.pdfName == "Beslut.pdf")
            #expect(try await DecisionPrinciple.query(on: app.db).filter(\.$decision.$id == decision.id!).all(\.$key) == [principle.tag.replacingOccurrences(of: "principle:", with: "")])
            // Heard too late on another.
            try await coordinator.post("/admin/eslov/beslut", [("title", "Ny taxa"), ("decidedBy", "Kommunstyrelsen"), ("decidedOn", "2031-02-01"),
                                                               ("summary", "Taxan höjs."), ("consultation", "tooLate")])

            let page = try await Client(app).get("/eslov/beslut?ar=2031")
            #expect(page.status == .ok)
            #expect(page.text.contains("Nytt lokalstöd") && page.text.contains("KFN 2031/3") && page.text.contains(principle.label))
            #expect(page.text.contains("Föreningslivet fick lämna synpunkter i tid inför 1 av 2 beslut 2031 (50 %)."))
            #expect(page.text.contains("Ja, men för sent") && page.text.contains(council.title))
            let pdf = try await Client(app).get("/eslov/beslut/\(decision.id!)/pdf")
            #expect(pdf.status == .ok && Array(pdf.body.readableBytesView) == Fixture.pdf)
            #expect(try await Client(app).get("/boras/beslut/\(decision.id!)/pdf").status == .notFound)

            let report = try await coordinator.get("/admin/eslov/arsrapport/2031").text
            #expect(report.contains("Beslut som berör föreningslivet") && report.contains("1 av 2 beslut 2031 (50 %)"))

            // Changed without a new file, the PDF stays; removed with a confirmation, it goes.
            fields = fields.map { $0.0 == "title" ? ("title", "Nytt lokalstöd för föreningar") : $0 }
            #expect(try await coordinator.postMultipart("/admin/eslov/beslut/\(decision.id!)", fields, files: []).status == .seeOther)
            let changed = try #require(try await Decision.find(decision.id, on: app.db))
            #expect(changed.title == "Nytt lokalstöd för föreningar" && changed.pdfStoredName == decision.pdfStoredName)
            #expect(try await coordinator.post("/admin/eslov/beslut/\(decision.id!)/ta-bort").status == .ok)
            #expect(try await coordinator.post("/admin/eslov/beslut/\(decision.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await Decision.find(decision.id, on: app.db) == nil)
            #expect(!FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: decision.pdfStoredName!)))
        }
    }

    @Test func onlyTheMunicipalitysCoordinatorRecordsDecisions() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let decision = try #require(try await Decision.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            for email in [Demo.representative("boras"), Demo.officer("boras"), Demo.councilMember("boras"), Demo.coordinator("eslov")] {
                let someone = Client(app)
                try await someone.login(email)
                #expect(try await someone.get("/admin/boras/beslut").status == .forbidden, "\(email)")
                #expect(try await someone.post("/admin/boras/beslut/\(decision.id!)", [("title", "Intrång")]).status == .forbidden)
                #expect(try await someone.post("/admin/boras/beslut/\(decision.id!)/ta-bort", [("confirmed", "1")]).status == .forbidden)
            }
            #expect(try await Decision.find(decision.id, on: app.db)?.title != "Intrång")
        }
    }

    @Test func theDecisionsPageRunsTheSameQueriesWhateverTheirNumber() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func queries() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                log.reset()
                let page = try await DecisionsController.page(db, m, year: nil, today: app.clock.today, t: t, chrome: .plain)
                #expect(page.rows != nil)
                return log.count
            }
            let few = try await queries()
            let key = try #require(try await AgreementTouches.load(m, on: app.db).principles.first?.tag).replacingOccurrences(of: "principle:", with: "")
            for n in 0..<25 {
                let d = Decision()
                d.$municipality.id = m.id!
                d.title = "Beslut \(n)"
                d.decidedBy = "Nämnden"
                d.decidedOn = app.clock.today.description
                d.summary = "Kort."
                d.consultation = n % 2 == 0 ? .inTime : .no
                try await d.create(on: app.db)
                let p = DecisionPrinciple()
                p.$decision.id = d.id!
                p.key = key
                try await p.create(on: app.db)
            }
            #expect(try await queries() == few)
            #expect(few <= 7, "the years, the decisions, their principles, the agreement (three) and the meetings")
        }
    }
}
