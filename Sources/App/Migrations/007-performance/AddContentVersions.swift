import Fluent
import SQLKit

/// `municipalities.content_version` and the triggers that raise it (see `ContentVersion`).
struct AddContentVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE municipalities ADD COLUMN content_version BIGINT NOT NULL DEFAULT 0").run()
        for statement in ContentVersion.triggerStatements(dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for statement in ContentVersion.dropStatements(dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await sql.raw("ALTER TABLE municipalities DROP COLUMN content_version").run()
    }
}
