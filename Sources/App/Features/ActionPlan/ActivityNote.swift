import Fluent
import SamverkanCore
import Vapor

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
