import Fluent
import Foundation
import SamverkanCore
import Vapor

/// A form of support the municipality offers the sector (a grant, premises, the loan of
/// equipment, advice): who may apply, how, and by when, with its rules kept as versions that each
/// take effect on a day, so anyone can see what changed and since when.
final class SupportForm: Model, @unchecked Sendable {
    static let schema = "support_forms"

    enum Kind: String, Codable, CaseIterable, Sendable { case grant, premises, equipment, advice }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "slug") var slug: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "name") var name: String
    @Field(key: "who_may_apply") var whoMayApply: String
    @Field(key: "how_to_apply") var howToApply: String
    @OptionalField(key: "deadlines") var deadlines: String?
    @Field(key: "position") var position: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One version of a form of support's rules, in effect from `effectiveFrom` until the next one.
final class SupportRuleVersion: Model, @unchecked Sendable {
    static let schema = "support_rule_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "support_form_id") var form: SupportForm
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "rules") var rules: String
    /// What changed, in a sentence, for the signatories' mail and the history.
    @OptionalField(key: "change_note") var changeNote: String?
    @Field(key: "created_at") var createdAt: Int

    init() {}
}

extension SupportForm: MunicipalityScoped { static var municipalityKey: KeyPath<SupportForm, FieldProperty<SupportForm, UUID>> { \.$municipality.$id } }

enum SupportRules {
    /// The version in effect on `day`: the latest that has taken effect; nil before the first.
    static func inEffect(_ versions: [SupportRuleVersion], on day: CalendarDate) -> SupportRuleVersion? {
        versions.filter { $0.effectiveFrom <= day.description }.max { ($0.effectiveFrom, $0.createdAt) < ($1.effectiveFrom, $1.createdAt) }
    }

    /// Newest first: the order of the history.
    static func history(_ versions: [SupportRuleVersion]) -> [SupportRuleVersion] {
        versions.sorted { ($0.effectiveFrom, $0.createdAt) > ($1.effectiveFrom, $1.createdAt) }
    }
}
