import Fluent

/// A municipality's logo: the file's name in the store (outside the web root), what the check of
/// its structure found it to be, its size in pixels and its SHA-256 (which its address carries).
struct AddLogoToMunicipalities: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("logo_stored_name", .string), ("logo_content_type", .string), ("logo_sha256", .string),
        ("logo_width", .int), ("logo_height", .int),
    ]

    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per ALTER TABLE.
        for (name, type) in Self.columns {
            try await database.schema(Municipality.schema).field(FieldKey(stringLiteral: name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns.reversed() {
            try await database.schema(Municipality.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
