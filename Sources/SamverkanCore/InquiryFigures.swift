/// Figures about inquiries through one way in for one group (a department, a topic, the whole
/// municipality): how many, per month, the median working days to a first answer and the share
/// answered within target. Below `minimum`, a figure is withheld, so that no single inquirer can
/// be told from it; a count of none is shown, since it tells of nobody.
public struct InquiryFigures: Equatable, Sendable {
    public struct Item: Equatable, Sendable {
        public var month: Int
        /// Working days to the first answer, when it has one.
        public var workingDays: Int?
        /// Answered, or past its due day unanswered.
        public var judged: Bool
        public var inTime: Bool

        public init(month: Int, workingDays: Int?, judged: Bool, inTime: Bool) {
            self.month = month
            self.workingDays = workingDays
            self.judged = judged
            self.inTime = inTime
        }
    }

    public let count: Int
    /// Twelve counts, January first.
    public let perMonth: [Int]
    public let answered: [Int]
    public let judged: Int
    public let inTime: Int
    public let minimum: Int

    public init(_ items: [Item], minimum: Int = 5) {
        count = items.count
        var months = Array(repeating: 0, count: 12)
        for item in items where (1...12).contains(item.month) { months[item.month - 1] += 1 }
        perMonth = months
        answered = items.compactMap(\.workingDays).sorted()
        judged = items.filter(\.judged).count
        inTime = items.filter { $0.judged && $0.inTime }.count
        self.minimum = max(1, minimum)
    }

    /// A count as it may be shown: nil when it is 1 to `minimum - 1`.
    public func shown(_ n: Int) -> Int? { n == 0 || n >= minimum ? n : nil }

    /// The median working days to a first answer; nil when fewer than `minimum` were answered.
    public var medianDays: Double? {
        guard answered.count >= minimum else { return nil }
        let mid = answered.count / 2
        return answered.count % 2 == 1 ? Double(answered[mid]) : Double(answered[mid - 1] + answered[mid]) / 2
    }

    /// The whole-number percentage answered within target; nil when fewer than `minimum` were judged.
    public var inTimePercent: Int? {
        guard judged >= minimum else { return nil }
        return (inTime * 100 + judged / 2) / judged
    }
}
