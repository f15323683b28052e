import Fluent

/// A municipality's own colour for its pages' header and links (contrast checked when it is set).
struct AddAccentColourToMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema).field("accent_colour", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).deleteField("accent_colour").update()
    }
}
