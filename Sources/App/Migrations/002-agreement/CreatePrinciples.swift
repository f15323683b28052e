import Fluent

struct CreatePrinciples: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Principle.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("description", .string)
            .unique(on: "agreement_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Principle.schema).delete()
    }
}
