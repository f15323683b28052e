import Fluent

/// The day from which a municipality's agreement rules are judged, set by its coordinator
/// (YYYY-MM-DD); none: from when it began recording meetings here, as before.
struct AddRulesJudgedFromToMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema).field("rules_judged_from", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).deleteField("rules_judged_from").update()
    }
}
