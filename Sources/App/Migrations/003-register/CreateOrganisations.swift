import Fluent
import Foundation
import SQLKit

struct CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ActivityArea.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .unique(on: "municipality_id", "name")
            .create()
        try await database.schema(Organisation.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("merged_into_id", .uuid, .references(Organisation.schema, "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("org_number", .string)
            .field("legal_form", .string, .required)
            .field("description", .string)
            .field("website", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("district", .string)
            .field("languages", .string)
            .field("member_count", .int)
            .field("status", .string, .required)
            .field("search_text", .string, .required)
            .field("confirmed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "org_number")
            .create()
        try await database.schema(OrganisationActivityArea.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("area_id", .uuid, .required, .references(ActivityArea.schema, "id", onDelete: .cascade))
            .unique(on: "organisation_id", "area_id")
            .create()
        try await database.schema(ContactPerson.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string)
            .field("email", .string)
            .field("phone", .string)
            .create()
        try await database.schema(OrganisationRepresentative.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "user_id")
            .create()
        try await database.schema(EmailToken.schema)
            .id()
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("email", .string)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
        // The catalogue filters and sorts on these; 10 000 organisations must stay fast.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "organisations_municipality_status_name")
                .on(Organisation.schema).column("municipality_id").column("status").column("name").run()
            try await sql.create(index: "organisation_areas_area")
                .on(OrganisationActivityArea.schema).column("area_id").column("organisation_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [EmailToken.schema, OrganisationRepresentative.schema, ContactPerson.schema,
                       OrganisationActivityArea.schema, Organisation.schema, ActivityArea.schema] {
            try await database.schema(schema).delete()
        }
    }
}
