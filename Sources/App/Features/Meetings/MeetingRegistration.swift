import Fluent
import SamverkanCore
import Vapor

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
    /// The language of the page the person registered on (or their account's): their mail is written in it.
    @OptionalField(key: "language") var language: String?

    var mailLanguage: Language { language.flatMap(Language.init) ?? .default }
    @Field(key: "status") var status: Status
    /// The SHA-256 of the token in the latest mail about this registration (to confirm it, or to
    /// cancel it). Each mail carries a new token, so only the latest link works.
    @Field(key: "token") var token: String
    /// Unix seconds: when an unconfirmed registration lapses.
    @OptionalField(key: "confirm_by") var confirmBy: Int?
    @OptionalField(key: "attended") var attended: Bool?
    @OptionalField(key: "reminded_at") var remindedAt: Int?
    /// The SHA-256 of the token in the link to the certificate of attendance, once one is sent.
    @OptionalField(key: "certificate_token") var certificateToken: String?
    @OptionalField(key: "certificate_sent_at") var certificateSentAt: Int?
    /// When the person registered (again): the waiting list moves up in this order.
    @Field(key: "registered_at") var registeredAt: Date
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?

    init() {}
}
