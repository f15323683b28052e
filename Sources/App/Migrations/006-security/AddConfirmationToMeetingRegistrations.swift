import Fluent
import SQLKit
import Vapor

struct AddConfirmationToMeetingRegistrations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingRegistration.schema).field("confirm_by", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingRegistration.schema).deleteField("confirm_by").update()
    }
}
