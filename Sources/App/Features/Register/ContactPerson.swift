import Fluent
import Vapor

/// A person of an organisation. Personal data: only the municipality's staff and the
/// organisation's own representatives see it.
final class ContactPerson: Model, @unchecked Sendable {
    static let schema = "contact_persons"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @OptionalField(key: "role") var role: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?

    init() {}
}

/// A user who may act for an organisation.
final class OrganisationRepresentative: Model, @unchecked Sendable {
    static let schema = "organisation_representatives"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(organisationID: UUID, userID: UUID) {
        self.$organisation.id = organisationID
        self.$user.id = userID
    }
}
