@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The audit trail: who changed what, when, before and after; read by the coordinator.
@Suite struct AuditTests {
    @Test func aChangeIsLoggedWithItsBeforeAndAfter() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let m = try await Fixture.municipality(app, "boras")
            let saved = try await coordinator.post("/admin/boras/webbplatsen", [
                ("contactName", "Enheten för civilsamhälle"), ("contactEmail", m.contactEmail ?? ""), ("contactPhone", m.contactPhone ?? ""),
                ("accentColour", m.accentColour ?? "")])
            #expect(saved.status == .seeOther)
            let change = try #require(try await AuditEvent.query(on: app.db).filter(\.$kind == .update)
                .filter(\.$tableName == "municipalities").first())
            #expect(change.actorName == "Samordnare, Borås Stad")
            #expect(change.rowID == m.id?.uuidString)
            #expect(change.before?.contains("Samordnare för överenskommelsen") == true)
            #expect(change.after?.contains("Enheten för civilsamhälle") == true)
            #expect(change.municipalityID == m.id)
            let request = try #require(try await AuditEvent.query(on: app.db).filter(\.$kind == .request)
                .filter(\.$route == "POST /admin/:kommun/webbplatsen").first())
            #expect(request.status == 303 && request.path == "/admin/boras/webbplatsen")

            // The coordinator reads it, searched by what changed; others do not.
            let log = try await coordinator.get("/admin/boras/logg?visa=andringar&q=municipalities")
            #expect(log.status == .ok)
            #expect(log.text.contains("Enheten för civilsamhälle"))
            #expect(log.text.contains("Samordnare för överenskommelsen"))
            let officer = Client(app)
            try await officer.login(Demo.officer("boras"))
            #expect(try await officer.get("/admin/boras/logg").status == .forbidden)
            let elsewhere = Client(app)
            try await elsewhere.login(Demo.coordinator("eslov"))
            #expect(!(try await elsewhere.get("/admin/eslov/logg").text.contains("Enheten för civilsamhälle")))
            let admin = Client(app)
            try await admin.login("admin@samverkan.example")
            #expect(try await admin.get("/admin/logg?q=municipalities").text.contains("Enheten för civilsamhälle"))
        }
    }

    @Test func aConfirmationsDryRunLeavesNoChangeInTheLog() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 10)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let ask = try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/stall-in", [("reason", "Lokalen är upptagen.")])
            #expect(ask.status == .ok)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$tableName == "meetings").count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$route == "POST /admin/:kommun/moten/:meeting/stall-in").count() == 1)
            try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/stall-in", [("reason", "Lokalen är upptagen."), ("confirmed", "1")])
            let cancelled = try #require(try await AuditEvent.query(on: app.db).filter(\.$tableName == "meetings").filter(\.$kind == .update).first())
            #expect(cancelled.after?.contains("cancelled") == true)
        }
    }

    /// A change of many rows in one go (discarding a draft, publishing over the version in force)
    /// is logged row by row, like a single change.
    @Test func aBulkChangeIsLoggedRowByRow() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            try await coordinator.post("/admin/botkyrka/revision")
            let m = try await Fixture.municipality(app, "botkyrka")
            let draft = try await AgreementStore.version(2, of: m, on: app.db)
            let commitments = try await Commitment.query(on: app.db).filter(\.$agreement.$id == draft.requireID()).count()
            let principles = try await Principle.query(on: app.db).filter(\.$agreement.$id == draft.requireID()).count()
            #expect(commitments > 0 && principles > 0)
            try await coordinator.post("/admin/botkyrka/version/2/kasta", [("confirmed", "1")])
            func deleted(_ table: String) async throws -> Int {
                try await AuditEvent.query(on: app.db).filter(\.$kind == .delete).filter(\.$tableName == table).count()
            }
            #expect(try await deleted("commitments") == commitments)
            #expect(try await deleted("principles") == principles)
            #expect(try await deleted("commitment_principles") > 0)
            let row = try #require(try await AuditEvent.query(on: app.db).filter(\.$kind == .delete).filter(\.$tableName == "commitments").first())
            #expect(row.actorName == "Samordnare, Botkyrka kommun" && row.municipalityID == m.id && row.before?.contains("\"text\"") == true)

            // Publishing a revision supersedes the version in force: that change is logged too.
            try await coordinator.post("/admin/botkyrka/revision")
            #expect(try await coordinator.post("/admin/botkyrka/version/2/publicera", [("confirmed", "1")]).status == .seeOther, "a discarded number is used again")
            let v1 = try await AgreementStore.version(1, of: m, on: app.db)
            let superseded = try #require(try await AuditEvent.query(on: app.db).filter(\.$kind == .update)
                .filter(\.$tableName == "agreements").filter(\.$rowID == v1.id!.uuidString).first())
            #expect(superseded.after?.contains("superseded") == true)
        }
    }

    /// Driven by the route table: a form sent to any route behind login leaves an entry, done or refused.
    @Test func everyPostRouteBehindLoginLeavesAnEntry() async throws {
        try await withTestApp { app in
            let admin = Client(app)
            try await admin.login("admin@samverkan.example")
            var missing: [String] = []
            var tried = 0
            for route in app.routes.all where route.method == .POST {
                guard let access = route.userInfo["access"] as? Access, access != .anyone else { continue }
                let pattern = "POST /" + route.path.map(\.description).joined(separator: "/")
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter("kommun"): "boras"
                    case .parameter("year"): "2099"
                    case .parameter: UUID().uuidString
                    default: component.description
                    }
                }.joined(separator: "/")
                // The erasure needs the password, so nothing is erased; logging out ends the session.
                _ = try await admin.post(path, [])
                tried += 1
                if try await AuditEvent.query(on: app.db).filter(\.$route == pattern).count() == 0 { missing.append(pattern) }
            }
            #expect(missing == [], "routes without an entry")
            #expect(tried > 60, "every form of the administration: \(tried)")
            #expect(try await admin.get("/admin").status == .ok, "still logged in: nothing above logged the administrator out")
        }
    }
}
