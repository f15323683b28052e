import SamverkanCore
import Vapor

/// Reads a submitted form field by field and keeps one message per field that fails,
/// so the form can be shown again with the user's values and a message beside each field.
struct FormValidation {
    let input: FormInput
    let t: Translator
    private(set) var errors: [String: String] = [:]

    init(_ input: FormInput, _ t: Translator) {
        self.input = input
        self.t = t
    }

    var isValid: Bool { errors.isEmpty }

    mutating func fail(_ name: String, _ message: String) {
        if errors[name] == nil { errors[name] = message }
    }

    mutating func required(_ name: String, max: Int = 300) -> String? {
        guard let value = input[name] else {
            fail(name, t("validation.required"))
            return nil
        }
        return limited(name, value, max: max)
    }

    mutating func optional(_ name: String, max: Int = 300) -> String? {
        input[name].flatMap { limited(name, $0, max: max) }
    }

    mutating func date(_ name: String, required: Bool = false) -> CalendarDate? {
        guard let text = required ? self.required(name, max: 10) : input[name] else { return nil }
        guard let date = CalendarDate(text) else {
            fail(name, t("validation.date"))
            return nil
        }
        return date
    }

    mutating func integer(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = input[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            fail(name, t("validation.integer", String(range.lowerBound), String(range.upperBound)))
            return nil
        }
        return value
    }

    /// One mailbox and nothing else: control characters (a CR or LF would add a header to every
    /// message sent to it), spaces and `,;<>` are refused (`EmailAddress.isValid`).
    mutating func email(_ name: String) -> String? {
        guard let text = optional(name, max: 254) else { return nil }
        guard EmailAddress.isValid(text) else {
            fail(name, t("validation.email"))
            return nil
        }
        return text
    }

    mutating func choice<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        guard let value = input[name].flatMap(T.init(rawValue:)) else {
            fail(name, t("validation.choice"))
            return nil
        }
        return value
    }

    /// Nothing chosen is nil; something chosen must be one of the choices.
    mutating func optionalChoice<T: RawRepresentable>(_ name: String, as type: T.Type) -> T? where T.RawValue == String {
        guard input[name] != nil else { return nil }
        return choice(name, as: type)
    }

    /// `later` must not come before `earlier`.
    mutating func order(_ earlier: CalendarDate?, _ later: CalendarDate?, field: String) {
        if let earlier, let later, later < earlier { fail(field, t("validation.dateOrder")) }
    }

    private mutating func limited(_ name: String, _ value: String, max: Int) -> String? {
        guard value.count <= max else {
            fail(name, t("validation.tooLong", String(max)))
            return nil
        }
        return value
    }
}

/// Turns a name into a file-format key: lower-case ASCII, digits and hyphens.
enum KeyMaker {
    static func key(from name: String, taken: Set<String>, fallback: String) -> String {
        let folded = name.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
        var base = ""
        for ch in folded {
            if ch.isASCII && (ch.isLetter || ch.isNumber) { base.append(ch) } else if !base.hasSuffix("-") { base.append("-") }
        }
        base = String(base.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(40))
        if base.isEmpty { base = fallback }
        var candidate = base
        var n = 2
        while taken.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        return candidate
    }
}
