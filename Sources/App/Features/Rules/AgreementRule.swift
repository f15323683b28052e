import Fluent
import Vapor

/// A machine-checkable rule of an agreement (an obligation), stored flat:
/// which columns are used depends on `type` (see `AgreementDocument.Rule`).
final class AgreementRule: Model, @unchecked Sendable {
    static let schema = "agreement_rules"

    @ID(key: .id) var id: UUID?

    @Parent(key: "agreement_id") var agreement: Agreement

    @Field(key: "position") var position: Int
    @Field(key: "type") var type: String
    @OptionalField(key: "meeting_kind") var meetingKind: String?
    @OptionalField(key: "minimum") var minimum: Int?
    @OptionalField(key: "every_months") var everyMonths: Int?
    @OptionalField(key: "due_date") var dueDate: String?
    @OptionalField(key: "note") var note: String?

    init() {}
}
