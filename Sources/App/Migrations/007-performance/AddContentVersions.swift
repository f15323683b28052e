import Fluent
import SQLKit

/// `municipalities.content_version` and the triggers that raise it (see `ContentVersion`).
struct AddContentVersions: AsyncMigration {
    /// The public tables there were when this migration was written; later ones install their own.
    static let tables = [
        "municipalities", "agreements", "principles", "commitments", "development_areas", "agreement_rules",
        "commitment_principles", "plan_activities", "activity_notes", "commitment_links", "activity_areas", "organisations",
        "organisation_activity_areas", "contact_persons", "stored_files", "version_confirmations", "accessions",
        "accession_events", "signing_events", "councils", "council_members", "meetings", "meeting_kinds",
        "meeting_registrations", "obligation_records", "departments", "follow_up_rounds", "follow_up_questions",
        "follow_up_responses", "follow_up_answers", "annual_reports", "users",
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE municipalities ADD COLUMN content_version BIGINT NOT NULL DEFAULT 0").run()
        for statement in ContentVersion.triggerStatements(for: Self.tables, dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for statement in ContentVersion.dropStatements(for: Self.tables, dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
        try await sql.raw("ALTER TABLE municipalities DROP COLUMN content_version").run()
    }
}
