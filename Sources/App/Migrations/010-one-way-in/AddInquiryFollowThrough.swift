import Fluent
import SQLKit

/// What follows an inquiry through to the agreement and the archive: the working days its first
/// answer took (the clock stopped while waiting), what of the agreement it touches, the reminders
/// sent about it, the file sent with it, when it was thinned, and the municipality's retention period. The public
/// statistics count inquiries, so a change to one raises the municipality's content version.
struct AddInquiryFollowThrough: AsyncMigration {
    static let tables = ["inquiries"]

    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per statement.
        try await database.schema(Inquiry.schema).field("answer_working_days", .int).update()
        try await database.schema(Inquiry.schema).field("thinned_at", .int).update()
        try await database.schema(Municipality.schema).field("inquiry_retention_months", .int).update()
        try await database.schema(InquiryTouch.schema)
            .id()
            .field("inquiry_id", .uuid, .required, .references(Inquiry.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("key", .string, .required)
            .unique(on: "inquiry_id", "kind", "key")
            .create()
        try await database.schema(InquiryReminder.schema)
            .id()
            .field("inquiry_id", .uuid, .required, .references(Inquiry.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("sent_at", .int, .required)
            .unique(on: "inquiry_id", "key")
            .create()
        try await database.schema(InquiryAttachment.schema)
            .id()
            .field("inquiry_id", .uuid, .required, .references(Inquiry.schema, "id", onDelete: .cascade))
            .field("original_name", .string, .required)
            .field("content_type", .string, .required)
            .field("stored_name", .string, .required)
            .field("sha256", .string, .required)
            .field("size", .int, .required)
            .field("created_at", .int, .required)
            .create()
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(InquiryAttachment.schema).delete()
        try await database.schema(InquiryReminder.schema).delete()
        try await database.schema(InquiryTouch.schema).delete()
        try await database.schema(Municipality.schema).deleteField("inquiry_retention_months").update()
        try await database.schema(Inquiry.schema).deleteField("answer_working_days").update()
        try await database.schema(Inquiry.schema).deleteField("thinned_at").update()
    }
}
