import Fluent
import SamverkanCore
import Vapor

/// A municipal department that answers the follow-up for the municipality's side.
final class Department: Model, @unchecked Sendable {
    static let schema = "departments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?

    init() {}
}
