import Fluent
import SamverkanCore
import Vapor

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
    /// When the invitation was queued; nil while the round waits for its opening date.
    @OptionalField(key: "invited_at") var invitedAt: Date?
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
