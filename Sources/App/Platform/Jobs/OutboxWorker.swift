import Vapor

extension Application {
    private struct WorkerKey: StorageKey { typealias Value = OutboxWorker }
    var outboxWorker: OutboxWorker {
        if let worker = storage[WorkerKey.self] { return worker }
        let worker = OutboxWorker()
        storage[WorkerKey.self] = worker
        return worker
    }
}

/// Runs inside the server every few seconds: each registered job that is due (so that what it
/// writes to the outbox goes out on the same pass), then the outbox. Stops with the application.
final class OutboxWorker: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func start(_ app: Application) {
        let interval = app.config.outboxIntervalSeconds
        guard interval > 0, task == nil else { return }
        task = Task {
            var lastRun: [String: Date] = [:]
            while !Task.isCancelled {
                for job in app.jobs where !Task.isCancelled {
                    let now = app.clock.now
                    if let last = lastRun[job.name], now.timeIntervalSince(last) < Double(job.everySeconds) { continue }
                    do {
                        _ = try await job.run(app)
                        lastRun[job.name] = now
                        app.metrics.job(job.name, succeeded: true, at: now)
                    } catch {
                        app.logger.error("Job \(job.name): \(error)")
                        app.metrics.job(job.name, succeeded: false, at: now)
                    }
                }
                if Task.isCancelled { break }
                do {
                    app.metrics.delivered(try await Outbox.deliverDue(app: app, now: { app.clock.now }))
                } catch {
                    app.logger.error("Outbox: \(error)")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    /// Stops after the message being sent (`Outbox.deliverDue` checks between messages) and the
    /// job being run; waits for that.
    func stop() async {
        guard let task else { return }
        task.cancel()
        await task.value
        self.task = nil
    }

    func shutdownAsync(_ application: Application) async {
        await stop()
    }
}
