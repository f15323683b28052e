/// Swedish alphabetical order (å, ä and ö after z; case ignored), the same in Swift and in SQL:
/// `key` maps a name to text whose byte order is the Swedish order, and `sql(_:)` is the same
/// mapping as an SQL expression that SQLite and PostgreSQL both evaluate, for a generated column.
public enum SwedishOrder {
    /// Letters outside a–z and where they sort: å ä ö after z (as `{`, `|`, `}`, which follow `z`
    /// in byte order), æ with ä and ø with ö, é with e and ü with y.
    static let letters: [(from: [String], to: String)] = [
        (["Å", "å"], "{"), (["Ä", "ä", "Æ", "æ"], "|"), (["Ö", "ö", "Ø", "ø"], "}"),
        (["É", "é", "È", "è"], "e"), (["Ü", "ü"], "y"),
    ]

    public static func key(_ text: String) -> String {
        var out = ""
        for c in text {
            let s = String(c)
            if let mapped = letters.first(where: { $0.from.contains(s) }) {
                out += mapped.to
            } else {
                // ASCII only, as SQLite's lower() does.
                out += c.isASCII ? s.lowercased() : s
            }
        }
        return out
    }

    public static func areInOrder(_ a: String, _ b: String) -> Bool {
        let (ka, kb) = (key(a), key(b))
        return ka == kb ? a < b : Array(ka.utf8).lexicographicallyPrecedes(Array(kb.utf8))
    }

    /// The expression over `column` that gives `key` in SQL.
    public static func sql(_ column: String) -> String {
        var expression = "lower(\(column))"
        for (from, to) in letters {
            for letter in from { expression = "replace(\(expression), '\(letter)', '\(to)')" }
        }
        return expression
    }
}
