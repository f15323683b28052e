import Fluent
import SQLKit

/// Forms of support and their rule versions; public pages read both.
struct CreateSupport: AsyncMigration {
    static let tables = ["support_forms", "support_rule_versions"]

    func prepare(on database: any Database) async throws {
        try await database.schema(SupportForm.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("slug", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("who_may_apply", .string, .required)
            .field("how_to_apply", .string, .required)
            .field("deadlines", .string)
            .field("position", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "slug")
            .create()
        try await database.schema(SupportRuleVersion.schema)
            .id()
            .field("support_form_id", .uuid, .required, .references(SupportForm.schema, "id", onDelete: .cascade))
            .field("effective_from", .string, .required)
            .field("rules", .string, .required)
            .field("change_note", .string)
            .field("created_at", .int, .required)
            .create()
        try await IndexMaker.create("support_rule_versions_form", on: SupportRuleVersion.schema, columns: ["support_form_id", "effective_from"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(SupportRuleVersion.schema).delete()
        try await database.schema(SupportForm.schema).delete()
    }
}
