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

/// A logged-in session. Only the SHA-256 of the session id is stored; `expires_at` is the earlier
/// of the idle limit (moved on by use) and the absolute limit from login, so a job can purge.
final class SessionRow: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "key_hash") var keyHash: String
    /// The session's data as JSON.
    @Field(key: "data") var data: String
    /// Unix seconds.
    @Field(key: "created_at") var createdAt: Int
    @Field(key: "expires_at") var expiresAt: Int

    init() {}
}

/// One anonymous form submission, counted per client address and form for the rate limit.
final class RateLimitHit: Model, @unchecked Sendable {
    static let schema = "rate_limit_hits"

    @ID(key: .id) var id: UUID?
    @Field(key: "bucket") var bucket: String
    @Field(key: "client") var client: String
    /// Unix seconds.
    @Field(key: "at") var at: Int

    init() {}

    init(bucket: String, client: String, at: Int) {
        self.bucket = bucket
        self.client = client
        self.at = at
    }
}
