import Fluent
import SQLKit

/// `follow_up_tallies`: how many counted answers each round has per question, party and answer
/// value, kept by triggers on `follow_up_answers` in the same transaction as every change, so the
/// report reads a few hundred rows instead of counting every answer on each request. A missing
/// rating or choice is stored as -1, so that the six columns make one unique key.
struct AddFollowUpTallies: AsyncMigration {
    static let key = ["round_id", "question_id", "party", "rating", "dont_know", "choice_mask"]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await database.schema("follow_up_tallies")
            .field("round_id", .uuid, .required)
            .field("question_id", .uuid, .required)
            .field("party", .string, .required)
            .field("rating", .int, .required)
            .field("dont_know", .bool, .required)
            .field("choice_mask", .int64, .required)
            .field("n", .int64, .required)
            .unique(on: "round_id", "question_id", "party", "rating", "dont_know", "choice_mask")
            .create()
        let columns = Self.key.joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO follow_up_tallies (\(unsafeRaw: columns), n)
            SELECT round_id, question_id, party, COALESCE(rating, -1), dont_know, COALESCE(choice_mask, -1), COUNT(*)
            FROM follow_up_answers WHERE counted = \(bind: true)
            GROUP BY round_id, question_id, party, COALESCE(rating, -1), dont_know, COALESCE(choice_mask, -1)
            """).run()
        for statement in Self.triggers(dialect: sql.dialect.name) {
            try await sql.raw("\(unsafeRaw: statement)").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "postgresql" {
            try await sql.raw("DROP FUNCTION IF EXISTS follow_up_tally() CASCADE").run()
        } else {
            for name in ["insert", "delete", "update_old", "update_new"] {
                try await sql.raw("DROP TRIGGER IF EXISTS follow_up_tally_\(unsafeRaw: name)").run()
            }
        }
        try await database.schema("follow_up_tallies").delete()
    }

    private static func add(_ row: String) -> String {
        let values = "\(row).round_id, \(row).question_id, \(row).party, COALESCE(\(row).rating, -1), \(row).dont_know, COALESCE(\(row).choice_mask, -1)"
        return "INSERT INTO follow_up_tallies (\(key.joined(separator: ", ")), n) VALUES (\(values), 1) "
            + "ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET n = follow_up_tallies.n + 1"
    }

    private static func subtract(_ row: String) -> String {
        "UPDATE follow_up_tallies SET n = n - 1 WHERE round_id = \(row).round_id AND question_id = \(row).question_id "
            + "AND party = \(row).party AND rating = COALESCE(\(row).rating, -1) AND dont_know = \(row).dont_know "
            + "AND choice_mask = COALESCE(\(row).choice_mask, -1)"
    }

    static func triggers(dialect: String) -> [String] {
        if dialect == "postgresql" {
            return [
                """
                CREATE OR REPLACE FUNCTION follow_up_tally() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP <> 'INSERT' AND OLD.counted THEN \(subtract("OLD")); END IF;
                  IF TG_OP <> 'DELETE' AND NEW.counted THEN \(add("NEW")); END IF;
                  RETURN NULL;
                END $$
                """,
                "CREATE TRIGGER follow_up_tally AFTER INSERT OR UPDATE OR DELETE ON follow_up_answers FOR EACH ROW EXECUTE FUNCTION follow_up_tally()",
            ]
        }
        return [
            "CREATE TRIGGER follow_up_tally_insert AFTER INSERT ON follow_up_answers WHEN NEW.counted BEGIN \(add("NEW")); END",
            "CREATE TRIGGER follow_up_tally_delete AFTER DELETE ON follow_up_answers WHEN OLD.counted BEGIN \(subtract("OLD")); END",
            "CREATE TRIGGER follow_up_tally_update_old AFTER UPDATE ON follow_up_answers WHEN OLD.counted BEGIN \(subtract("OLD")); END",
            "CREATE TRIGGER follow_up_tally_update_new AFTER UPDATE ON follow_up_answers WHEN NEW.counted BEGIN \(add("NEW")); END",
        ]
    }
}
