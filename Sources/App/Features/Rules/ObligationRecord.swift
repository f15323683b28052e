import Fluent
import Vapor

/// Something done that an agreement rule asks for and that is not a meeting: a follow-up,
/// a review of the development plan, or a revision of the agreement. Recorded by the coordinator.
final class ObligationRecord: Model, @unchecked Sendable {
    static let schema = "obligation_records"

    enum Kind: String, Codable, CaseIterable, Sendable {
        case followUp, planReview, revision
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "kind") var kind: Kind
    @Field(key: "date") var date: String
    @Field(key: "title") var title: String
    @OptionalParent(key: "recorded_by") var recordedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A warning e-mail already sent, so each rule and deadline warns the coordinators once.
final class ObligationWarning: Model, @unchecked Sendable {
    static let schema = "obligation_warnings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "key") var key: String
    @Timestamp(key: "sent_at", on: .create) var sentAt: Date?

    init() {}
}
