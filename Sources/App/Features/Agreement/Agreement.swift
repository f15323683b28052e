import Fluent
import SamverkanCore
import Vapor

/// One version of a municipality's agreement. A revision is a new version; older ones stay readable.
final class Agreement: Model, @unchecked Sendable {
    static let schema = "agreements"

    enum Status: String, Codable, Sendable {
        /// Being written; not public.
        case draft
        /// The version in force: at most one per municipality.
        case inForce
        /// Was in force once; readable at its version URL.
        case superseded
    }

    @ID(key: .id) var id: UUID?

    @Parent(key: "municipality_id") var municipality: Municipality

    @Field(key: "version") var version: Int
    @Field(key: "status") var status: Status
    @Field(key: "title") var title: String
    @OptionalField(key: "subtitle") var subtitle: String?
    @OptionalField(key: "purpose") var purpose: String?
    @Field(key: "municipality_party") var municipalityParty: String
    @Field(key: "civil_society_party") var civilSocietyParty: String
    @OptionalField(key: "adopted_by") var adoptedBy: String?
    @OptionalField(key: "adopted_on") var adoptedOn: String?
    @OptionalField(key: "reference_number") var referenceNumber: String?
    @OptionalField(key: "valid_from") var validFrom: String?
    @OptionalField(key: "valid_until") var validUntil: String?
    @OptionalField(key: "revision_interval_years") var revisionIntervalYears: Int?
    @OptionalField(key: "document_owner") var documentOwner: String?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?

    /// The action plan's period and when it is next reviewed (YYYY-MM-DD).
    @OptionalField(key: "plan_period_start") var planPeriodStart: String?
    @OptionalField(key: "plan_period_end") var planPeriodEnd: String?
    @OptionalField(key: "plan_next_review") var planNextReview: String?

    @OptionalField(key: "published_at") var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Children(for: \.$agreement) var principles: [Principle]
    @Children(for: \.$agreement) var commitments: [Commitment]
    @Children(for: \.$agreement) var developmentAreas: [DevelopmentArea]
    @Children(for: \.$agreement) var rules: [AgreementRule]

    init() {}

    var isEditable: Bool { status != .superseded }
}
