import SamverkanCore
import Vapor

/// Bcrypt on its own small thread pool, so that logins never stall the event loops or the
/// shared blocking pool that SQLite uses. The password is first digested with SHA-256, so
/// passphrases longer than bcrypt's 72-byte input limit keep all their strength.
struct PasswordHasher: Sendable {
    let pool: NIOThreadPool
    let cost: Int

    func hash(_ password: String) async throws -> String {
        let input = Self.digest(password)
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        let input = Self.digest(password)
        return try await pool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }

    /// A hash to verify against when the account does not exist, so timing does not tell.
    func dummyHash() async throws -> String { try await hash("no such account, constant work") }

    private static func digest(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }
}

extension Application {
    private struct HasherKey: StorageKey { typealias Value = PasswordHasher }

    var passwordHasher: PasswordHasher {
        get {
            guard let hasher = storage[HasherKey.self] else { fatalError("Password hasher not configured") }
            return hasher
        }
        set { storage[HasherKey.self] = newValue }
    }
}

/// Shuts the hashing pool down with the application.
struct PasswordHasherLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        try? await application.passwordHasher.pool.shutdownGracefully()
    }
}
