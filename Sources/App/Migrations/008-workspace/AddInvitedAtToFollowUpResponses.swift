import Foundation
import Fluent

/// When each respondent of a round was e-mailed its invitation: a round opened ahead of its
/// opening date is invited on that date by a job, and an organisation that signs while a round is
/// open is added and invited. Respondents of rounds already open count as invited.
struct AddInvitedAtToFollowUpResponses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FollowUpResponse.schema).field("invited_at", .datetime).update()
        try await FollowUpResponse.query(on: database).set(\.$invitedAt, to: Date(timeIntervalSince1970: 0)).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FollowUpResponse.schema).deleteField("invited_at").update()
    }
}
