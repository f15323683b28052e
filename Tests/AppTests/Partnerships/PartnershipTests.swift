@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// The partnership register (IOP): what the coordinator makes public is shown and exported,
/// nothing else; the partner's page lists it; follow-ups are reminded once.
@Suite struct PartnershipTests {
    @Test func theCoordinatorRegistersAPartnershipAndThePublicSeesOnlyWhatIsPublic() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let organisation = try #require(try await Organisation.query(on: app.db).filter(\.$municipality.$id == m.id!)
                .filter(\.$status == .approved).sort(\.$name, .descending).first())
            let elsewhere = try #require(try await Organisation.query(on: app.db).filter(\.$municipality.$id != m.id!).first())
            let commitment = try #require(try await AgreementTouches.load(m, on: app.db).commitments.first)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            #expect(try await coordinator.get("/admin/sodertalje/partnerskap/ny").text.contains(organisation.name))
            var fields = [("title", "Sommarjobb i föreningar"), ("organisation", elsewhere.id!.uuidString), ("department", ""),
                          ("purpose", "Unga får sommarjobb i föreningar."), ("startsOn", "2027-06-01"), ("endsOn", "2027-05-01"),
                          ("contribution", "400 000 kronor"), ("status", "active"), ("nextFollowUpOn", ""),
                          ("commitments", commitment.tag), ("public", "entry")]
            // Another municipality's organisation, an end before the start, a text file as PDF: refused, what was typed kept.
            let bad = try await coordinator.postMultipart("/admin/sodertalje/partnerskap", fields,
                                                          files: [("document", "iop.pdf", "application/pdf", Array("not a pdf".utf8))])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Välj en organisation i föreningsregistret.") && bad.text.contains("Unga får sommarjobb i föreningar."))
            fields = fields.map { $0.0 == "organisation" ? ("organisation", organisation.id!.uuidString) : $0.0 == "endsOn" ? ("endsOn", "2028-08-31") : $0 }
            #expect(try await coordinator.postMultipart("/admin/sodertalje/partnerskap", fields,
                                                        files: [("document", "IOP avtal.pdf", "application/pdf", Fixture.pdf)]).status == .seeOther)
            let p = try #require(try await Partnership.query(on: app.db).filter(\.$title == "Sommarjobb i föreningar").first())
            #expect(p.isPublic && !p.contributionPublic && p.documentName == "IOP avtal.pdf")

            // Public without its contribution; on the partner's page too; in the CSV, contribution empty.
            let list = try await Client(app).get("/sodertalje/partnerskap").text
            #expect(list.contains("Sommarjobb i föreningar") && list.contains(organisation.name) && list.contains(commitment.label))
            #expect(!list.contains("400 000 kronor"))
            #expect(!list.contains("Mötesplats för nyanlända"), "the demo's partnership that is not public")
            #expect(try await Client(app).get("/sodertalje/foreningar/\(organisation.id!)").text.contains("Sommarjobb i föreningar"))
            let csv = try await Client(app).get("/sodertalje/partnerskap.csv")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let line = try #require(csv.text.split(separator: "\r\n").first { $0.contains("Sommarjobb i föreningar") })
            #expect(line.contains("2027-06-01,2028-08-31,active,,"))
            #expect(!csv.text.contains("Mötesplats för nyanlända"))
            let excel = try await Client(app).get("/sodertalje/partnerskap.csv?format=excel")
            #expect(excel.text.contains("Partnerskap;Partner;"))
            let document = try await Client(app).get("/sodertalje/partnerskap/\(p.id!)/dokument")
            #expect(document.status == .ok && Array(document.body.readableBytesView) == Fixture.pdf)

            // Made public with its contribution, it shows; made not public, it and its document are gone.
            fields = fields.filter { $0.0 != "public" } + [("public", "entry"), ("public", "contribution")]
            try await coordinator.postMultipart("/admin/sodertalje/partnerskap/\(p.id!)", fields, files: [])
            #expect(try await Client(app).get("/sodertalje/partnerskap").text.contains("400 000 kronor"))
            #expect(try #require(try await Partnership.find(p.id, on: app.db)).documentStoredName == p.documentStoredName, "the document stays")
            fields = fields.filter { $0.0 != "public" }
            try await coordinator.postMultipart("/admin/sodertalje/partnerskap/\(p.id!)", fields, files: [])
            #expect(!(try await Client(app).get("/sodertalje/partnerskap").text.contains("Sommarjobb i föreningar")))
            #expect(try await Client(app).get("/sodertalje/partnerskap/\(p.id!)/dokument").status == .notFound)
            #expect(try await coordinator.get("/admin/sodertalje/partnerskap/\(p.id!)/dokument").status == .ok)

            // Removed after a confirmation, with its document.
            #expect(try await coordinator.post("/admin/sodertalje/partnerskap/\(p.id!)/ta-bort").status == .ok)
            #expect(try await coordinator.post("/admin/sodertalje/partnerskap/\(p.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await Partnership.find(p.id, on: app.db) == nil)
            #expect(!FileManager.default.fileExists(atPath: FileStore(app: app).path(storedName: p.documentStoredName!)))
        }
    }

    @Test func aMergedDuplicateHandsItsPartnershipsToTheRecordItIsFoldedInto() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "botkyrka")
            let p = try #require(try await Partnership.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            let target = try #require(try await Organisation.query(on: app.db).filter(\.$municipality.$id == m.id!)
                .filter(\.$status == .approved).filter(\.$id != p.$organisation.id).first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            let merged = try await coordinator.post(SiteURL.organisationMerge(m.slug, p.$organisation.id), [("target", target.id!.uuidString)])
            #expect(merged.status == .seeOther)
            #expect(try #require(try await Partnership.find(p.id, on: app.db)).$organisation.id == target.id)
        }
    }

    @Test func followUpsAreRemindedOnceTwoWeeksBeforeAndOnTheDay() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "botkyrka")
            let p = try #require(try await Partnership.query(on: app.db).filter(\.$municipality.$id == m.id!).filter(\.$nextFollowUpOn != nil).first())
            let day = try #require(CalendarDate(p.nextFollowUpOn!))
            let coordinator = Demo.coordinator("botkyrka")
            func reminders() async throws -> Int {
                try await Fixture.mail(app, to: coordinator).filter { $0.subject.hasPrefix("Uppföljning av partnerskapet \(p.title)") }.count
            }
            _ = try await PartnershipAdminController.remind(app: app, today: day.adding(days: -20))
            #expect(try await reminders() == 0, "not yet")
            _ = try await PartnershipAdminController.remind(app: app, today: day.adding(days: -14))
            _ = try await PartnershipAdminController.remind(app: app, today: day.adding(days: -13))
            #expect(try await reminders() == 1)
            _ = try await PartnershipAdminController.remind(app: app, today: day)
            _ = try await PartnershipAdminController.remind(app: app, today: day)
            #expect(try await reminders() == 2)
            _ = try await PartnershipAdminController.remind(app: app, today: day.adding(days: 1))
            #expect(try await reminders() == 2, "nothing after the day")
        }
    }

    @Test func onlyTheMunicipalitysCoordinatorKeepsTheRegister() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "botkyrka")
            let p = try #require(try await Partnership.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            for email in [Demo.representative("botkyrka"), Demo.officer("botkyrka"), Demo.coordinator("boras")] {
                let someone = Client(app)
                try await someone.login(email)
                #expect(try await someone.get("/admin/botkyrka/partnerskap").status == .forbidden, "\(email)")
                #expect(try await someone.post("/admin/botkyrka/partnerskap/\(p.id!)/ta-bort", [("confirmed", "1")]).status == .forbidden)
                #expect(try await someone.get("/admin/botkyrka/partnerskap/\(p.id!)/dokument").status == .forbidden)
            }
            #expect(try await Partnership.find(p.id, on: app.db) != nil)
        }
    }

    @Test func theRegisterRunsTheSameQueriesWhateverItsSize() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            func queries() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                log.reset()
                _ = try await PartnershipsController.load(db, m, publicOnly: true)
                return log.count
            }
            let few = try await queries()
            let organisations = try await Organisation.query(on: app.db).filter(\.$municipality.$id == m.id!).limit(10).all()
            let key = try #require(try await AgreementTouches.load(m, on: app.db).commitments.first?.tag).replacingOccurrences(of: "commitment:", with: "")
            for (n, o) in organisations.enumerated() {
                let p = Partnership()
                p.$municipality.id = m.id!
                p.$organisation.id = o.id!
                p.title = "Partnerskap \(n)"
                p.purpose = "Syfte."
                p.startsOn = "2026-01-01"
                p.contribution = "Stöd."
                p.status = .active
                p.isPublic = true
                p.contributionPublic = n % 2 == 0
                try await p.create(on: app.db)
                let c = PartnershipCommitment()
                c.$partnership.id = p.id!
                c.key = key
                try await c.create(on: app.db)
            }
            #expect(try await queries() == few)
            #expect(few <= 7)
        }
    }
}
