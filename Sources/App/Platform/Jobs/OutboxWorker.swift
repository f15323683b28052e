import Fluent
import SamverkanCore
import SQLKit
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

/// Runs the outbox inside the server every few seconds; stops with the application.
final class OutboxWorker: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?

    func start(_ app: Application) {
        let interval = app.config.outboxIntervalSeconds
        guard interval > 0, task == nil else { return }
        task = Task {
            var lastRuleCheck = Date.distantPast
            while !Task.isCancelled {
                do {
                    // Reminders and rule warnings are written to the outbox first, then delivered.
                    try await MeetingInvitations.sendReminders(app: app)
                    if Date().timeIntervalSince(lastRuleCheck) >= 3600 {
                        try await ObligationCheck.warnCoordinators(app: app)
                        try await Housekeeping.run(app: app)
                        lastRuleCheck = Date()
                    }
                    _ = try await Outbox.deliverDue(app: app)
                } catch {
                    app.logger.error("Outbox worker: \(error)")
                }
                try? await Task.sleep(for: .seconds(interval))
            }
        }
    }

    func shutdown(_ application: Application) {
        task?.cancel()
    }
}
