import Fluent

/// The municipality's own first-answer target in working days, the default for new topics of one
/// way in (nil means five).
struct AddInquiryTargetToMunicipalities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Municipality.schema).field("inquiry_target_days", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Municipality.schema).deleteField("inquiry_target_days").update()
    }
}
