import Fluent
import Vapor

/// An idéburen organisation in a municipality's register. It may be in the register without
/// ever joining the agreement, and is treated the same everywhere else.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    enum Status: String, Codable, Sendable {
        /// Registered, waiting for the coordinator.
        case pending
        case approved
        /// A duplicate, folded into `mergedInto`.
        case merged
    }

    enum LegalForm: String, Codable, CaseIterable, Sendable {
        case ideellForening, stiftelse, ekonomiskForening, trossamfund, natverk, informellGrupp, annan
    }

    @ID(key: .id) var id: UUID?

    @Parent(key: "municipality_id") var municipality: Municipality
    @OptionalParent(key: "merged_into_id") var mergedInto: Organisation?

    @Field(key: "name") var name: String
    @OptionalField(key: "org_number") var orgNumber: String?
    @Field(key: "legal_form") var legalForm: LegalForm
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "district") var district: String?
    @OptionalField(key: "languages") var languages: String?
    @OptionalField(key: "member_count") var memberCount: Int?
    @Field(key: "status") var status: Status
    /// Name and description folded for search (see `SearchText`).
    @Field(key: "search_text") var searchText: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// The day it became a signatory, kept by `SignatoryStatus`; nil when it is not one now.
    @OptionalField(key: "signatory_since") var signatorySince: String?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Siblings(through: OrganisationActivityArea.self, from: \.$organisation, to: \.$area) var areas: [ActivityArea]

    init() {}
}
