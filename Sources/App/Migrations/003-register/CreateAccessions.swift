import Fluent
import Foundation
import SQLKit

struct CreateAccessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StoredFile.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("original_name", .string, .required)
            .field("stored_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema(SigningEvent.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("date", .string, .required)
            .field("signatory_name", .string, .required)
            .field("signatory_role", .string, .required)
            .field("created_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema(Accession.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("protocol_file_id", .uuid, .references(StoredFile.schema, "id", onDelete: .setNull))
            .field("signing_event_id", .uuid, .references(SigningEvent.schema, "id", onDelete: .setNull))
            .field("method", .string, .required)
            .field("status", .string, .required)
            .field("decision_date", .string)
            .field("application_text", .string)
            .field("organisation_signatory_name", .string)
            .field("organisation_signatory_role", .string)
            .field("organisation_signed_on", .string)
            .field("municipality_signatory_name", .string)
            .field("municipality_signatory_role", .string)
            .field("municipality_signed_on", .string)
            .field("signed_on", .string)
            .field("withdrawn_on", .string)
            .field("withdrawal_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(AccessionEvent.schema)
            .id()
            .field("accession_id", .uuid, .required, .references(Accession.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("message", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(VersionConfirmation.schema)
            .id()
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
            .field("agreement_id", .uuid, .required, .references(Agreement.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .unique(on: "organisation_id", "agreement_id")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "accessions_municipality_status")
                .on(Accession.schema).column("municipality_id").column("status").column("organisation_id").run()
            // The catalogue asks, per organisation shown, whether it has signed.
            try await sql.create(index: "accessions_organisation_status")
                .on(Accession.schema).column("organisation_id").column("status").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [VersionConfirmation.schema, AccessionEvent.schema, Accession.schema,
                       SigningEvent.schema, StoredFile.schema] {
            try await database.schema(schema).delete()
        }
    }
}
