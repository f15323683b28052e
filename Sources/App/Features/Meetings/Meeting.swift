import Fluent
import SamverkanCore
import Vapor

/// A dialogue meeting, annual meeting, council meeting, training or a municipality's own kind.
/// Times are UTC seconds since 1970; pages show them in Europe/Stockholm (`StockholmTime`).
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    enum Audience: String, Codable, CaseIterable, Sendable {
        case everyone, organisations, signatories, council
    }

    enum Status: String, Codable, Sendable {
        case scheduled, cancelled
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality

    /// A `MeetingKind` raw value, or the id of the municipality's own `MeetingKindDefinition`.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    /// One agenda item per line.
    @OptionalField(key: "agenda") var agenda: String?
    @Field(key: "starts_at") var startsAt: Int
    @Field(key: "ends_at") var endsAt: Int
    @OptionalField(key: "place") var place: String?
    @OptionalField(key: "online_url") var onlineURL: String?
    @OptionalField(key: "capacity") var capacity: Int?
    @OptionalField(key: "registration_deadline") var registrationDeadline: Int?
    /// The organisation that arranges it (a training the sector invites to); the municipality when nil.
    @OptionalParent(key: "arranger_id") var arranger: Organisation?
    @Field(key: "audience") var audience: Audience
    @Field(key: "status") var status: Status
    @OptionalField(key: "status_note") var statusNote: String?
    /// The start first announced, when the meeting has been moved.
    @OptionalField(key: "moved_from") var movedFrom: Int?
    /// Counts changes that calendar programs must pick up (iCalendar SEQUENCE).
    @Field(key: "sequence") var sequence: Int

    @OptionalField(key: "minutes") var minutes: String?
    @OptionalField(key: "decisions") var decisions: String?
    @OptionalField(key: "minutes_published_at") var minutesPublishedAt: Int?
    @OptionalField(key: "minutes_file_name") var minutesFileName: String?
    @OptionalField(key: "minutes_file_stored") var minutesFileStored: String?
    @OptionalField(key: "minutes_file_sha256") var minutesFileSHA256: String?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var builtInKind: MeetingKind? { MeetingKind(rawValue: kind) }
    var localStart: StockholmTime.Local { StockholmTime.local(fromUTC: startsAt) }
    var localEnd: StockholmTime.Local { StockholmTime.local(fromUTC: endsAt) }

    /// Registration closes at the deadline, or when the meeting starts.
    func registrationOpen(now: Int) -> Bool {
        status == .scheduled && now < (registrationDeadline ?? startsAt)
    }
}
