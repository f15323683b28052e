import Fluent

struct CreateDevelopmentAreas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DevelopmentArea.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("description", .string)
            .unique(on: "agreement_id", "key")
            .create()
        try await database.schema(PlanActivity.schema)
            .id()
            .field("area_id", .uuid, .required, .references(DevelopmentArea.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("title", .string, .required)
            .field("description", .string)
            .field("owner_party", .string, .required)
            .field("responsible", .string)
            .field("start_date", .string)
            .field("due_date", .string)
            .field("status", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PlanActivity.schema).delete()
        try await database.schema(DevelopmentArea.schema).delete()
    }
}
