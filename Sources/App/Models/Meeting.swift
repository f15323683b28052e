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

/// A kind of meeting a municipality adds of its own, beside the four built in.
final class MeetingKindDefinition: Model, @unchecked Sendable {
    static let schema = "meeting_kinds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String

    init() {}
}

/// One person coming to a meeting: registered by an organisation's representative, a council
/// member, or a resident. Unique per meeting and e-mail address; a cancelled registration is
/// taken up again if the same person registers anew.
final class MeetingRegistration: Model, @unchecked Sendable {
    static let schema = "meeting_registrations"

    enum Status: String, Codable, Sendable {
        /// A resident's registration before the address is confirmed by the mailed link: it holds
        /// no seat, and lapses at `confirmBy`.
        case unconfirmed
        case confirmed, waiting, cancelled
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @OptionalParent(key: "registered_by") var registeredBy: User?

    @Field(key: "name") var name: String
    /// Lower-cased.
    @Field(key: "email") var email: String
    @Field(key: "status") var status: Status
    /// The SHA-256 of the token in the latest mail about this registration (to confirm it, or to
    /// cancel it). Each mail carries a new token, so only the latest link works.
    @Field(key: "token") var token: String
    /// Unix seconds: when an unconfirmed registration lapses.
    @OptionalField(key: "confirm_by") var confirmBy: Int?
    @OptionalField(key: "attended") var attended: Bool?
    @OptionalField(key: "reminded_at") var remindedAt: Int?
    /// When the person registered (again): the waiting list moves up in this order.
    @Field(key: "registered_at") var registeredAt: Date
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?

    init() {}
}

/// Who has been sent an invitation to a meeting, so a second sending reaches only new people.
final class MeetingInvitation: Model, @unchecked Sendable {
    static let schema = "meeting_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "email") var email: String
    @Timestamp(key: "sent_at", on: .create) var sentAt: Date?

    init() {}
}

/// A person's choice not to receive mail that is not essential (invitations) from a municipality.
/// The row exists from the first such message, so its token can go in that message.
final class MailOptOut: Model, @unchecked Sendable {
    static let schema = "mail_opt_outs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "email") var email: String
    /// The SHA-256 of the unsubscribe token in the latest mail; each mail re-issues it.
    @Field(key: "token") var token: String
    @OptionalField(key: "opted_out_at") var optedOutAt: Date?

    init() {}
}
