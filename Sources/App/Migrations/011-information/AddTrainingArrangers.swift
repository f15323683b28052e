import Fluent

/// Who arranges a meeting (an organisation of the register, or the municipality when empty), and
/// the certificate of attendance sent to a participant of a training. The arranger shows on the
/// public meeting pages, so the meetings table keeps its content-version triggers.
struct AddTrainingArrangers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per statement.
        try await database.schema(Meeting.schema)
            .field("arranger_id", .uuid, .references(Organisation.schema, "id", onDelete: .setNull)).update()
        try await database.schema(MeetingRegistration.schema).field("certificate_token", .string).update()
        try await database.schema(MeetingRegistration.schema).field("certificate_sent_at", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingRegistration.schema).deleteField("certificate_sent_at").update()
        try await database.schema(MeetingRegistration.schema).deleteField("certificate_token").update()
        try await database.schema(Meeting.schema).deleteField("arranger_id").update()
    }
}
