import Fluent
import NIOCore
import SQLKit

/// A number per municipality that every change to what its public pages show raises, in the same
/// transaction as the change: a database trigger on each table below does it, so no write path
/// (a model save, a bulk update, raw SQL, a cascade) can forget. The page cache keys its pages by
/// it, so a change on one app instance is seen by every other instance at its next request.
enum ContentVersion {
    /// Each table that public pages read, with the SQL that finds a row's municipality (`R.` is the row).
    static let tables: [(table: String, municipality: String)] = [
        ("municipalities", "R.id"),
        ("agreements", "R.municipality_id"),
        ("principles", agreement("R.agreement_id")),
        ("commitments", agreement("R.agreement_id")),
        ("development_areas", agreement("R.agreement_id")),
        ("agreement_rules", agreement("R.agreement_id")),
        ("commitment_principles",
         "(SELECT a.municipality_id FROM commitments c JOIN agreements a ON a.id = c.agreement_id WHERE c.id = R.commitment_id)"),
        ("plan_activities",
         "(SELECT a.municipality_id FROM development_areas d JOIN agreements a ON a.id = d.agreement_id WHERE d.id = R.area_id)"),
        ("activity_notes",
         "(SELECT a.municipality_id FROM plan_activities p JOIN development_areas d ON d.id = p.area_id "
            + "JOIN agreements a ON a.id = d.agreement_id WHERE p.id = R.activity_id)"),
        ("commitment_links", "R.municipality_id"),
        ("activity_areas", "R.municipality_id"),
        ("organisations", "R.municipality_id"),
        ("organisation_activity_areas", organisation("R.organisation_id")),
        ("contact_persons", organisation("R.organisation_id")),
        ("stored_files", organisation("R.organisation_id")),
        ("version_confirmations", organisation("R.organisation_id")),
        ("accessions", "R.municipality_id"),
        ("accession_events", "(SELECT municipality_id FROM accessions WHERE id = R.accession_id)"),
        ("signing_events", "R.municipality_id"),
        ("councils", "R.municipality_id"),
        ("council_members", "(SELECT municipality_id FROM councils WHERE id = R.council_id)"),
        ("meetings", "R.municipality_id"),
        ("meeting_kinds", "R.municipality_id"),
        ("meeting_registrations", "(SELECT municipality_id FROM meetings WHERE id = R.meeting_id)"),
        ("obligation_records", "R.municipality_id"),
        ("departments", "R.municipality_id"),
        ("follow_up_rounds", "R.municipality_id"),
        ("follow_up_questions", round("R.round_id")),
        ("follow_up_responses", round("R.round_id")),
        ("follow_up_answers", round("R.round_id")),
        ("annual_reports", "R.municipality_id"),
        ("users", "R.municipality_id"),
        ("contact_topics", "R.municipality_id"),
        ("topic_contacts", "(SELECT municipality_id FROM contact_topics WHERE id = R.topic_id)"),
        // The public statistics and the response-time rule count them (no text of them is shown).
        ("inquiries", "R.municipality_id"),
        ("articles", "R.municipality_id"),
        ("decisions", "R.municipality_id"),
        ("decision_principles", "(SELECT municipality_id FROM decisions WHERE id = R.decision_id)"),
        ("support_forms", "R.municipality_id"),
        ("support_rule_versions", "(SELECT municipality_id FROM support_forms WHERE id = R.support_form_id)"),
        ("partnerships", "R.municipality_id"),
        ("partnership_commitments", "(SELECT municipality_id FROM partnerships WHERE id = R.partnership_id)"),
        ("newsletter_issues", "R.municipality_id"),
        ("newsletter_translations", "(SELECT municipality_id FROM newsletter_issues WHERE id = R.issue_id)"),
        ("volunteer_assignments", "R.municipality_id"),
        // The annual report and the action plan's indicators count them (no detail of them is shown).
        ("volunteer_interests", "(SELECT municipality_id FROM volunteer_assignments WHERE id = R.assignment_id)"),
        ("content_translations", "R.municipality_id"),
    ]

    /// Tables no public page reads: sessions, throttles, tokens, mail and the like.
    static let privateTables: Set<String> = [
        "_fluent_migrations", "_fluent_sessions", "sessions", "app_secrets", "login_failures", "rate_limit_hits",
        "email_tokens", "outbox_messages", "mail_opt_outs", "meeting_invitations", "obligation_warnings",
        "organisation_representatives", "audit_events", "inquiry_events", "inquiry_links", "inquiry_touches", "inquiry_reminders", "inquiry_attachments", "partnership_reminders",
        "newsletter_subscribers", "undeliverable_addresses", "volunteer_links", "volunteer_reminders",
    ]

    /// Tables whose rows change only with another table's, which raises the version already.
    static let derivedTables: [String: String] = [
        "follow_up_tallies": "follow_up_answers", "organisation_facets": "organisations", "organisation_search": "organisations",
    ]

    private static func agreement(_ id: String) -> String { "(SELECT municipality_id FROM agreements WHERE id = \(id))" }
    private static func organisation(_ id: String) -> String { "(SELECT municipality_id FROM organisations WHERE id = \(id))" }
    private static func round(_ id: String) -> String { "(SELECT municipality_id FROM follow_up_rounds WHERE id = \(id))" }

    private struct VersionRow: Decodable { let content_version: Int }
    private struct SiteRow: Decodable { let v: Int; let n: Int }
    private static func siteVersion(_ row: SiteRow?) -> Int { siteVersion(sum: row?.v ?? 0, count: row?.n ?? 0) }

    /// The count joins the sum so that adding a municipality always changes it.
    static func siteVersion(sum: Int, count: Int) -> Int { sum &* 1_000_003 &+ count }
    private static func ofSlug(_ slug: String) -> SQLQueryString {
        "SELECT content_version FROM municipalities WHERE slug = \(bind: slug)"
    }
    private static let ofAll: SQLQueryString =
        "SELECT CAST(COALESCE(SUM(content_version), 0) AS BIGINT) AS v, COUNT(*) AS n FROM municipalities"

    /// The version of the municipality with this short name; nil when there is none.
    static func of(slug: String, on db: any SQLDatabase) async throws -> Int? {
        try await db.raw(ofSlug(slug)).first(decoding: VersionRow.self)?.content_version
    }

    /// The version of the pages about every municipality (the start page): it changes with any of them.
    static func ofSite(on db: any SQLDatabase) async throws -> Int {
        siteVersion(try await db.raw(ofAll).first(decoding: SiteRow.self))
    }

    /// The same, as a future: the page cache asks on the request's event loop, without a task.
    static func future(of scope: PageCacheMiddleware.Scope, on db: any SQLDatabase) -> EventLoopFuture<Int?> {
        switch scope {
        case .site: db.raw(ofAll).first(decoding: SiteRow.self).map { siteVersion($0) }
        case .municipality(let slug): db.raw(ofSlug(slug)).first(decoding: VersionRow.self).map { $0?.content_version }
        }
    }

    /// Installs the triggers of these tables, in a migration's `prepare`.
    static func installTriggers(for names: [String], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for statement in triggerStatements(for: names, dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }

    /// Drops them again, in a migration's `revert`.
    static func dropTriggers(for names: [String], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for statement in dropStatements(for: names, dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }

    /// The statements that install the triggers of the named tables, in the database's own
    /// dialect. A migration names the tables it knows, so that a later table's trigger comes with
    /// the migration that creates it.
    static func triggerStatements(for names: [String], dialect: String) -> [String] {
        let bump = "UPDATE municipalities SET content_version = content_version + 1 WHERE id = "
        return tables.filter { names.contains($0.table) }.flatMap { table, municipality -> [String] in
            let new = municipality.replacingOccurrences(of: "R.", with: "NEW.")
            let old = municipality.replacingOccurrences(of: "R.", with: "OLD.")
            // A change of the version itself must not raise it again.
            let notTheBump = table == "municipalities" ? " WHEN NEW.content_version = OLD.content_version" : ""
            if dialect == "postgresql" {
                let function = "content_version_\(table)"
                let onUpdate = table == "municipalities"
                    ? "CREATE TRIGGER \(function)_update AFTER UPDATE ON \(table) FOR EACH ROW WHEN (NEW.content_version = OLD.content_version) EXECUTE FUNCTION \(function)()"
                    : "CREATE TRIGGER \(function)_update AFTER UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)()"
                return [
                    """
                    CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      IF TG_OP <> 'DELETE' THEN \(bump)\(new); END IF;
                      IF TG_OP <> 'INSERT' THEN \(bump)\(old); END IF;
                      RETURN NULL;
                    END $$
                    """,
                    "CREATE TRIGGER \(function)_insert AFTER INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)()",
                    onUpdate,
                    "CREATE TRIGGER \(function)_delete AFTER DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(function)()",
                ]
            }
            return [
                "CREATE TRIGGER content_version_\(table)_insert AFTER INSERT ON \(table) BEGIN \(bump)\(new); END",
                "CREATE TRIGGER content_version_\(table)_update AFTER UPDATE ON \(table)\(notTheBump) BEGIN \(bump)\(new); \(bump)\(old); END",
                "CREATE TRIGGER content_version_\(table)_delete AFTER DELETE ON \(table) BEGIN \(bump)\(old); END",
            ]
        }
    }

    static func dropStatements(for names: [String], dialect: String) -> [String] {
        tables.filter { names.contains($0.table) }.flatMap { table, _ in
            let name = "content_version_\(table)"
            return dialect == "postgresql"
                ? ["DROP FUNCTION IF EXISTS \(name)() CASCADE"]
                : ["DROP TRIGGER IF EXISTS \(name)_insert", "DROP TRIGGER IF EXISTS \(name)_update", "DROP TRIGGER IF EXISTS \(name)_delete"]
        }
    }
}
