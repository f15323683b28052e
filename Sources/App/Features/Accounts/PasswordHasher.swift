import NIOConcurrencyHelpers
import SamverkanCore
import Vapor

/// Bcrypt on its own small thread pool, so that logins never stall the event loops or the
/// shared blocking pool that SQLite uses. The password is first digested with SHA-256, so
/// passphrases longer than bcrypt's 72-byte input limit keep all their strength.
struct PasswordHasher: Sendable {
    let pool: NIOThreadPool
    let cost: Int
    private let dummy = NIOLockedValueBox<String?>(nil)
    /// How many verifications have run: the work a login does, which tests compare.
    let verifications = NIOLockedValueBox(0)

    init(pool: NIOThreadPool, cost: Int) {
        self.pool = pool
        self.cost = cost
    }

    func hash(_ password: String) async throws -> String {
        let input = Self.digest(password)
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(input, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        let input = Self.digest(password)
        verifications.withLockedValue { $0 += 1 }
        return try await pool.runIfActive { try Bcrypt.verify(input, created: hash) }
    }

    /// A hash to verify against when the account does not exist, so that a login for an unknown
    /// address costs one verification, like any other, and timing does not tell. Made once.
    func dummyHash() async throws -> String {
        if let cached = dummy.withLockedValue({ $0 }) { return cached }
        let made = try await hash("no such account, constant work")
        dummy.withLockedValue { $0 = $0 ?? made }
        return made
    }

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
