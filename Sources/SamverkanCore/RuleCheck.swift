import Foundation

/// One field value that cannot be used: what kind of problem, and its message as a catalogue key
/// with arguments. `message` is the Swedish text the agreement file import reports; the app's
/// Swedish catalogue has the same words under the same key, so a form says what the import says.
public struct FieldProblem: Error, Equatable, Sendable {
    public let kind: AgreementFileProblem.Kind
    public let key: String
    public let arguments: [String]

    public init(_ kind: AgreementFileProblem.Kind, _ key: String, _ arguments: [String] = []) {
        self.kind = kind
        self.key = key
        self.arguments = arguments
    }

    /// The message in Swedish, with its arguments in place.
    public var message: String {
        var text = FieldProblem.swedish[key] ?? key
        for (index, argument) in arguments.enumerated() { text = text.replacingOccurrences(of: "{\(index)}", with: argument) }
        return text
    }

    /// The Swedish words of each key (the catalogue's `sv` entries must match them; a test checks).
    public static let swedish: [String: String] = [
        "ruleCheck.empty": "Fältet är tomt.",
        "ruleCheck.notWholeNumber": "\"{0}\" är inte ett heltal.",
        "ruleCheck.negative": "Talet får inte vara negativt ({0}).",
        "ruleCheck.atLeast": "Talet måste vara minst {0}.",
        "ruleCheck.percent": "Ska vara en andel i procent, högst 100.",
        "ruleCheck.date": "\"{0}\" är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.",
        "ruleCheck.ruleType": "\"{0}\" är ingen giltig regeltyp. Välj en av: {1}.",
        "ruleCheck.meetingKind": "\"{0}\" är ingen giltig mötestyp. Välj en av: {1}.",
    ]

    /// A whole number of at least `minimum`.
    public static func wholeNumber(_ text: String, minimum: Int) -> Result<Int, FieldProblem> {
        guard let value = Int(text) else { return .failure(.init(.wrongType, "ruleCheck.notWholeNumber", [text])) }
        guard value >= minimum else {
            return .failure(value < 0 ? .init(.negativeNumber, "ruleCheck.negative", [String(value)])
                                      : .init(.negativeNumber, "ruleCheck.atLeast", [String(minimum)]))
        }
        return .success(value)
    }

    /// A date that exists, written YYYY-MM-DD.
    public static func date(_ text: String) -> Result<CalendarDate, FieldProblem> {
        CalendarDate(text).map { .success($0) } ?? .failure(.init(.invalidDate, "ruleCheck.date", [text]))
    }

    /// One of a closed list of values (`key` names the list's message).
    public static func choice<T: RawRepresentable & CaseIterable>(_ text: String, key: String, kind: AgreementFileProblem.Kind)
        -> Result<T, FieldProblem> where T.RawValue == String {
        T(rawValue: text).map { .success($0) }
            ?? .failure(.init(kind, key, [text, T.allCases.map(\.rawValue).joined(separator: ", ")]))
    }
}

/// The checks of one rule's fields, shared by the agreement file reader and the rule form in the
/// browser, so both refuse the same values with the same messages.
public enum RuleCheck {
    /// The fields each type of rule has, besides `type` and `note` (the file format's names).
    public static func fields(of type: AgreementDocument.RuleType) -> [String] {
        switch type {
        case .meetingsPerYear: ["meetingKind", "minimum"]
        case .followUp, .planReview: ["everyMonths"]
        case .revisionDue: ["date"]
        case .responseTime: ["minimumPercent"]
        }
    }

    public struct Outcome: Equatable, Sendable {
        public var rule: AgreementDocument.Rule?
        /// Each field that cannot be used, with why (at most one per field).
        public var problems: [(field: String, problem: FieldProblem)]

        public static func == (a: Outcome, b: Outcome) -> Bool {
            a.rule == b.rule && a.problems.map(\.field) == b.problems.map(\.field) && a.problems.map(\.problem) == b.problems.map(\.problem)
        }
    }

    /// A rule of `type` from its fields' texts; a field that is missing or blank is a problem.
    public static func read(_ type: AgreementDocument.RuleType, _ values: [String: String], note: String?) -> Outcome {
        var problems: [(field: String, problem: FieldProblem)] = []
        func text(_ field: String) -> String? {
            guard let value = values[field], !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problems.append((field, FieldProblem(.missingField, "ruleCheck.empty")))
                return nil
            }
            return value
        }
        func take<T>(_ field: String, _ result: Result<T, FieldProblem>) -> T? {
            switch result {
            case .success(let value): return value
            case .failure(let problem): problems.append((field, problem)); return nil
            }
        }
        func count(_ field: String) -> Int? {
            text(field).flatMap { take(field, FieldProblem.wholeNumber($0, minimum: 1)) }
        }
        var rule: AgreementDocument.Rule?
        switch type {
        case .meetingsPerYear:
            let kind: MeetingKind? = text("meetingKind").flatMap {
                take("meetingKind", FieldProblem.choice($0, key: "ruleCheck.meetingKind", kind: .invalidMeetingKind))
            }
            let minimum = count("minimum")
            if let kind, let minimum { rule = .meetingsPerYear(kind: kind, minimum: minimum, note: note) }
        case .followUp:
            rule = count("everyMonths").map { .followUp(everyMonths: $0, note: note) }
        case .planReview:
            rule = count("everyMonths").map { .planReview(everyMonths: $0, note: note) }
        case .revisionDue:
            rule = text("date").flatMap { take("date", FieldProblem.date($0)) }.map { .revisionDue(date: $0, note: note) }
        case .responseTime:
            if let percent = count("minimumPercent") {
                if percent > 100 {
                    problems.append(("minimumPercent", FieldProblem(.outOfRange, "ruleCheck.percent")))
                } else {
                    rule = .responseTime(minimumPercent: percent, note: note)
                }
            }
        }
        return Outcome(rule: problems.isEmpty ? rule : nil, problems: problems)
    }

    /// The texts of a rule's fields, as the form and the file write them.
    public static func values(of rule: AgreementDocument.Rule) -> [String: String] {
        switch rule {
        case .meetingsPerYear(let kind, let minimum, _): ["meetingKind": kind.rawValue, "minimum": String(minimum)]
        case .followUp(let months, _), .planReview(let months, _): ["everyMonths": String(months)]
        case .revisionDue(let date, _): ["date": date.description]
        case .responseTime(let percent, _): ["minimumPercent": String(percent)]
        }
    }
}
