import Fluent
import SQLKit

extension Database {
    /// A transaction for work that reads and then writes, as nearly all of ours does.
    ///
    /// On SQLite a transaction begins as a reader. If another connection commits before its first
    /// write, that write fails at once with "database is locked", because its snapshot is stale
    /// and `busy_timeout` does not apply. Two requests that write at the same moment (a newsletter
    /// sent while the mail worker marks messages sent) then make one of them fail. Here the first
    /// statement is a write that changes nothing. It takes the write lock while no snapshot is
    /// held yet, so the transaction waits its turn (`busy_timeout`) instead of failing.
    /// PostgreSQL needs nothing of this.
    func writeTransaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE _fluent_migrations SET batch = batch WHERE 0").run()
            }
            return try await work(tx)
        }
    }
}
