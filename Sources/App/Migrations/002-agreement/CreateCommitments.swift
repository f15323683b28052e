import Fluent

struct CreateCommitments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Commitment.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("position", .int, .required)
            .field("party", .string, .required)
            .field("text", .string, .required)
            .unique(on: "agreement_id", "key")
            .create()
        // Principles are not deleted while a commitment refers to them (restrict), which the editor explains.
        try await database.schema(CommitmentPrinciple.schema)
            .id()
            .field("commitment_id", .uuid, .required, .references(Commitment.schema, "id", onDelete: .cascade))
            .field("principle_id", .uuid, .required, .references(Principle.schema, "id", onDelete: .restrict))
            .field("position", .int, .required)
            .unique(on: "commitment_id", "principle_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CommitmentPrinciple.schema).delete()
        try await database.schema(Commitment.schema).delete()
    }
}
