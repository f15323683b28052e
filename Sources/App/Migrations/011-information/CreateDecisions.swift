import Fluent
import SQLKit

/// Decisions that affect the sector and the principles they touch; public pages read both.
struct CreateDecisions: AsyncMigration {
    static let tables = ["decisions", "decision_principles"]

    func prepare(on database: any Database) async throws {
        try await database.schema(Decision.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("title", .string, .required)
            .field("decided_by", .string, .required)
            .field("decided_on", .string, .required)
            .field("reference_number", .string)
            .field("summary", .string, .required)
            .field("url", .string)
            .field("pdf_stored_name", .string)
            .field("pdf_name", .string)
            .field("pdf_sha256", .string)
            .field("consultation", .string, .required)
            .field("consulted_on", .string)
            .field("meeting_id", .uuid, .references(Meeting.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(DecisionPrinciple.schema)
            .id()
            .field("decision_id", .uuid, .required, .references(Decision.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .unique(on: "decision_id", "key")
            .create()
        try await IndexMaker.create("decisions_listing", on: Decision.schema, columns: ["municipality_id", "decided_on"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(DecisionPrinciple.schema).delete()
        try await database.schema(Decision.schema).delete()
    }
}
