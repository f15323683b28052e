import Fluent
import Vapor

/// One failed login, kept in the database so every app instance sees the same count.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    @ID(key: .id) var id: UUID?

    @Field(key: "address") var address: String
    @Field(key: "email") var email: String
    @Field(key: "at") var at: Date

    init() {}

    init(address: String, email: String, at: Date) {
        self.address = address
        self.email = email
        self.at = at
    }
}
