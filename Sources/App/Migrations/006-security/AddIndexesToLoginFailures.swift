import Fluent
import SQLKit
import Vapor

/// Login failures are reserved before the password is checked and counted per client and account.
struct AddIndexesToLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await IndexMaker.create("login_failures_address", on: LoginFailure.schema, columns: ["address", "at"], database)
        try await IndexMaker.create("login_failures_email", on: LoginFailure.schema, columns: ["email", "at"], database)
    }

    func revert(on database: any Database) async throws {
        try await IndexMaker.drop("login_failures_address", database)
        try await IndexMaker.drop("login_failures_email", database)
    }
}
