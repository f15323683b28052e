@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Trainings the sector invites to: an organisation's representatives plan and run their own,
/// never anyone else's; participants marked present get a certificate; the annual report counts
/// trainings and participants per side.
@Suite struct TrainingTests {
    private func representedOrganisation(_ app: Application, _ slug: String) async throws -> Organisation {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative(slug)).first())
        let link = try #require(try await OrganisationRepresentative.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
        return try #require(try await Organisation.find(link.$organisation.id, on: app.db))
    }

    @Test func anOrganisationInvitesToATrainingRunsItAndGivesCertificates() async throws {
        try await withTestApp { app in
            let org = try await representedOrganisation(app, "boras")
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let base = "/admin/boras/foreningar/\(org.id!)/utbildningar"
            #expect(try await rep.get("/admin/boras/foreningar/\(org.id!)").text.contains(base))
            #expect(try await rep.get(base).text.contains("Planera en utbildning"))
            let form = try await rep.get(base + "/ny")
            #expect(form.status == .ok && !form.text.contains(#"name="kind""#) && !form.text.contains(#"value="council""#))

            let day = app.clock.today.adding(days: 20).description
            var fields = [("title", "Kurs i bokföring"), ("kind", "council"), ("audience", "council"), ("date", day),
                          ("start", "18:00"), ("end", "20:00"), ("place", "Föreningshuset"), ("capacity", "2")]
            // A council meeting is not the sector's to call: refused, what was typed kept.
            let refused = try await rep.post(base, fields)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Kurs i bokföring"))
            fields = fields.map { $0.0 == "audience" ? ("audience", "everyone") : $0 }
            let created = try await rep.post(base, fields)
            #expect(created.status == .seeOther)
            let training = try #require(try await Meeting.query(on: app.db).filter(\.$title == "Kurs i bokföring").first())
            #expect(training.kind == MeetingKind.training.rawValue && training.$arranger.id == org.id && training.audience == .everyone)
            #expect(created.location == "/admin/boras/moten/\(training.id!)")
            let told = try await Fixture.mail(app, to: Demo.coordinator("boras"))
            #expect(told.contains { $0.subject == "\(org.name) bjuder in till utbildningen Kurs i bokföring" })

            // In the calendar with its arranger, for everyone.
            let visitor = Client(app)
            #expect(try await visitor.get("/boras/moten").text.contains("arrangeras av \(org.name)"))
            let publicPage = try await visitor.get("/boras/moten/\(training.id!)").text
            #expect(publicPage.contains("Arrangör") && publicPage.contains(org.name))

            // The representatives run their own training, not the staff's work and not another meeting.
            let admin = try await rep.get("/admin/boras/moten/\(training.id!)")
            #expect(admin.status == .ok && !admin.text.contains("/bjud-in") && !admin.text.contains("/protokoll\""))
            #expect(try await rep.get("/admin/boras/moten/\(training.id!)/andra").status == .ok)
            #expect(try await rep.post("/admin/boras/moten/\(training.id!)/bjud-in").status == .forbidden)
            let staffMeeting = try #require(try await Meeting.query(on: app.db).filter(\.$municipality.$id == training.$municipality.id)
                .filter(\.$arranger.$id == nil).first())
            #expect(try await rep.get("/admin/boras/moten/\(staffMeeting.id!)").status == .forbidden)
            #expect(try await rep.post("/admin/boras/moten/\(staffMeeting.id!)/andra", fields).status == .forbidden)
            #expect(try await rep.get("/admin/boras/moten").status == .forbidden)
            let otherRep = Client(app)
            try await otherRep.login(Demo.representative("orebro"))
            #expect(try await otherRep.get("/admin/boras/moten/\(training.id!)").status == .forbidden)

            // Two come; one is marked present once it has begun; only she gets a certificate.
            try await Fixture.residentRegisters(app, Client(app), "boras", training, name: "Åsa Berg", email: "asa@exempel.se")
            try await Fixture.residentRegisters(app, Client(app), "boras", training, name: "Omar Said", email: "omar@exempel.se")
            let present = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "asa@exempel.se").first())
            let absent = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "omar@exempel.se").first())
            #expect(present.status == .confirmed && absent.status == .confirmed)
            #expect(try await rep.post("/admin/boras/moten/\(training.id!)/intyg").status == .conflict, "nothing to certify yet")
            // The training has been held (moved in the database: a login does not last three weeks).
            training.startsAt = app.clock.seconds - 3 * 3600
            training.endsAt = app.clock.seconds - 3600
            try await training.save(on: app.db)
            #expect(try await rep.post("/admin/boras/moten/\(training.id!)/narvaro", [("attended", present.id!.uuidString)]).status == .seeOther)
            let page = try await rep.get("/admin/boras/moten/\(training.id!)").text
            #expect(page.contains("/admin/boras/moten/\(training.id!)/intyg/\(present.id!)"))
            #expect(!page.contains("/intyg/\(absent.id!)"))
            #expect(try await rep.get("/admin/boras/moten/\(training.id!)/intyg/\(absent.id!)").status == .notFound)
            let printable = try await rep.get("/admin/boras/moten/\(training.id!)/intyg/\(present.id!)").text
            #expect(printable.contains("Åsa Berg har deltagit i utbildningen Kurs i bokföring.") && printable.contains(org.name))

            // Sending asks first, showing the mail; then one mail, with her own link.
            let asked = try await rep.post("/admin/boras/moten/\(training.id!)/intyg")
            #expect(asked.status == .ok && asked.text.contains("asa@exempel.se") && !asked.text.contains("omar@exempel.se"))
            #expect(try await Fixture.mail(app, to: "asa@exempel.se").filter { $0.subject.hasPrefix("Intyg") }.isEmpty)
            #expect(try await rep.post("/admin/boras/moten/\(training.id!)/intyg", [("confirmed", "1")]).status == .seeOther)
            let mail = try #require(try await Fixture.mail(app, to: "asa@exempel.se").last)
            #expect(mail.subject == "Intyg: Kurs i bokföring")
            #expect(try await Fixture.mail(app, to: "omar@exempel.se").allSatisfy { !$0.subject.hasPrefix("Intyg") })
            let link = try #require(Fixture.link(in: mail, path: "/boras/moten/intyg/"))
            let own = try await Client(app).get(String(link[link.range(of: "/boras/")!.lowerBound...]))
            #expect(own.status == .ok && own.text.contains("Åsa Berg") && own.text.contains("Intyg om deltagande"))
            #expect(try await Client(app).get("/boras/moten/intyg/" + String(repeating: "x", count: 32)).status == .notFound)
            #expect(try await Client(app).get(String(link[link.range(of: "/boras/")!.lowerBound...]).replacingOccurrences(of: "/boras/", with: "/orebro/")).status == .notFound)
            #expect(try await rep.post("/admin/boras/moten/\(training.id!)/intyg").status == .conflict, "each is sent once")
        }
    }

    @Test func theCoordinatorChoosesTheArrangerAndAnUnapprovedOrganisationCannotInvite() async throws {
        try await withTestApp { app in
            let org = try await representedOrganisation(app, "orebro")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            #expect(try await coordinator.get("/admin/orebro/moten/ny").text.contains(org.name))
            let other = try #require(try await Organisation.query(on: app.db).filter(\.$municipality.$id != org.$municipality.id).first())
            let day = app.clock.today.adding(days: 30).description
            var fields = [("title", "Utbildning i dataskydd"), ("kind", "training"), ("arranger", other.id!.uuidString),
                          ("audience", "everyone"), ("date", day), ("start", "09:00"), ("end", "12:00")]
            #expect(try await coordinator.post("/admin/orebro/moten", fields).status == .unprocessableEntity, "another municipality's organisation")
            fields = fields.map { $0.0 == "arranger" ? ("arranger", org.id!.uuidString) : $0 }
            #expect(try await coordinator.post("/admin/orebro/moten", fields).status == .seeOther)
            let training = try #require(try await Meeting.query(on: app.db).filter(\.$title == "Utbildning i dataskydd").first())
            #expect(training.$arranger.id == org.id)
            // The organisation's representative now runs it.
            let rep = Client(app)
            try await rep.login(Demo.representative("orebro"))
            #expect(try await rep.get("/admin/orebro/moten/\(training.id!)").status == .ok)

            // A registration still waiting for approval does not invite anyone.
            org.status = .pending
            try await org.save(on: app.db)
            #expect(try await rep.get("/admin/orebro/foreningar/\(org.id!)/utbildningar/ny").status == .conflict)
            #expect(try await rep.post("/admin/orebro/foreningar/\(org.id!)/utbildningar", fields).status == .conflict)
        }
    }

    /// Figures read from the page before and after two trainings of known attendance.
    @Test func theAnnualReportCountsTrainingsAndParticipantsPerSide() async throws {
        try await withTestApp { app in
            let org = try await representedOrganisation(app, "eslov")
            let held = app.clock.today.adding(days: -10)
            let year = held.year
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            func figures() async throws -> [String: (Int, Int)] {
                let html = try await coordinator.get("/admin/eslov/arsrapport/\(year)").text
                var result: [String: (Int, Int)] = [:]
                for side in ["Kommunen", "Föreningslivet"] {
                    let pattern = #"<th scope="row">\#(side)</th><td>(\d+)</td><td>(\d+)</td>"#
                    if let match = html.range(of: pattern, options: .regularExpression) {
                        let numbers = html[match].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                        result[side] = (numbers[0], numbers[1])
                    }
                }
                return result
            }
            let before = try await figures()
            func training(_ title: String, arranger: UUID?, present: Int, absent: Int) async throws {
                let meeting = try await Fixture.meeting(app, "eslov", days: -10, title: title, kind: .training)
                meeting.$arranger.id = arranger
                try await meeting.save(on: app.db)
                for i in 0..<(present + absent) {
                    let r = MeetingRegistration()
                    r.$meeting.id = meeting.id!
                    r.name = "Deltagare \(i)"
                    r.email = "d\(i).\(title.count)@exempel.se"
                    r.status = .confirmed
                    r.token = LinkToken.issue().hash
                    r.attended = i < present
                    r.registeredAt = app.clock.now
                    try await r.create(on: app.db)
                }
            }
            try await training("Kommunens kurs", arranger: nil, present: 2, absent: 1)
            try await training("Föreningens kurs", arranger: org.id, present: 3, absent: 2)
            // A dialogue meeting is no training.
            try await Fixture.meeting(app, "eslov", days: -10, title: "Inte en kurs")
            let after = try await figures()
            let (mBefore, sBefore) = (before["Kommunen"] ?? (0, 0), before["Föreningslivet"] ?? (0, 0))
            #expect(after["Kommunen"]?.0 == mBefore.0 + 1 && after["Kommunen"]?.1 == mBefore.1 + 2)
            #expect(after["Föreningslivet"]?.0 == sBefore.0 + 1 && after["Föreningslivet"]?.1 == sBefore.1 + 3)
        }
    }
}
