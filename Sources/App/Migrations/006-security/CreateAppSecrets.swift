import Fluent
import SQLKit
import Vapor

struct CreateAppSecrets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AppSecret.schema)
            .id()
            .field("name", .string, .required)
            .field("value", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AppSecret.schema).delete()
    }
}
