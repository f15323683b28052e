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

/// A municipal department that answers the follow-up for the municipality's side.
final class Department: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?

    init() {}
}

/// One respondent's answers to a round: an organisation (any of its representatives may answer)
/// or a department (through the link it was sent). Kept as a draft until submitted.
final class FollowUpResponse: Model, @unchecked Sendable {
    static let schema = "follow_up_responses"

    enum Status: String, Codable, Sendable {
        case invited, draft, submitted
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: FollowUpRound
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @OptionalParent(key: "department_id") var department: Department?
    /// `.civilSociety` for organisations, `.municipality` for departments.
    @Field(key: "party") var party: Party
    @Field(key: "status") var status: Status
    /// For departments: the SHA-256 of the token in the link they answer through (re-issued with
    /// each reminder).
    @OptionalField(key: "token") var token: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalParent(key: "updated_by") var updatedBy: User?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One answer. Round, party and whether it counts (its response is submitted) are kept on the row,
/// so the report aggregates with GROUP BY over this one table.
final class FollowUpAnswer: Model, @unchecked Sendable {
    static let schema = "follow_up_answers"

    enum CommentStatus: String, Codable, Sendable {
        case pending, approved, rejected
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "response_id") var response: FollowUpResponse
    @Parent(key: "question_id") var question: FollowUpQuestion
    @Field(key: "round_id") var roundID: UUID
    @Field(key: "party") var party: String
    @Field(key: "counted") var counted: Bool
    /// 1…5, or nil.
    @OptionalField(key: "rating") var rating: Int?
    @Field(key: "dont_know") var dontKnow: Bool
    /// Chosen options of a choice question as bits (option i is bit i), so SQL can group them.
    @OptionalField(key: "choice_mask") var choiceMask: Int?
    /// The answer to a free-text question, or the comment on a rating.
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "comment_status") var commentStatus: CommentStatus?

    init() {}
}

/// The coordinator's statement that a commitment continues an earlier one whose text changed.
final class CommitmentLink: Model, @unchecked Sendable {
    static let schema = "commitment_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "from_commitment_id") var from: Commitment
    @Parent(key: "to_commitment_id") var to: Commitment

    init() {}
}

/// A progress note on an action-plan activity, dated and signed.
final class ActivityNote: Model, @unchecked Sendable {
    static let schema = "activity_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "activity_id") var activity: PlanActivity
    @Field(key: "date") var date: String
    @Field(key: "text") var text: String
    @Field(key: "author_name") var authorName: String
    @OptionalParent(key: "author_id") var author: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The year's report as the coordinator introduces and publishes it.
final class AnnualReport: Model, @unchecked Sendable {
    static let schema = "annual_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "year") var year: Int
    @OptionalField(key: "introduction") var introduction: String?
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}
}
