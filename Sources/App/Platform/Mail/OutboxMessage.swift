import Fluent
import Vapor

/// One e-mail on its way out. Times are Unix seconds, so the claiming SQL compares plain
/// integers on both SQLite and PostgreSQL.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum Status: String, Codable, Sendable {
        case pending, sending, sent, failed
    }

    @ID(key: .id) var id: UUID?

    @OptionalParent(key: "municipality_id") var municipality: Municipality?

    @Field(key: "to_address") var toAddress: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "unsubscribe_url") var unsubscribeURL: String?
    /// The HTML part beside the text (newsletters), and the text's language.
    @OptionalField(key: "html_body") var htmlBody: String?
    @OptionalField(key: "language") var language: String?
    /// The newsletter issue this is one copy of: failures are counted per issue.
    @OptionalField(key: "newsletter_issue_id") var newsletterIssueID: UUID?
    @Field(key: "message_id") var messageID: String

    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Int
    @OptionalField(key: "claim_token") var claimToken: String?
    @OptionalField(key: "claimed_at") var claimedAt: Int?
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "sent_at") var sentAt: Int?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
