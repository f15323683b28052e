import Fluent
import Vapor

/// An organisation joining a municipality's agreement: applied by protocol or in writing,
/// or recorded at a signing event; reviewed; signed by both sides; perhaps withdrawn.
final class Accession: Model, @unchecked Sendable {
    static let schema = "accessions"

    enum Method: String, Codable, CaseIterable, Sendable {
        /// The board decided to join; the protocol is attached.
        case protocol_ = "protocol"
        case written
        /// Signed at a signing ceremony or dialogue forum.
        case event
    }

    enum Status: String, Codable, CaseIterable, Sendable {
        case submitted
        case moreInfoRequested
        case approved
        case declined
        case signed
        case withdrawn
    }

    @ID(key: .id) var id: UUID?

    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "municipality_id") var municipality: Municipality
    /// The version the organisation applied to (and signed).
    @Parent(key: "agreement_id") var agreement: Agreement
    @OptionalParent(key: "protocol_file_id") var protocolFile: StoredFile?
    @OptionalParent(key: "signing_event_id") var signingEvent: SigningEvent?

    @Field(key: "method") var method: Method
    @Field(key: "status") var status: Status
    @OptionalField(key: "decision_date") var decisionDate: String?
    @OptionalField(key: "application_text") var applicationText: String?
    @OptionalField(key: "organisation_signatory_name") var organisationSignatoryName: String?
    @OptionalField(key: "organisation_signatory_role") var organisationSignatoryRole: String?
    @OptionalField(key: "organisation_signed_on") var organisationSignedOn: String?
    @OptionalField(key: "municipality_signatory_name") var municipalitySignatoryName: String?
    @OptionalField(key: "municipality_signatory_role") var municipalitySignatoryRole: String?
    @OptionalField(key: "municipality_signed_on") var municipalitySignedOn: String?
    /// The date both sides had signed: the organisation is a signatory from then.
    @OptionalField(key: "signed_on") var signedOn: String?
    @OptionalField(key: "withdrawn_on") var withdrawnOn: String?
    @OptionalField(key: "withdrawal_reason") var withdrawalReason: String?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Still open: a new application must wait until this one is decided.
    var isOpen: Bool { [.submitted, .moreInfoRequested, .approved].contains(status) }
}

/// Who did what to an application, and when: the history of every step.
final class AccessionEvent: Model, @unchecked Sendable {
    static let schema = "accession_events"

    enum Action: String, Codable, Sendable {
        case submitted, infoRequested, answered, approved, declined
        case organisationSigned, municipalitySigned, signedAtEvent, withdrawn, confirmedVersion
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "accession_id") var accession: Accession
    @OptionalParent(key: "user_id") var user: User?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: Action
    @OptionalField(key: "message") var message: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(accessionID: UUID, user: User?, action: Action, message: String?) {
        self.$accession.id = accessionID
        self.$user.id = user?.id
        self.actorName = user?.name ?? "Samverkan"
        self.action = action
        self.message = message
    }
}
