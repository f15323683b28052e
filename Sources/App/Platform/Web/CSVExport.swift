import Foundation
import Vapor

/// The two ways a list is downloaded. `excel` opens in columns in Swedish Excel: semicolons,
/// decimal commas, Swedish headings and values. `plain` is RFC 4180 for programs: commas, decimal
/// points, stable column codes and values. Both are UTF-8 with a byte-order mark (Excel reads
/// å, ä and ö only with it) and CRLF line ends. `?format=excel` asks for the first; the address
/// alone gives the second, as it always has.
enum CSVDialect: String, Sendable, CaseIterable {
    case excel, plain

    init(_ req: Request) {
        self = (try? req.query.get(String.self, at: "format")) == "excel" ? .excel : .plain
    }

    var separator: Character { self == .excel ? ";" : "," }

    /// The address of `path` in this dialect.
    func url(_ path: String) -> String { self == .excel ? path + "?format=excel" : path }
}

/// One value of a row, written the dialect's way.
enum CSVCell: Sendable {
    case text(String)
    case integer(Int?)
    case decimal(Double?, places: Int)
    /// A yes/no: `Ja`/`Nej` (or the reader's language) for Excel, `1`/`0` for programs.
    case flag(Bool)
    /// A coded value: the code for programs, its label for people.
    case coded(code: String, label: String)
}

/// A CSV text built row by row.
struct CSVDocument: Sendable {
    let dialect: CSVDialect
    let t: Translator
    private(set) var text = ""

    /// `columns`: each column's code (for programs) and heading (for people).
    init(_ dialect: CSVDialect, columns: [(code: String, heading: String)], t: Translator) {
        self.dialect = dialect
        self.t = t
        text = line(columns.map { dialect == .excel ? $0.heading : $0.code })
    }

    mutating func row(_ cells: [CSVCell]) {
        text += line(cells.map(format))
    }

    private func format(_ cell: CSVCell) -> String {
        switch cell {
        case .text(let value): return value
        case .integer(let value): return value.map(String.init) ?? ""
        case .decimal(let value, let places):
            guard let value else { return "" }
            let written = String(format: "%.\(places)f", value)
            return dialect == .excel ? written.replacingOccurrences(of: ".", with: ",") : written
        case .flag(let value):
            return dialect == .excel ? t(value ? "csv.yes" : "csv.no") : (value ? "1" : "0")
        case .coded(let code, let label): return dialect == .excel ? label : code
        }
    }

    private func line(_ values: [String]) -> String {
        values.map(field).joined(separator: String(dialect.separator)) + "\r\n"
    }

    /// Quoted when it holds the separator, a quote or a line break; never read as a formula.
    func field(_ raw: String) -> String {
        let value = CSVDocument.neutralised(raw)
        return value.contains(where: { $0 == dialect.separator || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or CR first) gets a
    /// leading `'`, so a comment such as `=HYPERLINK(…)` is shown as text. Plain numbers (with a
    /// decimal point or comma), the only cells we write that may start with a minus, stay numbers.
    static func neutralised(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        if value.range(of: #"^-[0-9]+([.,][0-9]+)?$"#, options: .regularExpression) != nil { return value }
        return "'" + value
    }

    /// The download: the text with its byte-order mark, as an attachment named `filename`.
    func response(filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let name = dialect == .excel ? filename.replacingOccurrences(of: ".csv", with: "-excel.csv") : filename
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }
}
