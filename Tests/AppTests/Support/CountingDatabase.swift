import Fluent
import NIOConcurrencyHelpers

/// Wraps a database and counts the queries run through it, so a test can show that a page
/// runs the same number of queries whatever the number of rows.
final class CountingDatabase: Database, @unchecked Sendable {
    let base: any Database
    private let counter: NIOLockedValueBox<Int>

    init(_ base: any Database, counter: NIOLockedValueBox<Int> = .init(0)) {
        self.base = base
        self.counter = counter
    }

    var count: Int { counter.withLockedValue { $0 } }
    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        counter.withLockedValue { $0 += 1 }
        return base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction { [counter] in closure(CountingDatabase($0, counter: counter)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { [counter] in closure(CountingDatabase($0, counter: counter)) }
    }
}
