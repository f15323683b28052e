/// What changed between two versions of an agreement, commitment by commitment: which
/// commitments were added, removed, reworded, moved to other principles or given to another party;
/// which principles were added, removed or renamed; which rules came and went. This is what the
/// revision every four years needs to show the parties.
///
/// Commitments are paired, in this order, by a link the coordinator made from the old to the new
/// commitment, by the key the revision copied, and by the same text (`CommitmentMatching`).
public struct AgreementComparison: Equatable, Sendable {
    public struct CommitmentChange: Equatable, Sendable {
        public enum Kind: String, CaseIterable, Sendable { case added, removed, reworded, moved, party }
        /// One change can be several at once (reworded and moved); `kinds` lists them in that order.
        public var kinds: [Kind]
        public var old: AgreementDocument.Commitment?
        public var new: AgreementDocument.Commitment?
        /// The words of the new text against the old, for a reworded commitment.
        public var words: [WordDiff.Segment]
    }

    public struct PrincipleChange: Equatable, Sendable {
        public enum Kind: String, Sendable { case added, removed, renamed, described }
        public var kinds: [Kind]
        public var old: AgreementDocument.Principle?
        public var new: AgreementDocument.Principle?
    }

    public struct FieldChange: Equatable, Sendable {
        /// The field's name in the file format (`title`, `adoptedOn`, …).
        public var field: String
        public var old: String?
        public var new: String?
        public init(field: String, old: String?, new: String?) {
            self.field = field
            self.old = old
            self.new = new
        }
    }

    /// The version's own details that are compared, by their names in the file format (which are
    /// the model's property names too), in the order a reader meets them.
    public static let detailFields = ["title", "subtitle", "purpose", "municipalityParty", "civilSocietyParty", "adoptedBy", "adoptedOn",
                                      "referenceNumber", "validFrom", "validUntil", "revisionIntervalYears", "documentOwner",
                                      "contactName", "contactEmail", "contactPhone"]

    public var principles: [PrincipleChange]
    public var commitments: [CommitmentChange]
    public var addedRules: [AgreementDocument.Rule]
    public var removedRules: [AgreementDocument.Rule]
    public var fields: [FieldChange]
    /// Commitments that are the same in both versions.
    public var unchanged: Int

    public var isEmpty: Bool {
        principles.isEmpty && commitments.isEmpty && addedRules.isEmpty && removedRules.isEmpty && fields.isEmpty
    }

    /// How many commitments changed in each way.
    public func count(_ kind: CommitmentChange.Kind) -> Int {
        commitments.filter { $0.kinds.contains(kind) }.count
    }

    /// `links` are (old key, new key) pairs: the coordinator's word that a commitment continues one
    /// whose text changed beyond recognition.
    public static func compare(_ old: AgreementDocument, _ new: AgreementDocument,
                               links: [(from: String, to: String)] = []) -> AgreementComparison {
        // Principles by key (a revision copies them), then by name.
        var principleChanges: [PrincipleChange] = []
        var oldPrinciples = old.principles
        var principleOfOldKey: [String: String] = [:]  // old principle key → new principle key
        for p in new.principles {
            let index = oldPrinciples.firstIndex { $0.key == p.key }
                ?? oldPrinciples.firstIndex { CommitmentMatching.normalised($0.name) == CommitmentMatching.normalised(p.name) }
            guard let index else {
                principleChanges.append(.init(kinds: [.added], old: nil, new: p))
                continue
            }
            let before = oldPrinciples.remove(at: index)
            principleOfOldKey[before.key] = p.key
            var kinds: [PrincipleChange.Kind] = []
            if before.name != p.name { kinds.append(.renamed) }
            if (before.description ?? "") != (p.description ?? "") { kinds.append(.described) }
            if !kinds.isEmpty { principleChanges.append(.init(kinds: kinds, old: before, new: p)) }
        }
        principleChanges += oldPrinciples.map { .init(kinds: [.removed], old: $0, new: nil) }

        // Commitments.
        let items = { (list: [AgreementDocument.Commitment]) in list.map { CommitmentMatching.Item(id: $0.key, text: $0.text) } }
        let newKeys = Set(new.commitments.map(\.key)), oldKeys = Set(old.commitments.map(\.key))
        var pairs: [String: String] = [:]  // new key → old key
        var taken = Set<String>()
        for link in links where newKeys.contains(link.to) && oldKeys.contains(link.from) && pairs[link.to] == nil && !taken.contains(link.from) {
            pairs[link.to] = link.from
            taken.insert(link.from)
        }
        for c in new.commitments where pairs[c.key] == nil && oldKeys.contains(c.key) && !taken.contains(c.key) {
            pairs[c.key] = c.key
            taken.insert(c.key)
        }
        let byText = CommitmentMatching.match(
            current: items(new.commitments.filter { pairs[$0.key] == nil }),
            earlier: items(old.commitments.filter { !taken.contains($0.key) }), links: [])
        for (now, before) in byText { pairs[now] = before; taken.insert(before) }

        let oldByKey = Dictionary(old.commitments.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [CommitmentChange] = []
        var unchanged = 0
        for c in new.commitments {
            guard let before = pairs[c.key].flatMap({ oldByKey[$0] }) else {
                changes.append(.init(kinds: [.added], old: nil, new: c, words: []))
                continue
            }
            var kinds: [CommitmentChange.Kind] = []
            if CommitmentMatching.normalised(before.text) != CommitmentMatching.normalised(c.text) { kinds.append(.reworded) }
            // Principles compared as sets, in the new version's keys (a renamed principle is not a move).
            let wasUnder = Set(before.principles.map { principleOfOldKey[$0] ?? "old:" + $0 })
            if wasUnder != Set(c.principles) { kinds.append(.moved) }
            if before.party != c.party { kinds.append(.party) }
            if kinds.isEmpty { unchanged += 1; continue }
            changes.append(.init(kinds: kinds, old: before, new: c,
                                 words: kinds.contains(.reworded) ? WordDiff.diff(before.text, c.text) : []))
        }
        changes += old.commitments.filter { !taken.contains($0.key) }.map { .init(kinds: [.removed], old: $0, new: nil, words: []) }

        // Rules, as a whole: a rule with another minimum is one removed and one added.
        let addedRules = new.rules.filter { !old.rules.contains($0) }
        let removedRules = old.rules.filter { !new.rules.contains($0) }

        // The version's own details.
        let before = old.details, after = new.details
        let fields: [FieldChange] = detailFields.compactMap { name in
            let a = before[name].flatMap { $0.isEmpty ? nil : $0 }, b = after[name].flatMap { $0.isEmpty ? nil : $0 }
            return a == b ? nil : FieldChange(field: name, old: a, new: b)
        }

        return AgreementComparison(principles: principleChanges, commitments: changes, addedRules: addedRules,
                                   removedRules: removedRules, fields: fields, unchanged: unchanged)
    }
}

extension AgreementDocument {
    /// The version's own details by their names in `AgreementComparison.detailFields`.
    var details: [String: String] {
        let m = metadata
        let values: [String: String?] = [
            "title": title, "subtitle": subtitle, "purpose": purpose,
            "municipalityParty": parties.municipality, "civilSocietyParty": parties.civilSociety,
            "adoptedBy": m.adoptedBy, "adoptedOn": m.adoptedOn?.description, "referenceNumber": m.referenceNumber,
            "validFrom": m.validFrom?.description, "validUntil": m.validUntil?.description,
            "revisionIntervalYears": m.revisionIntervalYears.map(String.init), "documentOwner": m.documentOwner,
            "contactName": m.contact.name, "contactEmail": m.contact.email, "contactPhone": m.contact.phone,
        ]
        return values.compactMapValues { $0 }
    }
}

/// Which words of a text were kept, removed and added: the longest common run of words, so a
/// reworded commitment shows only what was actually changed.
public enum WordDiff {
    public struct Segment: Equatable, Sendable {
        public enum Kind: String, Sendable { case same, removed, added }
        public var kind: Kind
        public var text: String
        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Texts longer than this many words are shown as one removed and one added block: the table
    /// grows with the product of the lengths, and a commitment is a sentence or two.
    public static let maximumWords = 400

    public static func diff(_ old: String, _ new: String) -> [Segment] {
        let a = old.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let b = new.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard a.count <= maximumWords, b.count <= maximumWords else {
            return [Segment(.removed, a.joined(separator: " ")), Segment(.added, b.joined(separator: " "))].filter { !$0.text.isEmpty }
        }
        // lengths[i][j]: the longest common run of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var out: [Segment] = []
        func add(_ kind: Segment.Kind, _ word: String) {
            if let last = out.last, last.kind == kind { out[out.count - 1].text += " " + word } else { out.append(Segment(kind, word)) }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { add(.same, a[i]); i += 1; j += 1 }
            else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] { add(.removed, a[i]); i += 1 }
            else { add(.added, b[j]); j += 1 }
        }
        return out
    }
}
