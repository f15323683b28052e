@testable import App
import Fluent
import Vapor
import Logging
import NIOConcurrencyHelpers

/// A log handler that keeps the debug messages: SQLKit logs every query it runs at debug level on
/// the database's logger, so this counts the queries of a piece of code on any driver.
final class QueryLog: LogHandler, @unchecked Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        guard level == .debug else { return }
        lines.withLockedValue { $0.append(message.description) }
    }

    var queries: [String] { lines.withLockedValue { $0 } }
    func reset() { lines.withLockedValue { $0.removeAll() } }
    var logger: Logger { Logger(label: "query-log") { _ in self } }
}

extension QueryLog {
    /// A database on `app` whose queries this log records, warmed up and with the log emptied.
    static func database(_ app: Application) async throws -> (any Database, QueryLog) {
        let log = QueryLog()
        guard let db = app.databases.database(logger: log.logger, on: app.eventLoopGroup.any()) else {
            throw Abort(.internalServerError, reason: "no database")
        }
        _ = try await Municipality.query(on: db).count()
        log.reset()
        return (db, log)
    }

    /// How many statements were sent.
    var count: Int { queries.filter { $0 == "Executing query" }.count }
}

extension Chrome {
    /// The layout context of a page built outside a request.
    static let plain = Chrome(lang: "sv", dir: "ltr", title: "", user: nil, csrf: nil, languages: [],
                              municipalityName: nil, municipalityURL: nil, nav: [], flash: nil, stylesheet: "")
}
