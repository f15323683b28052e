import Fluent
import SQLKit
import Vapor

struct CreateRateLimitHits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RateLimitHit.schema)
            .id()
            .field("bucket", .string, .required)
            .field("client", .string, .required)
            .field("at", .int64, .required)
            .create()
        try await IndexMaker.create("rate_limit_hits_client", on: RateLimitHit.schema, columns: ["client", "bucket", "at"], database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RateLimitHit.schema).delete()
    }
}
