import Fluent
import SQLKit

/// The directory of one way in: topics, each with its department and contact persons.
struct CreateContactDirectory: AsyncMigration {
    static let tables = ["contact_topics", "topic_contacts"]

    func prepare(on database: any Database) async throws {
        try await database.schema(Topic.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("department_id", .uuid, .references(Department.schema, "id"))
            .field("name", .string, .required)
            .field("description", .string)
            .field("target_days", .int, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema(TopicContact.schema)
            .id()
            .field("topic_id", .uuid, .required, .references(Topic.schema, "id"))
            .field("name", .string, .required)
            .field("title", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("is_public", .bool, .required)
            .field("position", .int, .required)
            .create()
        try await IndexMaker.create("contact_topics_municipality", on: Topic.schema, columns: ["municipality_id", "position"], database)
        try await IndexMaker.create("topic_contacts_topic", on: TopicContact.schema, columns: ["topic_id", "position"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(TopicContact.schema).delete()
        try await database.schema(Topic.schema).delete()
    }
}
