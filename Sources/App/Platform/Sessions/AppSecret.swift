import Fluent
import Vapor

/// A secret the server keeps in the database, so that every instance signs with the same key.
final class AppSecret: Model, @unchecked Sendable {
    static let schema = "app_secrets"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// Base64 of random bytes.
    @Field(key: "value") var value: String

    init() {}
}
