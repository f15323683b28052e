import NIOConcurrencyHelpers
import Vapor
// The SQLite library that SQLiteNIO builds; its C interface is reachable from here.
import VaporCSQLite

/// Reads content versions straight from the SQLite file, on the calling thread, through a
/// read-only connection of its own with its statements prepared once. A cached page then costs a
/// lookup of a few microseconds instead of a trip to the database's thread pool and back, which
/// was most of what a cached page cost beyond the bare route.
///
/// Every read starts a read transaction of its own and ends it at once, so it sees every commit
/// made before it, by this process or another (a command, a second instance), and it never holds
/// back the checkpoints of the write-ahead log. When it cannot answer (the file is busy, or the
/// table is not there yet) it says so, and the page cache asks through Fluent instead.
final class SQLiteVersionReader: @unchecked Sendable {
    enum Answer: Equatable {
        /// The version, or nil when there is no such municipality.
        case version(Int?)
        case unavailable
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    private let lock = NIOLock()
    private let path: String
    private var handle: OpaquePointer?
    private var bySlug: OpaquePointer?
    private var ofAll: OpaquePointer?

    /// For a database file; an in-memory database has no file to open a second connection on.
    init(path: String) {
        self.path = path
    }

    deinit {
        sqlite_nio_sqlite3_finalize(bySlug)
        sqlite_nio_sqlite3_finalize(ofAll)
        sqlite_nio_sqlite3_close(handle)
    }

    func version(of scope: PageCacheMiddleware.Scope) -> Answer {
        lock.withLock {
            guard prepare() else { return .unavailable }
            switch scope {
            case .municipality(let slug):
                guard let statement = bySlug else { return .unavailable }
                defer { sqlite_nio_sqlite3_reset(statement); sqlite_nio_sqlite3_clear_bindings(statement) }
                guard sqlite_nio_sqlite3_bind_text(statement, 1, slug, -1, Self.transient) == SQLITE_OK else { return .unavailable }
                switch sqlite_nio_sqlite3_step(statement) {
                case SQLITE_ROW: return .version(Int(sqlite_nio_sqlite3_column_int64(statement, 0)))
                case SQLITE_DONE: return .version(nil)
                default: return .unavailable
                }
            case .site:
                guard let statement = ofAll else { return .unavailable }
                defer { sqlite_nio_sqlite3_reset(statement) }
                guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return .unavailable }
                return .version(ContentVersion.siteVersion(sum: Int(sqlite_nio_sqlite3_column_int64(statement, 0)),
                                                           count: Int(sqlite_nio_sqlite3_column_int64(statement, 1))))
            }
        }
    }

    /// Opens the file and prepares the statements the first time they can be prepared.
    private func prepare() -> Bool {
        if bySlug != nil, ofAll != nil { return true }
        if handle == nil {
            var opened: OpaquePointer?
            guard sqlite_nio_sqlite3_open_v2(path, &opened, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK else {
                sqlite_nio_sqlite3_close(opened)
                return false
            }
            // Never keep an event loop waiting: a busy file is answered through the pool instead.
            sqlite_nio_sqlite3_busy_timeout(opened, 20)
            handle = opened
        }
        var slugStatement: OpaquePointer?
        var allStatement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, "SELECT content_version FROM municipalities WHERE slug = ?1", -1, &slugStatement, nil) == SQLITE_OK,
              sqlite_nio_sqlite3_prepare_v2(handle, "SELECT COALESCE(SUM(content_version), 0), COUNT(*) FROM municipalities", -1, &allStatement, nil) == SQLITE_OK else {
            sqlite_nio_sqlite3_finalize(slugStatement)
            sqlite_nio_sqlite3_finalize(allStatement)
            return false
        }
        bySlug = slugStatement
        ofAll = allStatement
        return true
    }
}

extension Application {
    private struct VersionReaderKey: StorageKey { typealias Value = SQLiteVersionReader }

    /// Set for a SQLite file (see `configure`); nil for PostgreSQL and an in-memory database.
    var versionReader: SQLiteVersionReader? {
        get { storage[VersionReaderKey.self] }
        set { storage[VersionReaderKey.self] = newValue }
    }
}
