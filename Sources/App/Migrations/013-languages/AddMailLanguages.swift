import Fluent

/// The language each person we mail reads: an account's (chosen in My account), a meeting
/// registration's and an inquirer's (the page they used). Rows from before have none and are
/// written to in Swedish, as before.
struct AddMailLanguages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per statement.
        try await database.schema(User.schema).field("language", .string).update()
        try await database.schema(MeetingRegistration.schema).field("language", .string).update()
        try await database.schema(Inquiry.schema).field("inquirer_language", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Inquiry.schema).deleteField("inquirer_language").update()
        try await database.schema(MeetingRegistration.schema).deleteField("language").update()
        try await database.schema(User.schema).deleteField("language").update()
    }
}
