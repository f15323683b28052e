import Fluent
import SQLKit
import Vapor

/// The link tokens that were kept in clear (cancellation, unsubscribe, department questionnaire)
/// are replaced by their SHA-256, so links already mailed keep working while the table holds no
/// usable token; delivered mail loses the links in its body.
struct HashLinkTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for table in [MeetingRegistration.schema, MailOptOut.schema, FollowUpResponse.schema] {
            let rows = try await sql.select().column("id").column("token").from(table).where("token", .isNot, SQLLiteral.null).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let token = try row.decode(column: "token", as: String.self)
                try await sql.update(table).set("token", to: SigningKey.hash(token)).where("id", .equal, id).run()
            }
        }
        // Only the columns this migration knows: later ones may not exist yet.
        let sent = try await OutboxMessage.query(on: database).filter(\.$status == .sent)
            .field(\.$id).field(\.$body).field(\.$unsubscribeURL).all()
        for message in sent {
            message.body = Outbox.redactLinks(message.body)
            message.unsubscribeURL = nil
            try await message.save(on: database)
        }
    }

    /// Hashes cannot be turned back into tokens; reverting leaves them hashed.
    func revert(on database: any Database) async throws {}
}
