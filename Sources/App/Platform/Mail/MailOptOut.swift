import Fluent
import SamverkanCore
import Vapor

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
