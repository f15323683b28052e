import Fluent
import SQLKit

struct CreateCouncils: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Council.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string)
            .unique(on: "municipality_id")
            .create()
        try await database.schema(CouncilMember.schema)
            .id()
            .field("council_id", .uuid, .required, .references(Council.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("party", .string, .required)
            .field("affiliation", .string, .required)
            .field("role", .string, .required)
            .field("term_start", .string, .required)
            .field("term_end", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CouncilMember.schema).delete()
        try await database.schema(Council.schema).delete()
    }
}
