import Fluent

struct CreateAgreements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Agreement.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("status", .string, .required)
            .field("title", .string, .required)
            .field("subtitle", .string)
            .field("purpose", .string)
            .field("municipality_party", .string, .required)
            .field("civil_society_party", .string, .required)
            .field("adopted_by", .string)
            .field("adopted_on", .string)
            .field("reference_number", .string)
            .field("valid_from", .string)
            .field("valid_until", .string)
            .field("revision_interval_years", .int)
            .field("document_owner", .string)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("published_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Agreement.schema).delete()
    }
}
