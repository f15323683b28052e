import Crypto
import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Tokens in links that are mailed (cancel a registration, unsubscribe, answer a questionnaire):
/// the clear token goes in the mail, only its SHA-256 is stored.
enum LinkToken {
    static func issue() -> (token: String, hash: String) {
        let token = SigningKey.randomToken()
        return (token, SigningKey.hash(token))
    }

    /// The stored form of a token from a link; nil for anything that cannot be one.
    static func lookupHash(_ token: String?) -> String? {
        guard let token, (16...64).contains(token.count) else { return nil }
        return SigningKey.hash(token)
    }
}
