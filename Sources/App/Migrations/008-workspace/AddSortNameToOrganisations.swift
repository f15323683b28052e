import Fluent
import SamverkanCore
import SQLKit

/// `organisations.sort_name`, a column the database computes from the name (`SwedishOrder.sql`),
/// so lists sort in Swedish order (å, ä, ö after z) on SQLite and PostgreSQL, whatever wrote the
/// row, with an index for the register's pages.
struct AddSortNameToOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let expression = SwedishOrder.sql("name")
        if sql.dialect.name == "sqlite" {
            try await sql.raw("ALTER TABLE organisations ADD COLUMN sort_name TEXT GENERATED ALWAYS AS (\(unsafeRaw: expression)) VIRTUAL").run()
        } else {
            // Compared byte by byte (collation "C"): a database collation such as en_US would skip
            // the punctuation that stands for å, ä and ö.
            try await sql.raw("ALTER TABLE organisations ADD COLUMN sort_name TEXT COLLATE \"C\" GENERATED ALWAYS AS (\(unsafeRaw: expression)) STORED").run()
        }
        try await sql.create(index: "organisations_sort_name").on(Organisation.schema).column("municipality_id").column("sort_name").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "organisations_sort_name").run()
        try await sql.raw("ALTER TABLE organisations DROP COLUMN sort_name").run()
    }
}
