import Foundation
/// A Swedish organisationsnummer, NNNNNN-NNNN, whose last digit is a Luhn check digit.
public struct OrganisationNumber: Hashable, Sendable, CustomStringConvertible {
    public let digits: String

    public enum Problem: Error, Equatable, Sendable {
        /// Not ten digits in the form NNNNNN-NNNN.
        case format
        /// The last digit does not match the Luhn check.
        case checkDigit(expected: Int)
    }

    /// Accepts `NNNNNN-NNNN` and, forgivingly, ten digits without the hyphen.
    public static func parse(_ text: String) -> Result<OrganisationNumber, Problem> {
        let trimmed = text.filter { !$0.isWhitespace }
        let raw: String
        if trimmed.count == 11, trimmed[trimmed.index(trimmed.startIndex, offsetBy: 6)] == "-" {
            raw = trimmed.filter { $0 != "-" }
        } else {
            raw = trimmed
        }
        guard raw.count == 10, raw.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.format) }
        let numbers = raw.compactMap { $0.wholeNumberValue }
        let expected = luhnCheckDigit(Array(numbers.prefix(9)))
        guard numbers[9] == expected else { return .failure(.checkDigit(expected: expected)) }
        return .success(OrganisationNumber(digits: raw))
    }

    /// Completes nine digits with their check digit (for generated test and demo data).
    public static func completing(_ nine: String) -> OrganisationNumber? {
        let digits = nine.compactMap(\.wholeNumberValue)
        guard digits.count == 9, nine.count == 9 else { return nil }
        return OrganisationNumber(digits: nine + String(luhnCheckDigit(digits)))
    }

    /// The Luhn digit for nine digits: double every other one from the left, starting with the first.
    static func luhnCheckDigit(_ nine: [Int]) -> Int {
        var sum = 0
        for (index, digit) in nine.enumerated() {
            let value = index % 2 == 0 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return (10 - sum % 10) % 10
    }

    public var description: String {
        "\(digits.prefix(6))-\(digits.suffix(4))"
    }
}

