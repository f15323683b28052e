import Crypto
import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// The report's data as CSV, for Swedish Excel or for programs (`CSVDialect`): every counted
/// answer without who gave it, and the aggregates per question and party. Cells below the round's
/// minimum are left out of both.
enum FollowUpExport {
    static func kindLabel(_ q: FollowUpQuestion, _ t: Translator) -> String { t("followUp.kind.\(q.kind.rawValue)") }

    /// Every counted answer. Respondents are numbered in an order that does not follow who they
    /// are (a hash of the response's id), parties are kept, and only approved comments appear.
    static func answers(_ round: FollowUpRound, on db: any Database, t: Translator, dialect: CSVDialect) async throws -> CSVDocument {
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let byID = Dictionary(uniqueKeysWithValues: questions.map { ($0.id!, $0) })
        let counts = (try await AnswerCounts.load(rounds: [round.requireID()], on: db))[try round.requireID()] ?? AnswerCounts()
        var out = CSVDocument(dialect, columns: [
            ("svarande", t("csv.followUp.respondent")), ("part", t("csv.followUp.party")), ("fraga_nr", t("csv.followUp.number")),
            ("fraga", t("csv.followUp.question")), ("typ", t("csv.followUp.kind")), ("betyg", t("csv.followUp.rating")),
            ("vet_ej", t("followUp.dontKnow")), ("val", t("csv.followUp.choices")), ("kommentar", t("csv.followUp.comment"))], t: t)
        guard let sql = db as? any SQLDatabase else { return out }
        let rows = try await sql.select().column("response_id").column("question_id").column("party").column("rating")
            .column("dont_know").column("choice_mask").column("comment").column("comment_status")
            .from(FollowUpAnswer.schema).where("round_id", .equal, round.requireID()).where("counted", .equal, true).all()
        struct Row { let response: UUID; let question: UUID; let party: String; let rating: Int?; let dontKnow: Bool; let mask: Int?; let comment: String? }
        let decoded: [Row] = try rows.map { r in
            let approved = try r.decode(column: "comment_status", as: String?.self) == FollowUpAnswer.CommentStatus.approved.rawValue
            return Row(response: try r.decode(column: "response_id", as: UUID.self), question: try r.decode(column: "question_id", as: UUID.self),
                       party: try r.decode(column: "party", as: String.self), rating: try r.decode(column: "rating", as: Int?.self),
                       dontKnow: try r.decode(column: "dont_know", as: Bool.self), mask: try r.decode(column: "choice_mask", as: Int?.self),
                       comment: approved ? try r.decode(column: "comment", as: String?.self) : nil)
        }
        func hidden(_ q: FollowUpQuestion, _ party: String) -> Bool {
            let p = Party(rawValue: party) ?? .civilSociety
            switch q.kind {
            case .commitment, .rating: return counts.rating(q.id!, p, minimum: round.minimumAnswers).suppressed
            case .single, .multiple: return counts.choice(q.id!, p, options: q.optionList, minimum: round.minimumAnswers).suppressed
            case .text: return (counts.texts[.init(question: q.id!, party: party)] ?? 0) < round.minimumAnswers
            }
        }
        let order = Set(decoded.map(\.response)).sorted {
            SHA256.hash(data: Data($0.uuidString.utf8)).description < SHA256.hash(data: Data($1.uuidString.utf8)).description
        }
        let number = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0 + 1) })
        for row in decoded.sorted(by: { (number[$0.response]!, byID[$0.question]?.position ?? 0) < (number[$1.response]!, byID[$1.question]?.position ?? 0) }) {
            guard let q = byID[row.question], !hidden(q, row.party) else { continue }
            let options = q.optionList
            let chosen = row.mask.map { mask in options.indices.filter { mask & (1 << $0) != 0 }.map { options[$0] }.joined(separator: "; ") } ?? ""
            out.row([.integer(number[row.response]!), .coded(code: row.party, label: t("followUp.party.\(row.party)")),
                     .integer(q.position), .text(q.text), .coded(code: q.kind.rawValue, label: kindLabel(q, t)),
                     .integer(row.rating), .flag(row.dontKnow), .text(chosen), .text(row.comment ?? "")])
        }
        return out
    }

    /// Per question and party: answers, mean, the count at each step and "don't know", or empty
    /// figures with `dold` = 1 when too few answered.
    static func aggregates(_ round: FollowUpRound, on db: any Database, t: Translator, dialect: CSVDialect) async throws -> CSVDocument {
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let counts = (try await AnswerCounts.load(rounds: [round.requireID()], on: db))[try round.requireID()] ?? AnswerCounts()
        var out = CSVDocument(dialect, columns: [
            ("fraga_nr", t("csv.followUp.number")), ("fraga", t("csv.followUp.question")), ("typ", t("csv.followUp.kind")),
            ("part", t("csv.followUp.party")), ("antal_svar", t("csv.followUp.answered")), ("medelvarde", t("report.mean"))]
            + (1...5).map { ("betyg_\($0)", t("csv.followUp.step", String($0))) }
            + [("vet_ej", t("followUp.dontKnow")), ("dold", t("csv.followUp.hidden"))], t: t)
        for q in questions where q.isRated {
            for party in [Party.civilSociety, .municipality] {
                let s = counts.rating(q.id!, party, minimum: round.minimumAnswers)
                let figures: [CSVCell] = s.suppressed
                    ? Array(repeating: .text(""), count: 8)
                    : [.integer(s.answered), .decimal(s.mean, places: 2)] + s.counts.map { .integer($0) } + [.integer(s.dontKnow)]
                out.row([.integer(q.position), .text(q.text), .coded(code: q.kind.rawValue, label: kindLabel(q, t)),
                         .coded(code: party.rawValue, label: t("followUp.party.\(party.rawValue)"))] + figures + [.flag(s.suppressed)])
            }
        }
        return out
    }
}
