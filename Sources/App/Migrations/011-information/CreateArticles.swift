import Fluent
import SQLKit

/// News articles to the sector; public pages read them, so a change raises the content version.
struct CreateArticles: AsyncMigration {
    static let tables = ["articles"]

    func prepare(on database: any Database) async throws {
        try await database.schema(Article.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, "id"))
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("image_stored_name", .string, .required)
            .field("image_content_type", .string, .required)
            .field("image_sha256", .string, .required)
            .field("image_width", .int, .required)
            .field("image_height", .int, .required)
            .field("image_alt", .string, .required)
            .field("publish_on", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "municipality_id", "slug")
            .create()
        try await IndexMaker.create("articles_listing", on: Article.schema, columns: ["municipality_id", "status", "publish_on"], database)
        try await ContentVersion.installTriggers(for: Self.tables, on: database)
    }

    func revert(on database: any Database) async throws {
        try await ContentVersion.dropTriggers(for: Self.tables, on: database)
        try await database.schema(Article.schema).delete()
    }
}
