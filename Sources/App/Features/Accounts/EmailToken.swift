import Fluent
import Vapor

/// A single-use token sent by e-mail: verifying an address or accepting an invitation.
/// Only its SHA-256 is stored.
final class EmailToken: Model, @unchecked Sendable {
    static let schema = "email_tokens"

    enum Purpose: String, Codable, Sendable {
        case verifyEmail
        case invitation
        /// "Forgot your password?": valid an hour, used once.
        case passwordReset
        /// A new address for an account, confirmed from that address (`email` holds it).
        case changeEmail
        /// An officer or coordinator invited by the coordinator: the account waits for a password.
        case staffInvitation
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "user_id") var user: User?
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    static func hash(_ token: String) -> String { SigningKey.hash(token) }

    /// Makes a token, stores its hash, and returns the token to put in the link.
    static func issue(_ purpose: Purpose, userID: UUID?, organisationID: UUID?, email: String?,
                      validFor seconds: TimeInterval, on db: any Database, now: Date) async throws -> String {
        let token = [UInt8].random(count: 32).map { String(format: "%02x", $0) }.joined()
        let row = EmailToken()
        row.$user.id = userID
        row.$organisation.id = organisationID
        row.purpose = purpose
        row.tokenHash = hash(token)
        row.email = email
        row.expiresAt = now.addingTimeInterval(seconds)
        try await row.create(on: db)
        return token
    }

    /// Earlier unused tokens of this purpose for the user stop working (a new link replaces them).
    static func revoke(_ purpose: Purpose, userID: UUID, on db: any Database, now: Date) async throws {
        try await EmailToken.query(on: db).filter(\.$user.$id == userID).filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil).set(\.$usedAt, to: now).update()
    }

    /// The unused, unexpired token of this purpose, or nil.
    static func find(_ token: String, _ purpose: Purpose, on db: any Database, now: Date) async throws -> EmailToken? {
        try await EmailToken.query(on: db).filter(\.$tokenHash == hash(token)).filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > now).first()
    }
}
