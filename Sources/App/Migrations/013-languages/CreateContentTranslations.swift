import Fluent

/// The municipality's languages, and its content's translations.
struct CreateContentTranslations: AsyncMigration {
    static let tables = ["content_translations"]

    func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema).field("languages", .string).update()
        try await database.schema(ContentTranslation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("subject", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("field", .string, .required)
            .field("language", .string, .required)
            .field("text", .string, .required)
            .field("source", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "subject", "subject_id", "field", "language")
            .create()
        try await IndexMaker.create("content_translations_by_subject", on: ContentTranslation.schema,
                                    columns: ["subject_id", "language"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(ContentTranslation.schema).delete()
        try await database.schema(Municipality.schema).deleteField("languages").update()
    }
}
