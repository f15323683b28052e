import Fluent
import SQLKit

/// Keeps on each organisation the date it became a signatory (nil if it is not one), so the
/// catalogue can filter 10 000 organisations without a lookup per row; and adds covering
/// indexes for the catalogue's district list and search.
struct AddSignatorySinceToOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Organisation.schema).field("signatory_since", .string).update()
        guard let sql = database as? any SQLDatabase else { return }
        try await SignatoryStatus.refreshAll(on: database)
        try await sql.create(index: "organisations_catalogue_district")
            .on(Organisation.schema).column("municipality_id").column("status").column("district").column("name").run()
        try await sql.create(index: "organisations_catalogue_search")
            .on(Organisation.schema).column("municipality_id").column("status").column("search_text").run()
        try await sql.create(index: "organisations_catalogue_signatory")
            .on(Organisation.schema).column("municipality_id").column("status").column("signatory_since").column("name").run()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in ["organisations_catalogue_district", "organisations_catalogue_search", "organisations_catalogue_signatory"] {
                try await sql.drop(index: index).run()
            }
        }
        try await database.schema(Organisation.schema).deleteField("signatory_since").update()
    }
}
