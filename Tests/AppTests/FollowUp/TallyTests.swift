@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// The report reads tallies that triggers keep as answers change; they must always equal a count
/// of the counted answers, however the answers change (a submission, an edit, an answer that stops
/// counting, a response deleted with its answers).
@Suite struct TallyTests {
    private struct Count: Decodable, Hashable {
        let round_id: UUID
        let question_id: UUID
        let party: String
        let rating: Int
        let dont_know: Bool
        let choice_mask: Int
        let n: Int
    }

    private func recount(_ db: any SQLDatabase) async throws -> Set<Count> {
        Set(try await db.raw("""
            SELECT round_id, question_id, party, COALESCE(rating, -1) AS rating, dont_know, COALESCE(choice_mask, -1) AS choice_mask,
                   COUNT(*) AS n
            FROM follow_up_answers WHERE counted = \(bind: true)
            GROUP BY round_id, question_id, party, COALESCE(rating, -1), dont_know, COALESCE(choice_mask, -1)
            """).all(decoding: Count.self))
    }

    private func tallies(_ db: any SQLDatabase) async throws -> Set<Count> {
        Set(try await db.raw("SELECT round_id, question_id, party, rating, dont_know, choice_mask, n FROM follow_up_tallies WHERE n > 0")
            .all(decoding: Count.self))
    }

    @Test func theTallyIsAlwaysTheCountOfTheCountedAnswers() async throws {
        try await withTestApp { app in
            let db = try #require(app.db as? any SQLDatabase)
            let demo = try await recount(db)
            #expect(!demo.isEmpty, "the demo data has answers")
            #expect(try await tallies(db) == demo)

            let m = try await Fixture.municipality(app, "sodertalje")
            _ = try await AnswerGenerator.generate(respondents: 40, in: m, on: app.db, now: app.clock.now)
            #expect(try await tallies(db) == (try await recount(db)))

            try await db.raw("UPDATE follow_up_answers SET counted = \(bind: false) WHERE id IN (SELECT id FROM follow_up_answers WHERE rating = 3)").run()
            try await db.raw("UPDATE follow_up_answers SET rating = 5 WHERE rating = 1").run()
            try await db.raw("UPDATE follow_up_answers SET dont_know = \(bind: true), rating = NULL WHERE rating = 2").run()
            try await db.raw("DELETE FROM follow_up_responses WHERE id IN (SELECT response_id FROM follow_up_answers WHERE rating = 4 LIMIT 3)").run()
            try await db.raw("DELETE FROM follow_up_answers WHERE id IN (SELECT id FROM follow_up_answers WHERE rating = 5 LIMIT 7)").run()
            let after = try await recount(db)
            #expect(after != demo)
            #expect(try await tallies(db) == after)
        }
    }
}
