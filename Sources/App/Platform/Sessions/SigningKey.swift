import Crypto
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The key that signs the cookies of visitors who are not logged in (their CSRF token and a flash
/// message) and the device cookie of a browser that has logged in. Made at random on first use and
/// kept in the database, so every instance of the app signs and checks with the same key.
final class SigningKey: Sendable {
    private let cached = NIOLockedValueBox<SymmetricKey?>(nil)

    /// The key, once an earlier request has loaded it.
    var cachedKey: SymmetricKey? { cached.withLockedValue { $0 } }

    func key(on db: any Database) async throws -> SymmetricKey {
        if let key = cached.withLockedValue({ $0 }) { return key }
        let key = try await Self.load(on: db)
        cached.withLockedValue { $0 = key }
        return key
    }

    private static func load(on db: any Database) async throws -> SymmetricKey {
        if let row = try await AppSecret.query(on: db).filter(\.$name == "signing").first(),
           let data = Data(base64Encoded: row.value) {
            return SymmetricKey(data: data)
        }
        let secret = AppSecret()
        secret.name = "signing"
        secret.value = Data([UInt8].random(count: 32)).base64EncodedString()
        do {
            try await secret.create(on: db)
        } catch {
            // Another instance made it first: use theirs.
        }
        guard let row = try await AppSecret.query(on: db).filter(\.$name == "signing").first(),
              let data = Data(base64Encoded: row.value) else { throw Abort(.internalServerError) }
        return SymmetricKey(data: data)
    }

    /// `value.signature`, the signature an HMAC-SHA256 over the purpose and the value.
    static func sign(_ value: String, purpose: String, key: SymmetricKey) -> String {
        value + "." + mac(value, purpose: purpose, key: key)
    }

    /// The value of a signed text, or nil when it was not signed with this key for this purpose.
    static func verify(_ signed: String, purpose: String, key: SymmetricKey) -> String? {
        guard let dot = signed.lastIndex(of: ".") else { return nil }
        let value = String(signed[..<dot])
        let given = Array(signed[signed.index(after: dot)...].utf8)
        let expected = Array(mac(value, purpose: purpose, key: key).utf8)
        guard given.count == expected.count, zip(given, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return value
    }

    private static func mac(_ value: String, purpose: String, key: SymmetricKey) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data((purpose + ":" + value).utf8), using: key)
        return Data(code).base64URL
    }

    /// 32 random bytes as URL-safe base64: session ids, CSRF tokens, link tokens.
    static func randomToken() -> String { Data([UInt8].random(count: 32)).base64URL }

    /// The SHA-256 of a token, as it is stored.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

extension Application {
    private struct SigningKeyKey: StorageKey { typealias Value = SigningKey }
    var signingKey: SigningKey {
        if let existing = storage[SigningKeyKey.self] { return existing }
        let made = SigningKey()
        storage[SigningKeyKey.self] = made
        return made
    }
}
