import Fluent
import Vapor

/// `samverkan demo load`: loads the demo municipalities into an empty database.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "load")
        var action: String
    }

    var help: String { "Loads the five demo municipalities and their accounts (demo load) into an empty database." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "load" else { throw CommandFailure("Okänd åtgärd \"\(signature.action)\"; använd: samverkan demo load") }
        let app = context.application
        try await app.autoMigrate()
        guard try await DemoData.isEmpty(app.db) else {
            context.console.warning("Databasen innehåller redan kommuner; demodata läses bara in i en tom databas.")
            return
        }
        let logins = try await DemoData.load(on: app.db, directory: app.directory.resourcesDirectory, hasher: app.passwordHasher,
                                             files: FileStore(app: app))
        context.console.info("Demodata inläst. Konton (lösenord \"\(DemoData.password)\"): "
            + logins.map(\.email).joined(separator: ", "))
    }
}
