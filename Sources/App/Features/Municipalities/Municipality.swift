import Fluent
import Vapor

/// The tenant: a municipality (or region) hosting its agreement.
final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"

    @ID(key: .id) var id: UUID?

    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    /// A municipality (kommun) or a region (region).
    @Field(key: "kind") var kind: Kind
    enum Kind: String, Codable, CaseIterable, Sendable { case kommun, region }

    // The trust pages (`Features/Trust`): nil shows the catalogue's default text.
    /// The municipality's contact for the agreement: a function's name or a person's.
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "contact_address") var contactAddress: String?
    @OptionalField(key: "accessibility_statement") var accessibilityStatement: String?
    /// The date the statement was last reviewed (YYYY-MM-DD).
    @OptionalField(key: "accessibility_reviewed_on") var accessibilityReviewedOn: String?
    @OptionalField(key: "privacy_notice") var privacyNotice: String?
    /// Who is responsible for the personal data (personuppgiftsansvarig).
    @OptionalField(key: "data_controller") var dataController: String?
    /// `#rrggbb` for the header and links instead of the platform's blue; at least 4.5:1 against white.
    @OptionalField(key: "accent_colour") var accentColour: String?
    /// The first-answer target of one way in, in working days, for new topics (nil: five).
    @OptionalField(key: "inquiry_target_days") var inquiryTargetDays: Int?
    var answerTargetDays: Int { inquiryTargetDays ?? 5 }
    /// Months after closing that a resident's inquiry without a diarienummer is kept (nil means 24).
    @OptionalField(key: "inquiry_retention_months") var inquiryRetentionMonths: Int?
    var retentionMonths: Int { inquiryRetentionMonths ?? 24 }
    /// Only signatories of the agreement may post volunteer assignments (nil: any approved organisation).
    @OptionalField(key: "volunteer_signatories_only") var volunteerSignatoriesOnly: Bool?
    /// Months after an assignment ends that its volunteers' details are kept (nil means 12).
    @OptionalField(key: "volunteer_retention_months") var volunteerRetentionMonths: Int?
    var volunteerRetention: Int { volunteerRetentionMonths ?? 12 }
    /// The districts (kommundelar) organisations choose from, one a line; nil: typed freely.
    @OptionalField(key: "districts") var districts: String?
    /// The logo, a PNG or JPEG in the file store (checked by its structure when it was uploaded).
    @OptionalField(key: "logo_stored_name") var logoStoredName: String?
    @OptionalField(key: "logo_content_type") var logoContentType: String?
    @OptionalField(key: "logo_sha256") var logoSHA256: String?
    @OptionalField(key: "logo_width") var logoWidth: Int?
    @OptionalField(key: "logo_height") var logoHeight: Int?

    /// The interface languages the municipality offers, as codes ("sv,en,ar"); nil: Swedish and English.
    @OptionalField(key: "languages") var languages: String?

    /// The day from which the agreement's rules are judged (YYYY-MM-DD), set by the coordinator;
    /// nil: from when the municipality began recording meetings here.
    @OptionalField(key: "rules_judged_from") var rulesJudgedFrom: String?

    /// The languages its pages offer, Swedish first.
    var offeredLanguages: [Language] { Language.list(languages) }

    /// The districts as a list, in the order the coordinator wrote them.
    var districtList: [String] {
        (districts ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, slug: String, name: String, kind: Kind = .kommun) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
    }
}
