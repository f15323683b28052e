import Fluent
import SQLKit
import Vapor

/// Plain indexes, through SQLKit (Fluent's schema builder has none).
enum IndexMaker {
    static func create(_ name: String, on table: String, columns: [String], _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: SQLIdentifier(name)).on(table)
        for column in columns { builder = builder.column(SQLIdentifier(column)) }
        try await builder.run()
    }

    static func drop(_ name: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: SQLIdentifier(name)).run()
    }
}

struct CreateAppSecrets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AppSecret.schema)
            .id()
            .field("name", .string, .required)
            .field("value", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AppSecret.schema).delete()
    }
}

/// Sessions move from Vapor's `_fluent_sessions` (ids in clear, no expiry) to `sessions`;
/// sessions open at the upgrade end, and people log in again.
struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SessionRow.schema)
            .id()
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .unique(on: "key_hash")
            .create()
        try await database.schema("_fluent_sessions").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SessionRow.schema).delete()
        try await SessionRecord.migration.prepare(on: database).get()
    }
}

struct CreateRateLimitHits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RateLimitHit.schema)
            .id()
            .field("bucket", .string, .required)
            .field("client", .string, .required)
            .field("at", .int64, .required)
            .create()
        try await IndexMaker.create("rate_limit_hits_client", on: RateLimitHit.schema, columns: ["client", "bucket", "at"], database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RateLimitHit.schema).delete()
    }
}

/// Login failures are reserved before the password is checked and counted per client and account.
struct AddIndexesToLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await IndexMaker.create("login_failures_address", on: LoginFailure.schema, columns: ["address", "at"], database)
        try await IndexMaker.create("login_failures_email", on: LoginFailure.schema, columns: ["email", "at"], database)
    }

    func revert(on database: any Database) async throws {
        try await IndexMaker.drop("login_failures_address", database)
        try await IndexMaker.drop("login_failures_email", database)
    }
}

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
        let sent = try await OutboxMessage.query(on: database).filter(\.$status == .sent).all()
        for message in sent {
            message.body = Outbox.redactLinks(message.body)
            message.unsubscribeURL = nil
            try await message.save(on: database)
        }
    }

    /// Hashes cannot be turned back into tokens; reverting leaves them hashed.
    func revert(on database: any Database) async throws {}
}

struct AddConfirmationToMeetingRegistrations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingRegistration.schema).field("confirm_by", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingRegistration.schema).deleteField("confirm_by").update()
    }
}
