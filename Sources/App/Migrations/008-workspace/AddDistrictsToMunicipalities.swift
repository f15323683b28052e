import Fluent

/// The municipality's districts (kommundelar), one a line, kept by the coordinator: organisations
/// choose theirs from it instead of typing one.
struct AddDistrictsToMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema).field("districts", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).deleteField("districts").update()
    }
}
