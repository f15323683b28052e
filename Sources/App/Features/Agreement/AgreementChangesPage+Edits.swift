import Fluent
import Foundation
import SamverkanCore
import Vapor

/// The edits made to a version after it was published, read from the audit trail: what was
/// changed and when, never who. A version counts as published from the entry that made it the
/// version in force; a version that came into force without one (loaded from a file) from its
/// start. Edits to drafts stay private.
extension AgreementChangesPage {
    static func edits(municipalityID: UUID, snapshots: [AgreementSnapshot], t: Translator,
                      on db: any Database) async throws -> [UUID: [Edit]] {
        let events = try await AuditEvent.query(on: db)
            .filter(\.$municipalityID == municipalityID)
            .filter(\.$tableName ~~ Array(editedTables))
            .filter(\.$kind != .request)
            .sort(\.$createdAt, .descending).sort(\.$id)
            .limit(editLimit).all()
            .reversed()
        let decoded = events.map { e in (event: e, before: fields(e.before), after: fields(e.after)) }

        // Which version each row belongs to, and what the row said, from the versions as they
        // are now and from the entries (a row deleted since is known only from them).
        let versions = Dictionary(uniqueKeysWithValues: snapshots.compactMap { s in s.agreement.id.map { ($0, s) } })
        var versionOf: [String: UUID] = [:]
        var label: [String: String] = [:]
        for s in snapshots {
            guard let id = s.agreement.id else { continue }
            versionOf[id.uuidString] = id
            for p in s.principles { if let pid = p.id { versionOf[pid.uuidString] = id; label[pid.uuidString] = p.name } }
            for c in s.commitments { if let cid = c.id { versionOf[cid.uuidString] = id; label[cid.uuidString] = c.text } }
            for r in s.rules { if let rid = r.id { versionOf[rid.uuidString] = id } }
        }
        for d in decoded {
            guard let row = d.event.rowID else { continue }
            let all = d.before.merging(d.after) { $1 }
            if versionOf[row] == nil, let a = all["agreement"].flatMap(UUID.init(uuidString:)) { versionOf[row] = a }
            if label[row] == nil { label[row] = all["text"] ?? all["name"] }
            if d.event.tableName == CommitmentPrinciple.schema, versionOf[row] == nil,
               let c = all["commitment"], let a = versionOf[c] { versionOf[row] = a }
        }

        // From when each version's edits are public.
        var publishedAt: [UUID: Date] = [:]
        var startedAsDraft = Set<UUID>()
        for d in decoded where d.event.tableName == Agreement.schema {
            guard let id = d.event.rowID.flatMap(UUID.init(uuidString:)) else { continue }
            if d.after["status"] == Agreement.Status.inForce.rawValue { publishedAt[id] = d.event.createdAt }
            if d.event.kind == .create, d.after["status"] == Agreement.Status.draft.rawValue { startedAsDraft.insert(id) }
        }

        // A change of the day the rules are judged from belongs to the version in force then.
        let published = snapshots.filter { $0.agreement.status != .draft }.sorted { $0.agreement.version < $1.agreement.version }
        func inForce(at date: Date) -> UUID? {
            (published.last { ($0.agreement.publishedAt ?? $0.agreement.createdAt ?? .distantPast) <= date } ?? published.first)?.agreement.id
        }

        var out: [UUID: [Edit]] = [:]
        for d in decoded {
            let version: UUID?
            if d.event.tableName == Municipality.schema {
                guard d.event.rowID == municipalityID.uuidString else { continue }
                version = inForce(at: d.event.createdAt)
            } else {
                version = d.event.rowID.flatMap { versionOf[$0] }
            }
            guard let version, let snapshot = versions[version] else { continue }
            if let since = publishedAt[version] {
                guard d.event.createdAt > since else { continue }
            } else if startedAsDraft.contains(version) {
                // Published without an entry (from the command line): from its publication date.
                guard let at = snapshot.agreement.publishedAt, d.event.createdAt > at else { continue }
            }
            guard let edit = describe(d.event, before: d.before, after: d.after, label: label, snapshot: snapshot, t: t) else { continue }
            out[version, default: []].append(edit)
        }
        return out.mapValues { $0.reversed() }
    }

    static func fields(_ json: String?) -> [String: String] {
        guard let data = json?.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return object
    }

    /// One entry in words; nil for changes that only moved things about.
    static func describe(_ e: AuditEvent, before: [String: String], after: [String: String], label: [String: String],
                         snapshot: AgreementSnapshot, t: Translator) -> Edit? {
        let date = DayFormat.string(e.createdAt)
        let changed = Set(before.keys).union(after.keys).subtracting(quietFields)
        func value(_ v: String?) -> String? { v.flatMap { $0.isEmpty ? nil : $0 } }
        switch (e.tableName ?? "", e.kind) {
        case (Commitment.schema, .create):
            return Edit(date: date, text: t("changes.edit.commitmentAdded"), before: nil, after: after["text"])
        case (Commitment.schema, .delete):
            return Edit(date: date, text: t("changes.edit.commitmentRemoved"), before: before["text"], after: nil)
        case (Commitment.schema, .update):
            if changed.contains("text") {
                return Edit(date: date, text: t("changes.edit.commitmentReworded"), before: before["text"], after: after["text"])
            }
            if changed.contains("party"), let old = before["party"].flatMap(Party.init), let new = after["party"].flatMap(Party.init) {
                return Edit(date: date, text: t("changes.edit.commitmentParty", label[e.rowID ?? ""] ?? ""),
                            before: AgreementPage.partyName(old, snapshot.agreement, t: t), after: AgreementPage.partyName(new, snapshot.agreement, t: t))
            }
            return nil
        case (Principle.schema, .create):
            return Edit(date: date, text: t("changes.edit.principleAdded", after["name"] ?? ""), before: nil, after: value(after["description"]))
        case (Principle.schema, .delete):
            return Edit(date: date, text: t("changes.edit.principleRemoved", before["name"] ?? ""), before: nil, after: nil)
        case (Principle.schema, .update):
            if changed.contains("name") {
                return Edit(date: date, text: t("changes.edit.principleRenamed"), before: before["name"], after: after["name"])
            }
            if changed.contains("description") {
                return Edit(date: date, text: t("changes.edit.principleDescribed", label[e.rowID ?? ""] ?? ""),
                            before: value(before["description"]) ?? t("changes.empty"), after: value(after["description"]) ?? t("changes.empty"))
            }
            return nil
        case (CommitmentPrinciple.schema, .create), (CommitmentPrinciple.schema, .delete):
            let all = before.merging(after) { $1 }
            let commitment = all["commitment"].flatMap { label[$0] } ?? t("changes.edit.unknownCommitment")
            let principle = all["principle"].flatMap { label[$0] } ?? t("changes.edit.unknownPrinciple")
            return Edit(date: date, text: t(e.kind == .create ? "changes.edit.linked" : "changes.edit.unlinked", principle),
                        before: nil, after: commitment)
        case (AgreementRule.schema, .create), (AgreementRule.schema, .delete), (AgreementRule.schema, .update):
            let rule = AgreementRule()
            let all = before.merging(after) { $1 }
            rule.type = all["type"] ?? ""
            rule.meetingKind = value(all["meetingKind"]); rule.minimum = all["minimum"].flatMap { Int($0) }
            rule.everyMonths = all["everyMonths"].flatMap { Int($0) }; rule.dueDate = value(all["dueDate"]); rule.note = value(all["note"])
            if e.kind == .update {
                // An update names only the fields changed: the rule is read as it is now.
                guard !changed.isEmpty, let now = snapshot.rules.first(where: { $0.id?.uuidString == e.rowID })?.document else { return nil }
                return Edit(date: date, text: t("changes.edit.ruleChanged"), before: nil, after: AgreementPage.ruleText(now, t: t))
            }
            guard let document = rule.document else { return nil }
            return Edit(date: date, text: t(e.kind == .create ? "changes.edit.ruleAdded" : "changes.edit.ruleRemoved"),
                        before: nil, after: AgreementPage.ruleText(document, t: t))
        case (Municipality.schema, .update):
            guard changed.contains("rulesJudgedFrom") else { return nil }
            return Edit(date: date, text: t("changes.edit.rulesJudgedFrom"),
                        before: value(before["rulesJudgedFrom"]) ?? t("changes.edit.judgedFromRecords"),
                        after: value(after["rulesJudgedFrom"]) ?? t("changes.edit.judgedFromRecords"))
        case (Agreement.schema, .update):
            guard let field = changed.sorted().first(where: { detailFields.contains($0) }) else { return nil }
            let more = changed.filter { detailFields.contains($0) }.count - 1
            return Edit(date: date, text: t("changes.field.\(field)") + (more > 0 ? " " + t("changes.edit.andMore", String(more)) : ""),
                        before: value(before[field]) ?? t("changes.empty"), after: value(after[field]) ?? t("changes.empty"))
        default:
            return nil
        }
    }

    /// The version's own details shown in the change log (the model's property names).
    static let detailFields = Set(AgreementComparison.detailFields)
}
