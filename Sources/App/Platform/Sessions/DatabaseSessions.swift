import Fluent
import Vapor

/// Sessions of logged-in people, in the `sessions` table: the id is 32 random bytes and only its
/// SHA-256 is stored. A session ends after `idle` seconds without a request and in any case
/// `absolute` seconds after login; expired rows are purged by `Housekeeping`.
struct DatabaseSessions: AsyncSessionDriver {
    let idleSeconds: Int
    let absoluteSeconds: Int
    let now: @Sendable () -> Date

    private struct Loaded: StorageKey { typealias Value = (json: String, createdAt: Int, expiresAt: Int) }

    func expiry(createdAt: Int, at time: Int) -> Int { min(createdAt + absoluteSeconds, time + idleSeconds) }

    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: SigningKey.randomToken())
        let time = Int(now().timeIntervalSince1970)
        let row = SessionRow()
        row.keyHash = SigningKey.hash(id.string)
        row.data = try Self.encode(data)
        row.createdAt = time
        row.expiresAt = expiry(createdAt: time, at: time)
        try await row.create(on: request.db)
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        guard sessionID.string.count <= 64 else { return nil }
        let time = Int(now().timeIntervalSince1970)
        guard let row = try await SessionRow.query(on: request.db).filter(\.$keyHash == SigningKey.hash(sessionID.string))
            .filter(\.$expiresAt > time).first() else { return nil }
        request.storage[Loaded.self] = (row.data, row.createdAt, row.expiresAt)
        return try JSONDecoder().decode(SessionData.self, from: Data(row.data.utf8))
    }

    /// Written back only when the data changed or the idle limit has moved on by a minute, so a
    /// logged-in page view costs no write most of the time.
    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        let time = Int(now().timeIntervalSince1970)
        let json = try Self.encode(data)
        guard let loaded = request.storage[Loaded.self] else { return sessionID }
        let expires = expiry(createdAt: loaded.createdAt, at: time)
        guard json != loaded.json || expires - loaded.expiresAt >= 60 else { return sessionID }
        try await SessionRow.query(on: request.db).filter(\.$keyHash == SigningKey.hash(sessionID.string))
            .set(\.$data, to: json).set(\.$expiresAt, to: expires).update()
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await SessionRow.query(on: request.db).filter(\.$keyHash == SigningKey.hash(sessionID.string)).delete()
    }

    /// Logs the person out everywhere (after a password reset or change), but for the session
    /// `keeping`, when given: the browser that made the change stays logged in.
    static func end(sessionsOf userID: UUID, keeping: SessionID? = nil, on db: any Database) async throws {
        let query = SessionRow.query(on: db).filter(\.$data, .custom("LIKE"), "%\"\(userID.uuidString)\"%")
        if let keeping { query.filter(\.$keyHash != SigningKey.hash(keeping.string)) }
        try await query.delete()
    }

    static func encode(_ data: SessionData) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(data), as: UTF8.self)
    }
}
