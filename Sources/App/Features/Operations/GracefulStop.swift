import Vapor

/// What the server does between a stop signal (SIGTERM, SIGINT) and closing the database, in
/// this order: stop taking connections and finish the requests in flight (at most
/// `SHUTDOWN_SECONDS`), let the worker finish the message it is sending, and only then let the
/// application close the database. Vapor's own order closes its parts in no fixed order, so a
/// request still in flight could find the database gone.
public func stopGracefully(_ app: Application) async {
    guard app.servedHTTP else { return }
    app.logger.notice("Stopping: finishing the requests in flight (at most \(app.config.shutdownSeconds) s)")
    await app.server.shutdown()
    await app.outboxWorker.stop()
    app.logger.notice("Stopped: every request answered, the worker idle")
}

extension Application {
    private struct ServedKey: StorageKey { typealias Value = Bool }
    /// Whether `serve` started the HTTP server in this process.
    var servedHTTP: Bool {
        get { storage[ServedKey.self] ?? false }
        set { storage[ServedKey.self] = newValue }
    }
}
