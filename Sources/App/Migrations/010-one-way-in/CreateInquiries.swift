import Fluent

/// Inquiries of one way in, their history and the inquirers' links.
struct CreateInquiries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Inquiry.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("topic_id", .uuid, .references(Topic.schema, "id", onDelete: .setNull))
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("inquirer_name", .string, .required)
            .field("inquirer_email", .string, .required)
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("assigned_to", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("received_at", .int, .required)
            .field("verified_at", .int)
            .field("first_answered_at", .int)
            .field("closed_at", .int)
            .field("due_on", .string)
            .field("target_days", .int, .required)
            .field("reference_number", .string)
            .create()
        try await database.schema(InquiryEvent.schema)
            .id()
            .field("inquiry_id", .uuid, .required, .references(Inquiry.schema, "id", onDelete: .cascade))
            .field("at", .int, .required)
            .field("kind", .string, .required)
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("author_name", .string, .required)
            .field("text", .string)
            .field("is_internal", .bool, .required)
            .create()
        try await database.schema(InquiryLink.schema)
            .id()
            .field("inquiry_id", .uuid, .required, .references(Inquiry.schema, "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .int, .required)
            .unique(on: "token_hash")
            .create()
        try await IndexMaker.create("inquiries_queue", on: Inquiry.schema, columns: ["municipality_id", "status", "received_at"], database)
        try await IndexMaker.create("inquiry_events_inquiry", on: InquiryEvent.schema, columns: ["inquiry_id", "at"], database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InquiryLink.schema).delete()
        try await database.schema(InquiryEvent.schema).delete()
        try await database.schema(Inquiry.schema).delete()
    }
}
