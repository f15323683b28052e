import Fluent
import Foundation
import SQLKit

struct AddEmailVerifiedToUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("email_verified_at", .datetime).update()
        // Accounts made before this existed were made by an administrator: count them as verified.
        try await User.query(on: database).set(\.$emailVerifiedAt, to: Date()).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("email_verified_at").update()
    }
}
