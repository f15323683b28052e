import Fluent
import Foundation
import SQLKit
import Vapor

/// `samverkan check-deploy`: what in this configuration is unsafe or missing for production, in
/// the spirit of Django's `check --deploy`. Each finding names the setting that fixes it; the
/// command exits with 1 when there is any.
enum DeployCheck {
    struct Finding: Equatable {
        /// The catalogue key of the finding's text.
        let key: String
        var arguments: [String] = []
    }

    struct Result {
        var passed: [Finding] = []
        var problems: [Finding] = []

        mutating func check(_ ok: Bool, _ okKey: String, _ problemKey: String, _ arguments: [String] = []) {
            if ok { passed.append(Finding(key: okKey, arguments: arguments)) } else { problems.append(Finding(key: problemKey, arguments: arguments)) }
        }
    }

    static func run(_ app: Application) async -> Result {
        let config = app.config
        var r = Result()
        let fm = FileManager.default

        r.check(app.environment == .production, "deploy.ok.production", "deploy.problem.production", [app.environment.name])
        let base = config.publicBaseURLIsSet ? config.publicBaseURL : ""
        r.check(base.lowercased().hasPrefix("https://"), "deploy.ok.baseURL", "deploy.problem.baseURL", [base.isEmpty ? "–" : base])
        r.check(config.secureCookies, "deploy.ok.cookies", "deploy.problem.cookies")
        r.check(config.hstsMaxAgeSeconds >= 86_400 * 180, "deploy.ok.hsts", "deploy.problem.hsts", [String(config.hstsMaxAgeSeconds)])
        r.check(config.bcryptCost >= 12, "deploy.ok.bcrypt", "deploy.problem.bcrypt", [String(config.bcryptCost)])
        r.check(!config.loadDemoData, "deploy.ok.demoData", "deploy.problem.demoData")

        // Uploads: a folder the server can write, outside the web root, closed to other users.
        let storage = FileStore(app: app).directory
        let web = URL(fileURLWithPath: app.directory.publicDirectory).standardizedFileURL.path
        let storagePath = URL(fileURLWithPath: storage).standardizedFileURL.path
        if storagePath.hasPrefix(web) {
            r.problems.append(Finding(key: "deploy.problem.storageInWebRoot", arguments: [storage]))
        } else if !fm.fileExists(atPath: storage) || !fm.isWritableFile(atPath: storage) {
            r.problems.append(Finding(key: "deploy.problem.storageWritable", arguments: [storage]))
        } else {
            r.check(!othersMayRead(storage), "deploy.ok.storage", "deploy.problem.storageOpen", [storage])
        }

        // Mail: a transport that leaves the machine, from an address that is not local.
        switch config.mailTransport {
        case "sendmail":
            let program = config.sendmailCommand.split(separator: " ").first.map(String.init) ?? ""
            r.check(fm.isExecutableFile(atPath: program), "deploy.ok.mail", "deploy.problem.sendmail", [program])
        default:
            r.problems.append(Finding(key: "deploy.problem.mailFile", arguments: [config.mailTransport]))
        }
        r.check(!config.mailFrom.hasSuffix("@localhost") && !config.mailFrom.isEmpty, "deploy.ok.mailFrom", "deploy.problem.mailFrom", [config.mailFrom])

        // The database: closed to other users (SQLite), encrypted when not on this machine (PostgreSQL).
        switch config.database {
        case .sqliteFile(let path):
            let full = path.hasPrefix("/") ? path : app.directory.workingDirectory + path
            r.check(!othersMayRead(full) && !othersMayRead((full as NSString).deletingLastPathComponent),
                    "deploy.ok.sqliteFile", "deploy.problem.sqliteFile", [full])
        case .sqliteMemory:
            r.problems.append(Finding(key: "deploy.problem.memory"))
        case .postgres(let url):
            let host = URLComponents(string: url)?.host ?? ""
            let local = ["localhost", "127.0.0.1", "::1", ""].contains(host) || host.hasPrefix("/")
            r.check(local || !url.contains("sslmode=disable"), "deploy.ok.postgresTLS", "deploy.problem.postgresTLS", [host])
        }
        do {
            guard let sql = app.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            let pending = try await app.migrator.previewPrepareBatch().get()
            r.check(pending.isEmpty, "deploy.ok.migrations", "deploy.problem.migrations", [String(pending.count)])
            if pending.isEmpty {
                let demo = try await User.query(on: app.db).filter(\.$email ~~ "@samverkan.example").count()
                r.check(demo == 0, "deploy.ok.demoAccounts", "deploy.problem.demoAccounts", [String(demo)])
            }
        } catch {
            r.problems.append(Finding(key: "deploy.problem.database", arguments: [String(String(describing: error).prefix(200))]))
        }

        // Metrics: never to everyone.
        let open = config.metricsAllow.contains { ["0.0.0.0/0", "::/0"].contains($0) }
        r.check(!open, "deploy.ok.metrics", "deploy.problem.metrics", [config.metricsAllow.joined(separator: ", ")])

        // Backups: a folder, and a backup in it from the last day.
        if let folder = config.backupDirectory {
            if !fm.isWritableFile(atPath: folder) {
                r.problems.append(Finding(key: "deploy.problem.backupFolder", arguments: [folder]))
            } else if let newest = BackupCommand.backups(in: folder).first,
                      let modified = try? fm.attributesOfItem(atPath: (folder as NSString).appendingPathComponent(newest))[.modificationDate] as? Date {
                let hours = Int(app.clock.now.timeIntervalSince(modified) / 3600)
                r.check(hours < 26, "deploy.ok.backup", "deploy.problem.backupOld", [newest, String(hours)])
            } else {
                r.problems.append(Finding(key: "deploy.problem.backupNone", arguments: [folder]))
            }
        } else {
            r.problems.append(Finding(key: "deploy.problem.backupUnset"))
        }
        return r
    }

    /// Whether users other than the owner and group may read the path.
    static func othersMayRead(_ path: String) -> Bool {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int else { return false }
        return mode & 0o004 != 0
    }
}

struct CheckDeployCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Lists what is unsafe or missing in this configuration for production; exits with 1 if anything is." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let result = await DeployCheck.run(app)
        for finding in result.passed {
            context.console.print("✔ " + app.catalogue.text(finding.key, .ofTerminal, finding.arguments))
        }
        for finding in result.problems {
            context.console.print("✘ " + app.catalogue.text(finding.key, .ofTerminal, finding.arguments))
        }
        guard result.problems.isEmpty else {
            throw CommandFailure(app.say("deploy.summary.problems", String(result.problems.count)))
        }
        context.console.info(app.say("deploy.summary.ok"))
    }
}
