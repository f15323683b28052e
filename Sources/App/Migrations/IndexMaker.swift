import Fluent
import SQLKit
import Vapor

/// Plain indexes, through SQLKit (Fluent's schema builder has none).
enum IndexMaker {
    static func create(_ name: String, on table: String, columns: [String], _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        var builder = sql.create(index: SQLIdentifier(name)).on(table)
        for column in columns { builder = builder.column(SQLIdentifier(column)) }
        try await builder.run()
    }

    static func drop(_ name: String, _ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: SQLIdentifier(name)).run()
    }
}
