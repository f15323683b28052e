import Foundation

/// A value the open-data API writes: JSON with its keys in the order the resource declares them
/// (so the same data gives the same bytes, and the same ETag), and the same value as a CSV cell.
indirect enum APIValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([APIValue])
    case object([(String, APIValue)])

    static func == (a: APIValue, b: APIValue) -> Bool { a.json == b.json }

    static func text(_ s: String?) -> APIValue { s.map(APIValue.string) ?? .null }
    static func integer(_ n: Int?) -> APIValue { n.map(APIValue.int) ?? .null }

    var json: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .string(let s): Self.quote(s, into: &out)
        case .int(let n): out += String(n)
        case .number(let d): out += d.isFinite ? Self.decimal(d) : "null"
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out += "," }
                Self.quote(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    /// The value in a CSV cell: text as it is, numbers with a decimal point, `true`/`false`, a list
    /// joined with `; `, nothing for null.
    var csv: String {
        switch self {
        case .string(let s): s
        case .int(let n): String(n)
        case .number(let d): Self.decimal(d)
        case .bool(let b): b ? "true" : "false"
        case .null: ""
        case .array(let items): items.map(\.csv).joined(separator: "; ")
        case .object: json
        }
    }

    subscript(key: String) -> APIValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    static func decimal(_ d: Double) -> String {
        d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(format: "%.2f", d)
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
