import Fluent
import SamverkanCore
import Vapor

/// One issue of a municipality's newsletter to the sector: a Swedish text (the safe Markdown
/// subset), optional texts in other languages, and the segment it goes to. A draft until sent;
/// a sent issue is in the public archive.
final class NewsletterIssue: Model, @unchecked Sendable {
    static let schema = "newsletter_issues"

    enum Status: String, Codable, Sendable { case draft, sent }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    /// A `NewsletterSegment` raw value.
    @Field(key: "segment") var segment: String
    /// For the segment of one activity area.
    @OptionalParent(key: "area_id") var area: ActivityArea?
    @Field(key: "status") var status: Status
    /// Unix seconds: what happened since then was assembled into the draft.
    @Field(key: "since") var since: Int
    @OptionalField(key: "sent_at") var sentAt: Int?
    /// How many copies went into the outbox.
    @OptionalField(key: "recipients") var recipients: Int?
    @OptionalParent(key: "created_by") var createdBy: User?
    @Children(for: \.$issue) var translations: [NewsletterTranslation]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// An issue's text in another language than Swedish.
final class NewsletterTranslation: Model, @unchecked Sendable {
    static let schema = "newsletter_translations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "issue_id") var issue: NewsletterIssue
    @Field(key: "language") var language: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String

    init() {}
}

/// A resident who subscribes to a municipality's newsletter: pending until the address is
/// confirmed from the mailed link (double opt-in). Unsubscribing is a `MailOptOut`, kept.
final class NewsletterSubscriber: Model, @unchecked Sendable {
    static let schema = "newsletter_subscribers"

    enum Status: String, Codable, Sendable { case pending, confirmed }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// Lower-cased.
    @Field(key: "email") var email: String
    @Field(key: "language") var language: String
    @Field(key: "status") var status: Status
    /// The SHA-256 of the token in the latest confirmation link.
    @Field(key: "token") var token: String
    @OptionalField(key: "confirm_by") var confirmBy: Int?
    @OptionalField(key: "confirmed_at") var confirmedAt: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// An address a receiving server refused for good: newsletters skip it from then on.
final class UndeliverableAddress: Model, @unchecked Sendable {
    static let schema = "undeliverable_addresses"

    @ID(key: .id) var id: UUID?
    /// Lower-cased.
    @Field(key: "email") var email: String
    @Field(key: "reason") var reason: String
    @Field(key: "marked_at") var markedAt: Int

    init() {}

    static func mark(_ email: String, reason: String, on db: any Database, now: Date) async throws {
        let address = email.lowercased()
        guard try await query(on: db).filter(\.$email == address).count() == 0 else { return }
        let row = UndeliverableAddress()
        row.email = address
        row.reason = String(reason.prefix(300))
        row.markedAt = Int(now.timeIntervalSince1970)
        try await row.create(on: db)
    }
}
