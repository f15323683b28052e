import Fluent
import SQLKit
import Vapor

/// Sessions move from Vapor's `_fluent_sessions` (ids in clear, no expiry) to `sessions`;
/// sessions open at the upgrade end, and people log in again.
struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionRow.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .unique(on: "key_hash")
            .create()
        try await database.schema("_fluent_sessions").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionRow.schema).delete()
        try await SessionRecord.migration.prepare(on: database).get()
    }
}
