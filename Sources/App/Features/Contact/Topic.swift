import Fluent
import Foundation
import Vapor

/// What people ask the municipality about (grants, premises, partnerships, …): one way in
/// routes each topic to a department and names the people who answer for it.
final class Topic: Model, @unchecked Sendable {
    static let schema = "contact_topics"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// The department that answers; nil means the coordinator does.
    @OptionalParent(key: "department_id") var department: Department?
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?
    /// The first answer is due within this many working days (`WorkingDays`).
    @Field(key: "target_days") var targetDays: Int
    @Field(key: "position") var position: Int

    init() {}
}

/// A person who answers for a topic. Shown publicly only when `isPublic`; otherwise the
/// municipality routes to them without showing who they are.
final class TopicContact: Model, @unchecked Sendable {
    static let schema = "topic_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "topic_id") var topic: Topic
    @Field(key: "name") var name: String
    /// The person's role ("Föreningskonsulent").
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "position") var position: Int

    init() {}
}
