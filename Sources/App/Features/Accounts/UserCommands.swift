import Fluent
import SamverkanCore
import Vapor

/// `samverkan user create`.
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages accounts." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
}

struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", short: "e", help: "The e-mail address, used to log in.")
        var email: String?
        @Option(name: "role", short: "r", help: "platformAdmin, coordinator, officer or representative.")
        var role: String?
        @Option(name: "municipality", short: "m", help: "The municipality's slug (every role but platformAdmin).")
        var municipality: String?
        @Option(name: "name", short: "n", help: "The person's name (default: the e-mail address).")
        var name: String?
    }

    var help: String {
        "Creates an account. The password comes from SAMVERKAN_PASSWORD, or is asked for at the prompt."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let rawEmail = signature.email else { throw CommandError.missingRequiredArgument("--email") }
        let email = User.normalise(email: rawEmail)
        guard EmailAddress.isValid(email) else { throw CommandFailure(app.say("account.command.notAnAddress", rawEmail)) }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure(app.say("account.command.role", Role.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        try await app.autoMigrate()
        var municipalityID: UUID?
        if role.needsMunicipality {
            guard let slug = signature.municipality?.lowercased(),
                  let m = try await Municipality.query(on: app.db).filter(\.$slug == slug).first() else {
                throw CommandFailure(app.say("account.command.municipality", role.rawValue))
            }
            municipalityID = m.id
        }
        guard try await User.query(on: app.db).filter(\.$email == email).first() == nil else {
            throw CommandFailure(app.say("account.command.exists", email))
        }
        let password = Environment.get("SAMVERKAN_PASSWORD") ?? context.console.ask(app.say("account.command.password").consoleText(), isSecure: true)
        let problems = PasswordPolicy.problems(password)
        guard problems.isEmpty else {
            throw CommandFailure(problems.map { problem in
                switch problem {
                case .tooShort(let n): app.say("account.command.tooShort", String(n))
                case .tooLong(let n): app.say("account.command.tooLong", String(n))
                case .common: app.say("account.command.common")
                }
            }.joined(separator: " "))
        }
        let hash = try await app.passwordHasher.hash(password)
        try await User(email: email, name: signature.name ?? email, passwordHash: hash, role: role,
                       municipalityID: municipalityID, verifiedAt: app.clock.now).create(on: app.db)
        context.console.info(app.say("account.command.created", email, role.rawValue))
    }
}
