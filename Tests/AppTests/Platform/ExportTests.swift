@testable import App
import Fluent
import Foundation
import Testing
import Vapor

/// The downloads for Swedish Excel (semicolons, decimal commas, Swedish headings and values) and
/// for programs (RFC 4180), as a user gets them from the pages' links.
@Suite struct ExportTests {
    @Test func theFollowUpFiguresComeInBothDialects() async throws {
        try await withTestApp { app in
            let round = try #require(try await FollowUpRound.query(on: app.db).filter(\.$status == .published)
                .join(Municipality.self, on: \FollowUpRound.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "orebro").sort(\.$year, .descending).first())
            let report = try await Client(app).get("/orebro/uppfoljning/\(round.year)")
            #expect(report.text.contains("/orebro/uppfoljning/\(round.year)/aggregat.csv?format=excel"))
            let excel = try await Client(app).get("/orebro/uppfoljning/\(round.year)/aggregat.csv?format=excel").text
            let plain = try await Client(app).get("/orebro/uppfoljning/\(round.year)/aggregat.csv").text
            #expect(excel.hasPrefix("\u{FEFF}Fråga nr;Fråga;Typ av fråga;Part;Antal svar;"))
            #expect(plain.hasPrefix("\u{FEFF}fraga_nr,fraga,typ,part,antal_svar,medelvarde"))
            // The same mean, with a decimal comma for Excel and a point for programs.
            let plainMean = try #require(plain.split(separator: "\r\n").dropFirst().first { $0.contains(",municipality,") }?
                .split(separator: ",").map(String.init).dropFirst(5).first)
            #expect(plainMean.contains("."))
            #expect(excel.contains(";Kommunen;") && excel.contains(plainMean.replacingOccurrences(of: ".", with: ",")))
            #expect(excel.contains(";Nej\r\n"))
        }
    }

    @Test func theRegisterAndAMeetingsParticipantsAreDownloadedByStaffOnly() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let list = try await coordinator.get("/admin/boras/foreningar?visa=undertecknare")
            #expect(list.text.contains("/admin/boras/foreningar/registret.csv?visa=undertecknare&amp;format=excel"))
            let signatories = try await coordinator.get("/admin/boras/foreningar/registret.csv?visa=undertecknare&format=excel")
            #expect(signatories.headers.contentType?.subType == "csv")
            let lines = signatories.text.split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("\u{FEFF}Förening;Organisationsnummer;Organisationsform;Status;") == true)
            let signed = try await Organisation.query(on: app.db).join(Municipality.self, on: \Organisation.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "boras").filter(\.$signatorySince != nil).filter(\.$status != .merged).count()
            #expect(lines.count == signed + 1)
            #expect(lines.dropFirst().allSatisfy { $0.contains(";I registret;") })
            #expect(try await Client(app).get("/admin/boras/foreningar/registret.csv").status == .seeOther, "login first")

            let meeting = try await Fixture.meeting(app, "boras", days: 10)
            try await Fixture.residentRegisters(app, Client(app), "boras", meeting, name: "Åsa; \"Lärare\"", email: "asa@exempel.se")
            let csv = try await coordinator.get("/admin/boras/moten/\(meeting.id!)/deltagare.csv").text
            #expect(csv.contains("\"Åsa; \"\"Lärare\"\"\",asa@exempel.se,,confirmed,"))
            let excel = try await coordinator.get("/admin/boras/moten/\(meeting.id!)/deltagare.csv?format=excel").text
            #expect(excel.contains("\"Åsa; \"\"Lärare\"\"\";asa@exempel.se;;Plats;"))
            let printable = try await coordinator.get("/admin/boras/moten/\(meeting.id!)/narvarolista")
            #expect(printable.status == .ok)
            #expect(printable.text.contains("Namnteckning"))
            #expect(printable.text.contains("Åsa; &quot;Lärare&quot;"))
            let other = Client(app)
            try await other.login(Demo.coordinator("orebro"))
            #expect(try await other.get("/admin/boras/moten/\(meeting.id!)/deltagare.csv").status == .forbidden)
        }
    }
}
