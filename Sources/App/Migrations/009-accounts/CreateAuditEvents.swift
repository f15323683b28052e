import Fluent

/// The audit trail: one row per request that changes something (who, when, which route, the
/// answer) and one per row a staff member's request created, changed or deleted (before and after).
struct CreateAuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("created_at", .datetime, .required)
            .field("municipality_id", .uuid)
            .field("user_id", .uuid)
            .field("actor_name", .string, .required)
            .field("kind", .string, .required)
            .field("route", .string)
            .field("path", .string)
            .field("status", .int)
            .field("table_name", .string)
            .field("row_id", .string)
            .field("before", .string)
            .field("after", .string)
            .create()
        try await IndexMaker.create("audit_events_municipality_created", on: AuditEvent.schema, columns: ["municipality_id", "created_at"], database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
