import Fluent
import SQLKit

struct CreateCouncils: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Council.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string)
            .unique(on: "municipality_id")
            .create()
        try await database.schema(CouncilMember.schema)
            .id()
            .field("council_id", .uuid, .required, .references(Council.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("email", .string)
            .field("party", .string, .required)
            .field("affiliation", .string, .required)
            .field("role", .string, .required)
            .field("term_start", .string, .required)
            .field("term_end", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CouncilMember.schema).delete()
        try await database.schema(Council.schema).delete()
    }
}

struct CreateMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MeetingKindDefinition.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .unique(on: "municipality_id", "name")
            .create()
        try await database.schema(Meeting.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string)
            .field("agenda", .string)
            .field("starts_at", .int64, .required)
            .field("ends_at", .int64, .required)
            .field("place", .string)
            .field("online_url", .string)
            .field("capacity", .int)
            .field("registration_deadline", .int64)
            .field("audience", .string, .required)
            .field("status", .string, .required)
            .field("status_note", .string)
            .field("moved_from", .int64)
            .field("sequence", .int, .required)
            .field("minutes", .string)
            .field("decisions", .string)
            .field("minutes_published_at", .int64)
            .field("minutes_file_name", .string)
            .field("minutes_file_stored", .string)
            .field("minutes_file_sha256", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(MeetingRegistration.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .references(Organisation.schema, "id", onDelete: .setNull))
            .field("registered_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("status", .string, .required)
            .field("token", .string, .required)
            .field("attended", .bool)
            .field("reminded_at", .int64)
            .field("registered_at", .datetime, .required)
            .field("cancelled_at", .datetime)
            .unique(on: "meeting_id", "email")
            .unique(on: "token")
            .create()
        try await database.schema(MeetingInvitation.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(Meeting.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("sent_at", .datetime)
            .unique(on: "meeting_id", "email")
            .create()
        try await database.schema(MailOptOut.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("token", .string, .required)
            .field("opted_out_at", .datetime)
            .unique(on: "municipality_id", "email")
            .unique(on: "token")
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "meetings_municipality_start").on(Meeting.schema)
                .column("municipality_id").column("starts_at").run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [MailOptOut.schema, MeetingInvitation.schema, MeetingRegistration.schema, Meeting.schema,
                       MeetingKindDefinition.schema] {
            try await database.schema(schema).delete()
        }
    }
}

struct CreateObligationRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ObligationRecord.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("date", .string, .required)
            .field("title", .string, .required)
            .field("recorded_by", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.schema(ObligationWarning.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id", onDelete: .cascade))
            .field("key", .string, .required)
            .field("sent_at", .datetime)
            .unique(on: "municipality_id", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ObligationWarning.schema).delete()
        try await database.schema(ObligationRecord.schema).delete()
    }
}
