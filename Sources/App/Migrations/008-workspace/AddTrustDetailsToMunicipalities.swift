import Fluent

/// What each municipality says about itself on its trust pages: whom to contact, its
/// accessibility statement and its notice on personal data (nil: the catalogue's default text).
struct AddTrustDetailsToMunicipalities: AsyncMigration {
    static let fields = ["contact_name", "contact_email", "contact_phone", "contact_address",
                         "accessibility_statement", "accessibility_reviewed_on", "privacy_notice", "data_controller"]

    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one per ALTER TABLE.
        for field in Self.fields {
            try await database.schema(Municipality.schema)
                .field(.definition(name: .key(.init(stringLiteral: field)), dataType: .string, constraints: [])).update()
        }
    }

    func revert(on database: any Database) async throws {
        for field in Self.fields {
            try await database.schema(Municipality.schema).deleteField(.key(.init(stringLiteral: field))).update()
        }
    }
}
