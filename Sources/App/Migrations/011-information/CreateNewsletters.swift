import Fluent

/// Newsletters: issues and their translations (public in the archive), residents' subscriptions,
/// addresses refused for good, and what an outbox message needs to be one copy of an issue (an
/// HTML part, its language, the issue it belongs to).
struct CreateNewsletters: AsyncMigration {
    static let tables = ["newsletter_issues", "newsletter_translations"]

    func prepare(on database: any Database) async throws {
        try await database.schema(NewsletterIssue.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("segment", .string, .required)
            .field("area_id", .uuid, .references(ActivityArea.schema, "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("since", .int, .required)
            .field("sent_at", .int)
            .field("recipients", .int)
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(NewsletterTranslation.schema)
            .id()
            .field("issue_id", .uuid, .required, .references(NewsletterIssue.schema, "id", onDelete: .cascade))
            .field("language", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .unique(on: "issue_id", "language")
            .create()
        try await database.schema(NewsletterSubscriber.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("language", .string, .required)
            .field("status", .string, .required)
            .field("token", .string, .required)
            .field("confirm_by", .int)
            .field("confirmed_at", .int)
            .field("created_at", .datetime)
            .unique(on: "municipality_id", "email")
            .create()
        try await database.schema(UndeliverableAddress.schema)
            .id()
            .field("email", .string, .required)
            .field("reason", .string, .required)
            .field("marked_at", .int, .required)
            .unique(on: "email")
            .create()
        // One column at a time: SQLite adds one per statement.
        try await database.schema(OutboxMessage.schema).field("html_body", .string).update()
        try await database.schema(OutboxMessage.schema).field("language", .string).update()
        try await database.schema(OutboxMessage.schema).field("newsletter_issue_id", .uuid).update()
        try await IndexMaker.create("newsletter_issues_municipality", on: NewsletterIssue.schema, columns: ["municipality_id", "status"], database)
        try await IndexMaker.create("outbox_newsletter", on: OutboxMessage.schema, columns: ["newsletter_issue_id", "status"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(OutboxMessage.schema).deleteField("newsletter_issue_id").update()
        try await database.schema(OutboxMessage.schema).deleteField("language").update()
        try await database.schema(OutboxMessage.schema).deleteField("html_body").update()
        try await database.schema(UndeliverableAddress.schema).delete()
        try await database.schema(NewsletterSubscriber.schema).delete()
        try await database.schema(NewsletterTranslation.schema).delete()
        try await database.schema(NewsletterIssue.schema).delete()
    }
}
