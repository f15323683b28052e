import Fluent

struct CreateAgreementRules: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AgreementRule.schema)
            .id()
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("type", .string, .required)
            .field("meeting_kind", .string)
            .field("minimum", .int)
            .field("every_months", .int)
            .field("due_date", .string)
            .field("note", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AgreementRule.schema).delete()
    }
}
