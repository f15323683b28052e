import Fluent
import Vapor

/// `samverkan serve` (the default): migrates the database, loads the demo data into an
/// empty database, prints where to go and how to log in, then runs Vapor's server.
struct PrepareAndServeCommand: AnyAsyncCommand {
    let serve: ServeCommand

    var help: String { "Migrates the database, loads demo data when it is empty, and starts the web server." }

    func run(using context: inout CommandContext) async throws {
        let app = context.application
        let address = try ServeAddress(arguments: context.input, configuration: app.http.server.configuration)
        if !app.config.publicBaseURLIsSet {
            // Links mailed from a production server must reach it from outside, which only the
            // operator knows; elsewhere they follow the address the server listens on.
            guard app.environment != .production else { throw CommandFailure(app.say("command.publicBaseURLMissing")) }
            app.config.publicBaseURL = address.url
        }
        try await app.autoMigrate()
        if app.config.loadDemoData, try await DemoData.isEmpty(app.db) {
            let logins = try await DemoData.load(on: app.db, directory: app.directory.resourcesDirectory,
                                                 hasher: app.passwordHasher, files: FileStore(app: app), now: app.clock.now)
            context.console.info(app.say("command.demoLoaded", String(DemoData.municipalities.count), DemoData.password))
            for login in logins {
                context.console.print("  \(login.email)  (\(login.role.rawValue)\(login.municipality.map { ", \($0)" } ?? ""))")
            }
        }
        context.console.info(app.say("command.serving", address.url + "/"))
        app.outboxWorker.start(app)
        // Made before the first login, so even the first unknown address costs no extra hash.
        _ = try await app.passwordHasher.dummyHash()
        app.http.server.configuration.shutdownTimeout = .seconds(Int64(app.config.shutdownSeconds))
        try await serve.run(using: &context)
        app.servedHTTP = true
    }

    func outputHelp(using context: inout CommandContext) throws {
        try serve.outputHelp(using: &context)
    }
}
