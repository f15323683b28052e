import Fluent
import Vapor

/// The tenant: a municipality (or region) hosting its agreement.
final class Municipality: Model, @unchecked Sendable {
    static let schema = "municipalities"

    @ID(key: .id) var id: UUID?

    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}
