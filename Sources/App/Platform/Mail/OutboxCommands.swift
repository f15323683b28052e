import Vapor

/// `samverkan outbox send`: delivers every message that is due, then exits.
struct OutboxCommands: AsyncCommandGroup {
    var help: String { "Works the e-mail outbox." }
    var commands: [String: any AnyAsyncCommand] { ["send": OutboxSendCommand()] }
}

struct OutboxSendCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String {
        "Writes due meeting reminders and rule warnings, then sends every message in the outbox that is due (also done by the server every few seconds)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let reminders = try await MeetingInvitations.sendReminders(app: context.application)
        let warnings = try await ObligationCheck.warnCoordinators(app: context.application)
        try await Housekeeping.run(app: context.application)
        if reminders + warnings > 0 {
            context.console.info("Påminnelser om möten: \(reminders). Varningar om regler: \(warnings).")
        }
        let report = try await Outbox.deliverDue(app: context.application)
        context.console.info("Utgående e-post: \(report.sent) skickade, \(report.retrying) försöks igen senare, \(report.failed) misslyckades slutgiltigt.")
    }
}
