/// Which rules applied when. Each published version of an agreement applies from its start until
/// the day before the next version starts; a rule that stays the same from one version to the
/// next (its note may change) is judged as one rule over all of them, and a rule that a revision
/// changed is judged by the old version up to the revision and by the new one after it.
public enum RuleHistory {
    public struct Version: Equatable, Sendable {
        public var number: Int
        /// The day the version says it applies from, if it says so.
        public var validFrom: CalendarDate?
        public var adoptedOn: CalendarDate?
        /// The day it was published on the platform (or created, when it never was).
        public var published: CalendarDate
        public var rules: [AgreementDocument.Rule]

        public init(number: Int, validFrom: CalendarDate?, adoptedOn: CalendarDate?, published: CalendarDate,
                    rules: [AgreementDocument.Rule]) {
            self.number = number
            self.validFrom = validFrom
            self.adoptedOn = adoptedOn
            self.published = published
            self.rules = rules
        }
    }

    public struct Period: Equatable, Sendable {
        public var number: Int
        public var from: CalendarDate
        /// The last day; nil for the version that applies now (or will).
        public var until: CalendarDate?

        public init(number: Int, from: CalendarDate, until: CalendarDate?) {
            self.number = number
            self.from = from
            self.until = until
        }
    }

    public struct Span: Equatable, Sendable {
        /// As the newest version that has it words it.
        public var rule: AgreementDocument.Rule
        public var from: CalendarDate
        public var until: CalendarDate?
        /// The versions that had it, oldest first.
        public var versions: [Int]
        /// Its place among the rules of its newest version (0-based).
        public var position: Int
    }

    /// The period of each version, oldest first; a version that a later one replaced before it
    /// began has none. The first version starts when it says it applies (or was adopted, or
    /// published). A revision starts on its own date when that is later than the version before
    /// (a draft copies the old dates, so an unchanged date means "from when it is published").
    public static func periods(_ versions: [Version]) -> [Period] {
        var starts: [(Int, CalendarDate)] = []
        for v in versions.sorted(by: { $0.number < $1.number }) {
            let start: CalendarDate
            if let previous = starts.last?.1 {
                let own = v.validFrom.flatMap { $0 > previous ? $0 : nil }
                start = max(own ?? v.published, previous)
            } else {
                start = v.validFrom ?? v.adoptedOn ?? v.published
            }
            starts.append((v.number, start))
        }
        var result: [Period] = []
        for (index, (number, from)) in starts.enumerated() {
            let next = index + 1 < starts.count ? starts[index + 1].1 : nil
            if let next, next <= from { continue }
            result.append(Period(number: number, from: from, until: next?.adding(days: -1)))
        }
        return result
    }

    /// What makes two rules the same rule: the type and the values, not the note.
    public static func identity(_ rule: AgreementDocument.Rule) -> String {
        ([rule.type.rawValue] + RuleCheck.values(of: rule).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            .joined(separator: ";")
    }

    /// Every rule's span, in the order of the newest version's rules, then the rules that no
    /// longer apply (the most recently ended first).
    public static func spans(_ versions: [Version]) -> [Span] {
        let byNumber = Dictionary(versions.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        var spans: [Span] = []
        // The spans still running at the end of the previous period, by identity and occurrence
        // (a version may state the same rule twice).
        var running: [String: Int] = [:]
        for period in periods(versions) {
            guard let version = byNumber[period.number] else { continue }
            var seen: [String: Int] = [:]
            var next: [String: Int] = [:]
            for (position, rule) in version.rules.enumerated() {
                let id = identity(rule)
                let key = "\(id)#\(seen[id, default: 0])"
                seen[id, default: 0] += 1
                if let index = running[key] {
                    spans[index].rule = rule
                    spans[index].until = period.until
                    spans[index].versions.append(version.number)
                    spans[index].position = position
                    next[key] = index
                } else {
                    spans.append(Span(rule: rule, from: period.from, until: period.until, versions: [version.number], position: position))
                    next[key] = spans.count - 1
                }
            }
            running = next
        }
        let current = Set(running.values)
        return spans.indices.filter { current.contains($0) }.map { spans[$0] }.sorted { $0.position < $1.position }
            + spans.indices.filter { !current.contains($0) }.map { spans[$0] }
                .sorted { ($0.until ?? $0.from, -$0.position) > ($1.until ?? $1.from, -$1.position) }
    }
}
