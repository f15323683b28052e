@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

extension Fixture {
    /// A meeting `days` from now at 18:00–20:00 Swedish time, created straight in the database.
    @discardableResult
    static func meeting(_ app: Application, _ slug: String, days: Int, title: String = "Testmöte",
                        kind: MeetingKind = .dialogue, audience: Meeting.Audience = .everyone, capacity: Int? = nil,
                        deadline: Int? = nil) async throws -> Meeting {
        let m = try await municipality(app, slug)
        let day = app.clock.today.adding(days: days)
        guard case .exact(let start) = StockholmTime.utc(from: .init(date: day, hour: 18, minute: 0)),
              case .exact(let end) = StockholmTime.utc(from: .init(date: day, hour: 20, minute: 0)) else {
            throw Abort(.internalServerError)
        }
        let meeting = Meeting()
        meeting.$municipality.id = try m.requireID()
        meeting.kind = kind.rawValue
        meeting.title = title
        meeting.startsAt = start
        meeting.endsAt = end
        meeting.place = "Stadshuset"
        meeting.capacity = capacity
        meeting.registrationDeadline = deadline
        meeting.audience = audience
        meeting.status = .scheduled
        meeting.sequence = 0
        try await meeting.create(on: app.db)
        return meeting
    }

    static func registrations(_ app: Application, _ meeting: Meeting) async throws -> [String: MeetingRegistration.Status] {
        let rows = try await MeetingRegistration.query(on: app.db).filter(\.$meeting.$id == meeting.requireID()).all()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.email, $0.status) })
    }

    /// A resident registers from the meeting page and confirms from the mailed link, as a person would.
    /// Returns the answer to the registration form.
    @discardableResult
    static func residentRegisters(_ app: Application, _ client: Client, _ slug: String, _ meeting: Meeting,
                                  name: String, email: String) async throws -> TestingHTTPResponse {
        let res = try await client.post("/\(slug)/moten/\(meeting.id!)/anmalan", [("name", name), ("email", email)])
        guard let mail = try await Fixture.mail(app, to: email.lowercased()).last,
              let link = Fixture.link(in: mail, path: "/\(slug)/moten/bekrafta/") else { return res }
        let path = String(link[link.range(of: "/\(slug)/")!.lowerBound...])
        let confirmer = Client(app)
        try await confirmer.get(path)
        try await confirmer.post(path)
        return res
    }
}
