import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// One meeting as lists and pages show it.
struct MeetingSummary: Encodable, Sendable {
    let url: String
    let title: String
    let kind: String
    let when: String
    let date: String
    let place: String?
    let cancelled: Bool
    let moved: String?
    let seatsLeft: String?
    let hasMinutes: Bool
    /// The organisation that arranges it; nil when the municipality does.
    let arranger: String?

    init(_ meeting: Meeting, slug: String, t: Translator, custom: [UUID: String], seated: Int, now: Int, arranger: String? = nil) {
        url = SiteURL.meeting(slug, meeting.id!)
        title = meeting.title
        kind = meeting.kindName(t, custom: custom)
        when = meeting.when(t)
        date = meeting.localStart.date.description
        // The online link itself is on the meeting's page; lists only say the meeting is online.
        place = meeting.place ?? (meeting.onlineURL == nil ? nil : t("meeting.onlineOnly"))
        cancelled = meeting.status == .cancelled
        moved = meeting.movedFrom.map { t("meeting.movedFrom", StockholmTime.local(fromUTC: $0).description) }
        // Seats matter only while the meeting is still to come.
        let over = meeting.endsAt < now
        seatsLeft = over ? nil : meeting.capacity.map { capacity in
            seated >= capacity ? t("meeting.full") : t("meeting.seatsLeft", String(capacity - seated), String(capacity))
        }
        hasMinutes = meeting.minutesPublishedAt != nil
        self.arranger = arranger
    }
}

enum MeetingQueries {
    /// The municipality's own kinds of meeting, by id.
    static func customKinds(_ m: Municipality, on db: any Database) async throws -> [UUID: String] {
        let kinds = try await MeetingKindDefinition.query(on: db).filter(\.$municipality.$id == m.requireID()).all()
        return Dictionary(uniqueKeysWithValues: try kinds.map { (try $0.requireID(), $0.name) })
    }

    /// Confirmed seats per meeting (or only those marked present), counted in SQL in one statement.
    static func seated(_ ids: [UUID], present: Bool = false, on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let query = sql.select().column("meeting_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(MeetingRegistration.schema)
            .where("meeting_id", .in, ids).where("status", .equal, MeetingRegistration.Status.confirmed.rawValue)
        if present { query.where("attended", .equal, true) }
        let rows = try await query.groupBy("meeting_id").all()
        var result: [UUID: Int] = [:]
        for row in rows { result[try row.decode(column: "meeting_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self) }
        return result
    }

    /// The names of the organisations arranging these meetings, by organisation id: one query,
    /// made only when one of them has an organisation as arranger.
    static func arrangers(_ meetings: [Meeting], on db: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(meetings.compactMap { $0.$arranger.id }))
        guard !ids.isEmpty else { return [:] }
        let orgs = try await Organisation.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0.name) })
    }

    /// The next `limit` meetings that are not cancelled; three queries.
    static func upcoming(_ m: Municipality, limit: Int, now: Int, t: Translator, on db: any Database) async throws -> [MeetingSummary] {
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .scheduled).filter(\.$endsAt >= now).sort(\.$startsAt).limit(limit).all()
        let custom = try await customKinds(m, on: db)
        let seated = try await seated(meetings.compactMap(\.id), on: db)
        return meetings.map { MeetingSummary($0, slug: m.slug, t: t, custom: custom, seated: seated[$0.id!] ?? 0, now: now) }
    }

    /// The meeting named by `:meeting` in the municipality of the path; 404 otherwise.
    static func find(_ req: Request, _ m: Municipality) async throws -> Meeting {
        try await req.find(Meeting.self, "meeting", in: m, notFound: "error.meetingNotFound")
    }
}
