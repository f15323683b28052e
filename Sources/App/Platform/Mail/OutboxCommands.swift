import Vapor

/// `samverkan outbox send`: delivers every message that is due, then exits.
struct OutboxCommands: AsyncCommandGroup {
    var help: String { "Works the e-mail outbox." }
    var commands: [String: any AnyAsyncCommand] { ["send": OutboxSendCommand()] }
}

struct OutboxSendCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String {
        "Runs every scheduled job (meeting reminders, rule warnings, housekeeping), then sends every message in the outbox that is due (also done by the server every few seconds)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        for job in app.jobs {
            if let told = try await job.run(app) { context.console.info(told) }
        }
        let report = try await Outbox.deliverDue(app: app, now: { app.clock.now })
        context.console.info(app.say("outbox.command.report", String(report.sent), String(report.retrying), String(report.failed)))
    }
}
