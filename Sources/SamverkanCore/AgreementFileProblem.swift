/// One thing wrong with an agreement file, located by line and field.
public struct AgreementFileProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case syntax
        case duplicateKey
        case missingField
        case unknownField
        case wrongType
        case invalidDate
        case invalidParty
        case invalidStatus
        case invalidIndicator
        case invalidMeetingKind
        case invalidRuleType
        case negativeNumber
        /// A number above what the field allows (a percentage over 100).
        case outOfRange
        case unknownPrinciple
        case duplicateIdentifier
        case invalidIdentifier
        case invalidFormat
        case emptyList
        case dateOrder
        /// A translation of a text the document does not have, or in a language code that is none.
        case invalidTranslation
    }

    public let kind: Kind
    /// 1-based line in the file, when the problem can be placed on one.
    public let line: Int?
    /// Where in the document, e.g. `commitments[3].party`.
    public let field: String
    /// What is wrong, in plain Swedish.
    public let message: String

    public init(_ kind: Kind, line: Int?, field: String, message: String) {
        self.kind = kind
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        let place = line.map { "rad \($0)" } ?? "filen"
        return field.isEmpty ? "\(place): \(message)" : "\(place), \(field): \(message)"
    }
}

/// Thrown when a file cannot be read as an agreement; carries every problem found.
public struct AgreementFileError: Error, Sendable, CustomStringConvertible {
    public let problems: [AgreementFileProblem]
    public init(problems: [AgreementFileProblem]) { self.problems = problems }
    public var description: String {
        (["Filen kunde inte läsas som en överenskommelse (\(problems.count) fel):"]
            + problems.map { "  - \($0.description)" }).joined(separator: "\n")
    }
}
