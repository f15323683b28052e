import Fluent
import Vapor

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
