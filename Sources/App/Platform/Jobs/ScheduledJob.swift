import Vapor

/// Work the server does on its own: written to the outbox or tidied up on a schedule. The
/// worker runs every registered job that is due, then delivers the outbox; `samverkan outbox send`
/// runs them all once. A new feature with such work adds one line to `Jobs.all` in configure.swift.
struct ScheduledJob: Sendable {
    let name: String
    /// Seconds between runs; 0 runs it on every pass of the worker.
    let everySeconds: Int
    /// What the job did, in a line for the command line; nil when there is nothing to tell.
    let run: @Sendable (Application) async throws -> String?
}

extension Application {
    private struct JobsKey: StorageKey { typealias Value = [ScheduledJob] }
    var jobs: [ScheduledJob] {
        get { storage[JobsKey.self] ?? [] }
        set { storage[JobsKey.self] = newValue }
    }
}
