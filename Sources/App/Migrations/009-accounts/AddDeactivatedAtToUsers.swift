import Fluent

/// An account the coordinator has deactivated: it cannot log in, its sessions are ended, and it
/// gets no mail; everything it did stays, and it can be reactivated.
struct AddDeactivatedAtToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("deactivated_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("deactivated_at").update()
    }
}
