import Fluent
import SamverkanCore
import Vapor

/// Reading a questionnaire form into answers, saved as a draft or submitted. A submitted
/// response is final; its answers then count in the report.
enum FollowUpAnswers {
    static let dontKnow = "vetej"

    /// What the form holds for one question, as typed.
    struct Entry: Sendable, Equatable {
        var rating: Int?
        var dontKnow = false
        var choices: Set<Int> = []
        var text: String?

        /// Whether it answers a question of `kind` ("vet ej" counts as an answer; a comment alone does not).
        func answers(_ kind: FollowUpQuestion.Kind) -> Bool {
            switch kind {
            case .commitment, .rating: rating != nil || dontKnow
            case .single, .multiple: !choices.isEmpty
            case .text: !(text ?? "").isEmpty
            }
        }
    }

    /// The questions left without an answer, in order.
    static func unanswered(_ entries: [UUID: Entry], questions: [FollowUpQuestion]) -> [FollowUpQuestion] {
        questions.filter { !(entries[$0.id!]?.answers($0.kind) ?? false) }
    }

    /// Reads the form; returns the entries and the errors by field id.
    static func read(_ input: FormInput, questions: [FollowUpQuestion], t: Translator) -> ([UUID: Entry], [String: String]) {
        var entries: [UUID: Entry] = [:]
        var errors: [String: String] = [:]
        for q in questions {
            let id = q.id!.uuidString
            var entry = Entry()
            switch q.kind {
            case .commitment, .rating:
                if let value = input["q-\(id)"] {
                    if value == dontKnow {
                        entry.dontKnow = true
                    } else if let n = Int(value), (1...5).contains(n) {
                        entry.rating = n
                    } else {
                        errors["q-\(id)"] = t("validation.choice")
                    }
                }
                entry.text = input["c-\(id)"]
            case .text:
                entry.text = input["q-\(id)"]
            case .single, .multiple:
                let count = q.optionList.count
                let picked = (input.lists["q-\(id)"] ?? []).compactMap(Int.init)
                if picked.contains(where: { !(0..<count).contains($0) }) || (q.kind == .single && picked.count > 1) {
                    errors["q-\(id)"] = t("validation.choice")
                }
                entry.choices = Set(picked.filter { (0..<count).contains($0) })
            }
            if let text = entry.text, text.count > 3000 { errors[q.kind == .text ? "q-\(id)" : "c-\(id)"] = t("validation.tooLong", "3000") }
            entries[q.id!] = entry
        }
        return (entries, errors)
    }

    /// Saves the entries; with `submit`, the response becomes final and counts.
    static func save(_ entries: [UUID: Entry], response: FollowUpResponse, round: FollowUpRound, questions: [FollowUpQuestion],
                     submit: Bool, user: User?, on db: any Database, today: String, now: Date) async throws {
        guard response.status != .submitted else { throw FollowUpError.alreadySubmitted }
        guard round.takesAnswers(today: today) else { throw FollowUpError.closed }
        try await db.writeTransaction { tx in
            let rid = try response.requireID()
            // Read again under the transaction: two tabs submitting at once save once.
            guard let fresh = try await FollowUpResponse.find(rid, on: tx), fresh.status != .submitted else {
                throw FollowUpError.alreadySubmitted
            }
            try await FollowUpAnswer.query(on: tx).filter(\.$response.$id == rid).delete()
            for q in questions {
                guard let e = entries[q.id!], e.rating != nil || e.dontKnow || !e.choices.isEmpty || e.text != nil else { continue }
                let a = FollowUpAnswer()
                a.$response.id = rid
                a.$question.id = try q.requireID()
                a.roundID = try round.requireID()
                a.party = fresh.party.rawValue
                a.counted = submit
                a.rating = e.rating
                a.dontKnow = e.dontKnow
                a.choiceMask = e.choices.isEmpty ? nil : e.choices.reduce(0) { $0 | (1 << $1) }
                a.comment = e.text
                a.commentStatus = e.text == nil ? nil : .pending
                try await a.create(on: tx)
            }
            fresh.status = submit ? .submitted : .draft
            fresh.submittedAt = submit ? now : nil
            fresh.$updatedBy.id = user?.id
            try await fresh.save(on: tx)
        }
    }

    /// The saved answers of a response, as form entries.
    static func entries(of response: FollowUpResponse, on db: any Database) async throws -> [UUID: Entry] {
        var result: [UUID: Entry] = [:]
        for a in try await FollowUpAnswer.query(on: db).filter(\.$response.$id == response.requireID()).all() {
            let mask = a.choiceMask ?? 0
            result[a.$question.id] = Entry(rating: a.rating, dontKnow: a.dontKnow,
                                           choices: Set((0..<20).filter { mask & (1 << $0) != 0 }), text: a.comment)
        }
        return result
    }
}
