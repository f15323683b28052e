import Fluent
import SamverkanCore
import Vapor

/// The yearly follow-up of the agreement: a questionnaire made from the commitments of the
/// version in force, answered by signatory organisations and municipal departments.
final class FollowUpRound: Model, @unchecked Sendable {
    static let schema = "follow_up_rounds"

    enum Status: String, Codable, Sendable {
        /// Being prepared: questions and departments can change.
        case draft
        /// Taking answers between the open and close dates.
        case open
        /// No more answers; comments are reviewed.
        case closed
        /// The report is public.
        case published
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "agreement_id") var agreement: Agreement
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: Status
    @Field(key: "opens_on") var opensOn: String
    @Field(key: "closes_on") var closesOn: String
    /// Below this many answers a question's figures are not shown.
    @Field(key: "minimum_answers") var minimumAnswers: Int
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Open for answers on `today` (YYYY-MM-DD).
    func takesAnswers(today: String) -> Bool {
        status == .open && opensOn <= today && today <= closesOn
    }
}

/// One question of a round: one per commitment (rated 1–5), or one the coordinator added.
final class FollowUpQuestion: Model, @unchecked Sendable {
    static let schema = "follow_up_questions"

    enum Kind: String, Codable, CaseIterable, Sendable {
        /// A commitment, rated 1–5 with "don't know" and a comment.
        case commitment
        case rating
        case text
        case single
        case multiple
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: FollowUpRound
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: Kind
    @OptionalParent(key: "commitment_id") var commitment: Commitment?
    /// For commitment questions: the principle it is grouped under in the questionnaire and report.
    @OptionalParent(key: "principle_id") var principle: Principle?
    @Field(key: "text") var text: String
    /// For choice questions: one option per line.
    @OptionalField(key: "options") var options: String?

    init() {}

    var optionList: [String] {
        (options ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    var isRated: Bool { kind == .commitment || kind == .rating }
}
