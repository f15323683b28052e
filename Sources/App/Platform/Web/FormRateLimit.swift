import Fluent
import Vapor

/// A limit on anonymous form submissions per client address and form, kept in the database so
/// that every instance counts the same. A submission is recorded first and counted after, so
/// parallel requests see each other and no burst gets past the limit.
enum FormRateLimit {
    static func check(_ request: Request, bucket: String) async throws {
        let now = request.clock.now
        let config = request.application.config
        let time = Int(now.timeIntervalSince1970)
        let window = config.formRateWindowMinutes * 60
        let client = request.clientAddress
        let hit = RateLimitHit(bucket: String(bucket.prefix(200)), client: client, at: time)
        try await hit.create(on: request.db)
        let recent = RateLimitHit.query(on: request.db).filter(\.$client == client).filter(\.$bucket == hit.bucket)
            .filter(\.$at > time - window)
        guard try await recent.count() > config.formRateLimit else { return }
        try await hit.delete(on: request.db)
        let oldest = try await recent.min(\.$at) ?? time
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .retryAfter, value: String(max(1, oldest + window - time)))
        throw Abort(.tooManyRequests, headers: headers, reason: request.t("error.rateLimited"))
    }

    /// Hits older than any window are of no further use.
    static func purge(on db: any Database, olderThan seconds: Int, now: Date) async throws {
        try await RateLimitHit.query(on: db).filter(\.$at < Int(now.timeIntervalSince1970) - seconds).delete()
    }
}
