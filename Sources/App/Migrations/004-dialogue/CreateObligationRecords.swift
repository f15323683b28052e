import Fluent
import SQLKit

struct CreateObligationRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ObligationRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("title", .string, .required)
            .field("recorded_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema(ObligationWarning.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("sent_at", .datetime)
            .unique(on: "municipality_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ObligationWarning.schema).delete()
        try await database.schema(ObligationRecord.schema).delete()
    }
}
