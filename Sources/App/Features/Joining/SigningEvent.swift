import Fluent
import Vapor

/// One signing ceremony or dialogue forum: many organisations, one date, one municipal signatory.
final class SigningEvent: Model, @unchecked Sendable {
    static let schema = "signing_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "agreement_id") var agreement: Agreement
    @Field(key: "title") var title: String
    @Field(key: "date") var date: String
    @Field(key: "signatory_name") var signatoryName: String
    @Field(key: "signatory_role") var signatoryRole: String
    @OptionalParent(key: "created_by") var createdBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
