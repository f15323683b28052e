import Fluent
import Foundation
import SamverkanCore
import SQLKit
import Vapor

/// Everything the platform holds about one person, found through `PersonalData`: each table's
/// rows whose subject column is their account or their address, every column but the secrets.
struct PersonalDataExport: Sendable {
    /// One value as it goes into JSON and CSV.
    enum Value: Encodable, Sendable, Equatable {
        case null, text(String), integer(Int), decimal(Double), flag(Bool)

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .null: try c.encodeNil()
            case .text(let s): try c.encode(s)
            case .integer(let i): try c.encode(i)
            case .decimal(let d): try c.encode(d)
            case .flag(let b): try c.encode(b)
            }
        }

        var csv: String {
            switch self {
            case .null: ""
            case .text(let s): s
            case .integer(let i): String(i)
            case .decimal(let d): String(d)
            case .flag(let b): b ? "1" : "0"
            }
        }
    }

    struct Rows: Sendable {
        let table: String
        let columns: [String]
        let rows: [[String: Value]]
    }

    let tables: [Rows]

    static func collect(for user: User, on db: any Database) async throws -> PersonalDataExport {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let id = try user.requireID()
        var found: [Rows] = []
        for table in PersonalData.tables where !table.subjects.isEmpty {
            let secrets = Set(table.personal.filter(\.secret).map(\.column))
            let columns = (table.other + table.personal.map(\.column)).filter { !secrets.contains($0) }.sorted()
            let query = sql.select().columns(columns.map { SQLIdentifier($0) }).from(table.name)
            query.where { group in
                for subject in table.subjects {
                    switch subject {
                    case .user(let column): group.orWhere(SQLIdentifier(column), .equal, SQLBind(id))
                    case .email(let column): group.orWhere(SQLIdentifier(column), .equal, SQLBind(user.email))
                    }
                }
                return group
            }
            let rows = try await query.all()
            guard !rows.isEmpty else { continue }
            found.append(Rows(table: table.name, columns: columns,
                              rows: rows.map { row in Dictionary(uniqueKeysWithValues: columns.map { ($0, value(row, $0)) }) }))
        }
        return PersonalDataExport(tables: found)
    }

    /// A column's value whatever its type on SQLite or PostgreSQL: ids as text, times as ISO 8601.
    static func value(_ row: any SQLRow, _ column: String) -> Value {
        if (try? row.decodeNil(column: column)) ?? true { return .null }
        if let v = try? row.decode(column: column, as: UUID.self) { return .text(v.uuidString.lowercased()) }
        if let v = try? row.decode(column: column, as: Int.self) { return .integer(v) }
        if let v = try? row.decode(column: column, as: Double.self) { return .decimal(v) }
        if let v = try? row.decode(column: column, as: String.self) { return .text(v) }
        if let v = try? row.decode(column: column, as: Date.self) { return .text(ISO8601DateFormatter().string(from: v)) }
        if let v = try? row.decode(column: column, as: Bool.self) { return .flag(v) }
        return .null
    }

    /// The archive: a README in the person's language, all of it in one JSON file, and one
    /// CSV per table (semicolons, for Excel).
    func zip(readme: String, t: Translator, now: Date) throws -> [UInt8] {
        var zip = ZipWriter(date: now)
        zip.add(t("privacy.export.readmeName"), text: readme)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var all: [String: [[String: Value]]] = [:]
        for table in tables { all[table.table] = table.rows }
        zip.add("uppgifter.json", try encoder.encode(all).map { $0 })
        for table in tables {
            var doc = CSVDocument(.excel, columns: table.columns.map { ($0, $0) }, t: t)
            for row in table.rows { doc.row(table.columns.map { .text(row[$0]?.csv ?? "") }) }
            zip.add("\(table.table).csv", Array(("\u{FEFF}" + doc.text).utf8))
        }
        return zip.bytes()
    }
}
