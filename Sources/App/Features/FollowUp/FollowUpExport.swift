import Crypto
import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// The report's data as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs
/// read å, ä and ö): every counted answer without who gave it, and the aggregates per question
/// and party. Cells below the round's minimum are left out of both.
enum FollowUpExport {
    static func field(_ raw: String) -> String {
        let value = neutralised(raw)
        return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or CR first) gets a
    /// leading `'`, so a comment such as `=HYPERLINK(…)` is shown as text. Plain numbers, the only
    /// cells we write that may start with a minus, stay numbers.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        if value.range(of: #"^-[0-9]+([.,][0-9]+)?$"#, options: .regularExpression) != nil { return value }
        return "'" + value
    }

    static func line(_ values: [String]) -> String { values.map(field).joined(separator: ",") + "\r\n" }

    static func response(_ text: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return response
    }

    static func kindLabel(_ q: FollowUpQuestion, _ t: Translator) -> String { t("followUp.kind.\(q.kind.rawValue)") }

    /// Every counted answer. Respondents are numbered in an order that does not follow who they
    /// are (a hash of the response's id), parties are kept, and only approved comments appear.
    static func answers(_ round: FollowUpRound, on db: any Database, t: Translator) async throws -> String {
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let byID = Dictionary(uniqueKeysWithValues: questions.map { ($0.id!, $0) })
        let counts = (try await AnswerCounts.load(rounds: [round.requireID()], on: db))[try round.requireID()] ?? AnswerCounts()
        guard let sql = db as? any SQLDatabase else { return "" }
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
        var out = line(["svarande", "part", "fraga_nr", "fraga", "typ", "betyg", "vet_ej", "val", "kommentar"])
        for row in decoded.sorted(by: { (number[$0.response]!, byID[$0.question]?.position ?? 0) < (number[$1.response]!, byID[$1.question]?.position ?? 0) }) {
            guard let q = byID[row.question], !hidden(q, row.party) else { continue }
            let options = q.optionList
            let chosen = row.mask.map { mask in options.indices.filter { mask & (1 << $0) != 0 }.map { options[$0] }.joined(separator: "; ") } ?? ""
            out += line([String(number[row.response]!), row.party, String(q.position), q.text, q.kind.rawValue,
                         row.rating.map(String.init) ?? "", row.dontKnow ? "1" : "0", chosen, row.comment ?? ""])
        }
        return out
    }

    /// Per question and party: answers, mean, the count at each step and "don't know", or empty
    /// figures with `dold` = 1 when too few answered.
    static func aggregates(_ round: FollowUpRound, on db: any Database, t: Translator) async throws -> String {
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let counts = (try await AnswerCounts.load(rounds: [round.requireID()], on: db))[try round.requireID()] ?? AnswerCounts()
        var out = line(["fraga_nr", "fraga", "typ", "part", "antal_svar", "medelvarde", "betyg_1", "betyg_2", "betyg_3", "betyg_4",
                        "betyg_5", "vet_ej", "dold"])
        for q in questions where q.isRated {
            for party in [Party.civilSociety, .municipality] {
                let s = counts.rating(q.id!, party, minimum: round.minimumAnswers)
                let figures: [String] = s.suppressed
                    ? ["", "", "", "", "", "", "", ""]
                    : [String(s.answered), s.mean.map { String(format: "%.2f", $0) } ?? ""] + s.counts.map(String.init) + [String(s.dontKnow)]
                out += line([String(q.position), q.text, q.kind.rawValue, party.rawValue] + figures + [s.suppressed ? "1" : "0"])
            }
        }
        return out
    }
}
