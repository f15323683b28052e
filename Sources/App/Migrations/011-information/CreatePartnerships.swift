import Fluent

/// The register of partnerships (IOP), the commitments they serve and their follow-up reminders.
struct CreatePartnerships: AsyncMigration {
    static let tables = ["partnerships", "partnership_commitments"]

    func prepare(on database: any Database) async throws {
        try await database.schema(Partnership.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("department_id", .uuid, .references(Department.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("purpose", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("contribution", .string, .required)
            .field("status", .string, .required)
            .field("is_public", .bool, .required)
            .field("contribution_public", .bool, .required)
            .field("next_follow_up_on", .string)
            .field("document_stored_name", .string)
            .field("document_name", .string)
            .field("document_sha256", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(PartnershipCommitment.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .unique(on: "partnership_id", "key")
            .create()
        try await database.schema(PartnershipReminder.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(Partnership.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("sent_at", .int, .required)
            .unique(on: "partnership_id", "key")
            .create()
        try await IndexMaker.create("partnerships_municipality", on: Partnership.schema, columns: ["municipality_id", "status"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(PartnershipReminder.schema).delete()
        try await database.schema(PartnershipCommitment.schema).delete()
        try await database.schema(Partnership.schema).delete()
    }
}
