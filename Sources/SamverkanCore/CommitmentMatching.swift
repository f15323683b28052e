/// Which commitment of an earlier follow-up is "the same" as one asked about now, so results can
/// be compared year by year across agreement versions: the same text (ignoring case, spacing and
/// punctuation at the ends), or a link the coordinator made from the old to the new commitment.
public enum CommitmentMatching {
    public struct Item: Equatable, Sendable {
        public let id: String
        public let text: String

        public init(id: String, text: String) {
            self.id = id
            self.text = text
        }
    }

    /// Text compared case-insensitively, with runs of white space as one space and without
    /// trailing full stops, so a corrected capital or a double space does not break the series.
    public static func normalised(_ text: String) -> String {
        let words = text.lowercased().split(whereSeparator: { $0.isWhitespace })
        var joined = words.joined(separator: " ")
        while let last = joined.last, ".;:!".contains(last) { joined.removeLast() }
        return joined
    }

    /// For each current item, the earlier item it continues, if any. Links are (earlier id,
    /// current id) pairs and may run through several versions: A→B→C makes C continue A.
    /// A link wins over the same text; each earlier item continues at most one current item.
    public static func match(current: [Item], earlier: [Item], links: [(from: String, to: String)]) -> [String: String] {
        let earlierIDs = Set(earlier.map(\.id))
        var backwards: [String: String] = [:]
        for link in links { backwards[link.to] = link.from }
        var result: [String: String] = [:]
        var taken = Set<String>()
        for item in current {
            var step = item.id
            var seen: Set<String> = [step]
            while let previous = backwards[step], !seen.contains(previous) {
                if earlierIDs.contains(previous), !taken.contains(previous) {
                    result[item.id] = previous
                    taken.insert(previous)
                    break
                }
                seen.insert(previous)
                step = previous
            }
        }
        var byText: [String: [String]] = [:]
        for item in earlier where !taken.contains(item.id) { byText[normalised(item.text), default: []].append(item.id) }
        for item in current where result[item.id] == nil {
            let key = normalised(item.text)
            if var candidates = byText[key], !candidates.isEmpty {
                result[item.id] = candidates.removeFirst()
                byText[key] = candidates
            }
        }
        return result
    }
}
