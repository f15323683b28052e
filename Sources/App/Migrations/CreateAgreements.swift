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
