import Fluent
import Vapor

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
