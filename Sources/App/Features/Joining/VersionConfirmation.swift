import Fluent
import Vapor

/// A signatory's confirmation of a newer version than the one it signed.
final class VersionConfirmation: Model, @unchecked Sendable {
    static let schema = "version_confirmations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "agreement_id") var agreement: Agreement
    @OptionalParent(key: "user_id") var user: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
