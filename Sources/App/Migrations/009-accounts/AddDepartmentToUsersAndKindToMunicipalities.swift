import Fluent

/// An officer's department (shown to the coordinator, and where the follow-up's departments are
/// named), and whether a tenant is a municipality or a region.
struct AddDepartmentToUsersAndKindToMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("department", .string).update()
        try await database.schema(Municipality.schema).field("kind", .string, .required, .sql(.default("kommun"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).deleteField("kind").update()
        try await database.schema(User.schema).deleteField("department").update()
    }
}
