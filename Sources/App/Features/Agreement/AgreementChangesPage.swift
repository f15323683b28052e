import Fluent
import Foundation
import SamverkanCore
import Vapor

/// `/{kommun}/overenskommelse/andringar`: the public change log of the agreement. Every published
/// version with what it changed against the one before, the edits made to a version after it was
/// published (from the audit trail, without who made them), and a comparison of any two versions,
/// commitment by commitment. Drafts are never shown here; the coordinator compares a draft with
/// the version in force from the editor (`/admin/{kommun}/version/{n}/jamfor`).
///
/// A fixed number of queries whatever the number of versions and edits: the versions (1), their
/// contents (6), the coordinator's commitment links (1) and the audit entries (1).
struct AgreementChangesPage: Encodable, Sendable {
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Edit: Encodable, Sendable {
        let date: String
        let text: String
        let before: String?
        let after: String?
    }
    struct VersionRow: Encodable, Sendable {
        let number: Int
        let label: String
        let url: String
        let dates: String?
        /// "Against version 1: 2 new commitments, …"; nil for the first version.
        let summary: String?
        let compareURL: String?
        let edits: [Edit]?
    }
    struct Word: Encodable, Sendable { let kind: String; let text: String }
    struct CommitmentRow: Encodable, Sendable {
        let badges: [String]
        let text: String
        let oldText: String?
        let words: [Word]?
        let principlesBefore: String?
        let principlesAfter: String?
        let partyBefore: String?
        let partyAfter: String?
    }
    struct Group: Encodable, Sendable { let anchor: String; let heading: String; let rows: [CommitmentRow] }
    struct Line: Encodable, Sendable { let text: String; let before: String?; let after: String? }
    struct Comparison: Encodable, Sendable {
        let heading: String
        let summary: String
        let groups: [Group]?
        let principles: [Line]?
        let rules: [Line]?
        let fields: [Line]?
        let isEmpty: Bool
    }

    let chrome: Chrome
    let heading: String
    let intro: String
    let versions: [VersionRow]
    /// nil with fewer than two versions.
    let fromOptions: [Option]?
    let toOptions: [Option]?
    let formAction: String
    let comparison: Comparison?
    let problem: String?
    let agreementURL: String

    /// The tables whose edits to a published version are shown, and the fields never shown
    /// (the order on the page, the version's state, which the list of versions shows anyway).
    /// The municipality's row is read for one field: the day its rules are judged from.
    static let editedTables: Set<String> = [Agreement.schema, Principle.schema, Commitment.schema, CommitmentPrinciple.schema,
                                            AgreementRule.schema, Municipality.schema]
    static let quietFields: Set<String> = ["position", "status", "publishedAt", "updatedAt", "createdAt", "id", "agreement", "key",
                                           "municipality", "planPeriodStart", "planPeriodEnd", "planNextReview"]
    static let editLimit = 300

    static func query(db: any Database, municipality m: Municipality, from: Int?, to: Int?, t: Translator, chrome: Chrome) async throws -> AgreementChangesPage? {
        let mid = try m.requireID()
        let published = try await Agreement.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$status != .draft).sort(\.$version).all()
        guard !published.isEmpty else { return nil }
        let snapshots = try await AgreementSnapshot.loadMany(published, on: db)
        let documents = snapshots.map(\.document)
        let links = try await linkKeys(municipalityID: mid, snapshots: snapshots, on: db)
        let edits = try await self.edits(municipalityID: mid, snapshots: snapshots, t: t, on: db)
        let slug = m.slug
        func url(_ a: Agreement) -> String { a.status == .inForce ? SiteURL.agreement(slug) : SiteURL.agreementVersion(slug, a.version) }
        func compareURL(_ a: Int, _ b: Int) -> String { SiteURL.agreementChanges(slug) + "?fran=\(a)&till=\(b)#jamforelse" }

        let rows: [VersionRow] = published.indices.reversed().map { i in
            let a = published[i]
            let summary = i == 0 ? nil : summaryText(AgreementComparison.compare(documents[i - 1], documents[i], links: links), t: t)
            let dates = [a.publishedAt.map { t("changes.publishedOn", DayFormat.string($0)) },
                         a.adoptedOn.map { t("changes.adoptedOn", $0) + (a.adoptedBy.map { " " + t("changes.adoptedBy", $0) } ?? "") }]
                .compactMap { $0 }.joined(separator: " · ")
            return VersionRow(
                number: a.version,
                label: t(a.status == .inForce ? "agreement.version.labelInForce" : "agreement.version.label", String(a.version)),
                url: url(a), dates: dates.isEmpty ? nil : dates,
                summary: summary.map { t("changes.against", String(published[i - 1].version), $0) },
                compareURL: i == 0 ? nil : compareURL(published[i - 1].version, a.version),
                edits: edits[a.id!].flatMap { $0.isEmpty ? nil : $0 })
        }

        var comparison: Comparison?
        var problem: String?
        if from != nil || to != nil {
            let numbers = published.map(\.version)
            if let from, let to, from != to, let i = numbers.firstIndex(of: min(from, to)), let j = numbers.firstIndex(of: max(from, to)) {
                comparison = build(AgreementComparison.compare(documents[i], documents[j], links: links),
                                   old: snapshots[i], new: snapshots[j], t: t)
            } else {
                problem = t(from == to && from.map(numbers.contains) == true ? "changes.problem.same" : "changes.problem.unknown")
            }
        }
        let pickable = published.count >= 2
        let defaultFrom = from ?? published[max(published.count - 2, 0)].version
        let defaultTo = to ?? published.last!.version
        func options(_ selected: Int) -> [Option] {
            published.reversed().map { Option(value: String($0.version), label: t("agreement.version.label", String($0.version)), selected: $0.version == selected) }
        }
        return AgreementChangesPage(
            chrome: chrome, heading: t("changes.heading"), intro: t(pickable ? "changes.intro" : "changes.introOne"),
            versions: rows, fromOptions: pickable ? options(defaultFrom) : nil, toOptions: pickable ? options(defaultTo) : nil,
            formAction: SiteURL.agreementChanges(slug), comparison: comparison, problem: problem,
            agreementURL: SiteURL.agreement(slug))
    }

    /// The coordinator's links between commitments of different versions, as (old key, new key).
    static func linkKeys(municipalityID: UUID, snapshots: [AgreementSnapshot], on db: any Database) async throws -> [(from: String, to: String)] {
        let keys = Dictionary(uniqueKeysWithValues: snapshots.flatMap(\.commitments).compactMap { c in c.id.map { ($0, c.key) } })
        return try await CommitmentLink.query(on: db).filter(\.$municipality.$id == municipalityID).all()
            .compactMap { l in keys[l.$from.id].flatMap { from in keys[l.$to.id].map { (from: from, to: $0) } } }
    }

    /// "2 new commitments, 1 removed, 3 reworded"; "no changes to the commitments".
    static func summaryText(_ c: AgreementComparison, t: Translator) -> String {
        var parts: [String] = []
        for kind in AgreementComparison.CommitmentChange.Kind.allCases {
            let n = c.count(kind)
            if n > 0 { parts.append(t("changes.count.\(kind.rawValue)", String(n))) }
        }
        if !c.principles.isEmpty { parts.append(t("changes.count.principles", String(c.principles.count))) }
        let rules = c.addedRules.count + c.removedRules.count
        if rules > 0 { parts.append(t("changes.count.rules", String(rules))) }
        if !c.fields.isEmpty { parts.append(t("changes.count.fields", String(c.fields.count))) }
        return parts.isEmpty ? t("changes.count.none") : parts.joined(separator: ", ")
    }

    /// The comparison shaped for the page.
    static func build(_ c: AgreementComparison, old: AgreementSnapshot, new: AgreementSnapshot, t: Translator) -> Comparison {
        let oldNames = Dictionary(old.principles.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        let newNames = Dictionary(new.principles.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        func names(_ keys: [String], _ table: [String: String]) -> String {
            let list = keys.compactMap { table[$0] }
            return list.isEmpty ? t("changes.noPrinciple") : list.joined(separator: ", ")
        }
        func row(_ change: AgreementComparison.CommitmentChange) -> CommitmentRow {
            let moved = change.kinds.contains(.moved), party = change.kinds.contains(.party)
            return CommitmentRow(
                badges: change.kinds.map { t("changes.kind.\($0.rawValue)") },
                text: (change.new ?? change.old)?.text ?? "",
                oldText: change.kinds.contains(.reworded) ? change.old?.text : nil,
                words: change.words.isEmpty ? nil : change.words.map { Word(kind: $0.kind.rawValue, text: $0.text) },
                principlesBefore: moved ? change.old.map { names($0.principles, oldNames) } : nil,
                principlesAfter: moved ? change.new.map { names($0.principles, newNames) } : nil,
                partyBefore: party ? change.old.map { AgreementPage.partyName($0.party, old.agreement, t: t) } : nil,
                partyAfter: party ? change.new.map { AgreementPage.partyName($0.party, new.agreement, t: t) } : nil)
        }
        let added = c.commitments.filter { $0.kinds == [.added] }
        let removed = c.commitments.filter { $0.kinds == [.removed] }
        let changed = c.commitments.filter { $0.kinds != [.added] && $0.kinds != [.removed] }
        let groups: [Group] = [
            ("andrade", "changes.group.changed", changed), ("nya", "changes.group.added", added), ("borttagna", "changes.group.removed", removed),
        ].compactMap { anchor, key, list in
            list.isEmpty ? nil : Group(anchor: "ataganden-\(anchor)", heading: t(key, String(list.count)), rows: list.map(row))
        }
        let principles: [Line] = c.principles.map { p in
            if p.kinds == [.added] { return Line(text: t("changes.principle.added", p.new?.name ?? ""), before: nil, after: p.new?.description) }
            if p.kinds == [.removed] { return Line(text: t("changes.principle.removed", p.old?.name ?? ""), before: p.old?.description, after: nil) }
            if p.kinds.contains(.renamed) {
                return Line(text: t("changes.principle.renamed", p.old?.name ?? "", p.new?.name ?? ""),
                            before: p.kinds.contains(.described) ? p.old?.description ?? "" : nil,
                            after: p.kinds.contains(.described) ? p.new?.description ?? "" : nil)
            }
            return Line(text: t("changes.principle.described", p.new?.name ?? ""), before: p.old?.description ?? "", after: p.new?.description ?? "")
        }
        let rules = c.addedRules.map { Line(text: t("changes.rule.added", AgreementPage.ruleText($0, t: t)), before: nil, after: nil) }
            + c.removedRules.map { Line(text: t("changes.rule.removed", AgreementPage.ruleText($0, t: t)), before: nil, after: nil) }
        let fields = c.fields.map { f in
            Line(text: t("changes.field.\(f.field)"), before: f.old ?? t("changes.empty"), after: f.new ?? t("changes.empty"))
        }
        return Comparison(
            heading: t("changes.comparison.heading", String(old.agreement.version), String(new.agreement.version)),
            summary: summaryText(c, t: t) + " " + t("changes.count.unchanged", String(c.unchanged)),
            groups: groups.isEmpty ? nil : groups, principles: principles.isEmpty ? nil : principles,
            rules: rules.isEmpty ? nil : rules, fields: fields.isEmpty ? nil : fields, isEmpty: c.isEmpty)
    }
}
