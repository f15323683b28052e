import Fluent
import Foundation
import SQLKit
import Vapor

/// Erasing a person, by the rules of `PersonalData`: rows whose personal columns all say
/// "delete" go (registrations, subscriptions, tokens, mail); in the others the person's columns
/// are cleared or replaced ("Raderad person") and the row stays; columns the records law keeps
/// (a signature, a decision's text) stay as they are, and the outcome says where.
enum PersonalDataErasure {
    struct Outcome: Sendable, Equatable {
        var deleted: [String: Int] = [:]
        var anonymised: [String: Int] = [:]
        /// Tables where something of the person is kept, with the number of rows.
        var kept: [String: Int] = [:]
    }

    static func erase(_ user: User, on db: any Database, now: Date, hasher: PasswordHasher) async throws -> Outcome {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let id = try user.requireID()
        let email = user.email
        var outcome = Outcome()
        func condition(_ table: PersonalData.Table) -> SQLGroupExpression {
            let parts: [any SQLExpression] = table.subjects.map { subject in
                switch subject {
                case .user(let c): SQLBinaryExpression(left: SQLIdentifier(c), op: SQLBinaryOperator.equal, right: SQLBind(id))
                case .email(let c): SQLBinaryExpression(left: SQLIdentifier(c), op: SQLBinaryOperator.equal, right: SQLBind(email))
                }
            }
            return SQLGroupExpression(SQLList(parts, separator: SQLRaw(" OR ")))
        }
        for table in PersonalData.tables where !table.subjects.isEmpty && table.name != User.schema {
            struct Count: Decodable { let n: Int }
            let n = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table.name)
                .where(condition(table)).first(decoding: Count.self)?.n ?? 0
            guard n > 0 else { continue }
            if table.personal.allSatisfy({ $0.erasure == .delete }) {
                try await sql.delete(from: table.name).where(condition(table)).run()
                outcome.deleted[table.name] = n
                continue
            }
            let update = sql.update(table.name)
            var changes = 0
            for column in table.personal where column.erasure != .keep {
                if let placeholder = column.placeholder {
                    update.set(SQLIdentifier(column.column), to: SQLBind(placeholder))
                } else {
                    update.set(SQLIdentifier(column.column), to: SQLLiteral.null)
                }
                changes += 1
            }
            if changes > 0 {
                try await update.where(condition(table)).run()
                outcome.anonymised[table.name] = n
            }
            if table.personal.contains(where: { $0.erasure == .keep }) { outcome.kept[table.name] = n }
        }
        // The account itself stays as a row (histories point at it), with nothing of the person:
        // no name, an address that cannot receive mail, a password nobody knows; it cannot log in.
        user.name = PersonalData.erasedName
        user.email = "raderad-\(id.uuidString.lowercased())@raderad.invalid"
        user.passwordHash = try await hasher.hash(SigningKey.randomToken())
        user.department = nil
        user.deactivatedAt = now
        try await user.save(on: db)
        outcome.anonymised[User.schema] = 1
        try await DatabaseSessions.end(sessionsOf: id, on: db)
        return outcome
    }
}
