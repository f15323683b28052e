/// Figures for one question and one group of respondents, from the counts SQL returns
/// (how many answered 1, 2, … 5, and how many said "don't know"). "Don't know" is counted but
/// kept out of the mean; below the minimum number of answers nothing is shown, so no single
/// answer can be told from the figures.
public struct RatingSummary: Equatable, Sendable {
    /// Answers per scale step, index 0 for 1 … index 4 for 5.
    public let counts: [Int]
    public let dontKnow: Int
    public let minimum: Int

    public init(counts: [Int], dontKnow: Int, minimum: Int) {
        precondition(counts.count == 5, "a 1–5 scale")
        self.counts = counts
        self.dontKnow = dontKnow
        self.minimum = max(1, minimum)
    }

    /// Everyone who answered the question, "don't know" included.
    public var answered: Int { counts.reduce(0, +) + dontKnow }
    /// Those who gave a rating.
    public var rated: Int { counts.reduce(0, +) }
    /// Too few answered to show anything.
    public var suppressed: Bool { answered < minimum }

    /// The mean of the ratings; nil when suppressed or when nobody gave a rating.
    public var mean: Double? {
        guard !suppressed, rated > 0 else { return nil }
        let sum = counts.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
        return Double(sum) / Double(rated)
    }

    /// Shares of the ratings per step (0…1), "don't know" left out; nil when suppressed.
    public var distribution: [Double]? {
        guard !suppressed else { return nil }
        guard rated > 0 else { return [0, 0, 0, 0, 0] }
        return counts.map { Double($0) / Double(rated) }
    }

    /// One decimal with a comma, as Swedish text writes it.
    public static func format(_ value: Double, decimals: Int = 1) -> String {
        let factor = decimals == 2 ? 100.0 : 10.0
        let rounded = (value * factor).rounded() / factor
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
        } else {
            text += "." + String(repeating: "0", count: decimals)
        }
        return text.replacingOccurrences(of: ".", with: ",")
    }
}

/// Counts for a choice question (single or multiple), suppressed like ratings.
public struct ChoiceSummary: Equatable, Sendable {
    public let options: [String]
    public let counts: [Int]
    /// Respondents who answered the question (a multiple choice may count one person several times).
    public let respondents: Int
    public let minimum: Int

    public init(options: [String], counts: [Int], respondents: Int, minimum: Int) {
        self.options = options
        self.counts = counts
        self.respondents = respondents
        self.minimum = max(1, minimum)
    }

    public var suppressed: Bool { respondents < minimum }
}
