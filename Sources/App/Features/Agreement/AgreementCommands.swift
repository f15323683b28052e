import Fluent
import SamverkanCore
import Vapor

/// `samverkan agreement import|export`.
struct AgreementCommands: AsyncCommandGroup {
    var help: String { "Imports or exports an agreement as a YAML file (docs/agreement-format.md)." }
    var commands: [String: any AnyAsyncCommand] {
        ["import": ImportAgreementCommand(), "export": ExportAgreementCommand()]
    }
}

struct ImportAgreementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The agreement file (YAML).")
        var file: String
        @Option(name: "municipality", short: "m", help: "The municipality's slug, e.g. sodertalje.")
        var municipality: String?
        @Option(name: "name", help: "The municipality's name, when it does not exist yet (it is then created).")
        var name: String?
        @Flag(name: "draft", help: "Import as a draft instead of the version in force.")
        var draft: Bool
    }

    var help: String { "Reads an agreement file and stores it as a new version, in one transaction." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let slug = signature.municipality?.lowercased(), !slug.isEmpty else {
            throw CommandError.missingRequiredArgument("--municipality")
        }
        let app = context.application
        let text: String
        do {
            text = try String(contentsOfFile: signature.file, encoding: .utf8)
        } catch {
            throw CommandFailure(app.say("agreement.command.unreadable", signature.file, error.localizedDescription))
        }
        let document: AgreementDocument
        do {
            document = try AgreementFile.parse(text)
        } catch {
            throw CommandFailure(error.description)
        }
        try await app.autoMigrate()
        let agreement = try await app.db.writeTransaction { tx in
            var municipality = try await Municipality.query(on: tx).filter(\.$slug == slug).first()
            if municipality == nil {
                guard let name = signature.name, !name.isEmpty else {
                    throw CommandFailure(app.say(AgreementStoreError.municipalityNotFound(slug)) + " " + app.say("agreement.command.giveName"))
                }
                guard slug.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                    throw CommandFailure(app.say("agreement.command.slugCharacters"))
                }
                guard !Paths.reservedSlugs.contains(slug) else {
                    throw CommandFailure(app.say("agreement.command.slugTaken", slug))
                }
                let created = Municipality(slug: slug, name: name)
                try await created.create(on: tx)
                municipality = created
            }
            let stored = try await AgreementStore.importDocument(
                document, into: municipality!, status: signature.draft ? .draft : .inForce, on: tx,
                now: context.application.clock.now)
            if !signature.draft {
                try await Signatories.requestConfirmation(of: stored, municipality: municipality!, on: tx, app: app)
            }
            return stored
        }
        context.console.info(app.say("agreement.command.imported", String(agreement.version), slug,
                                     String(document.principles.count), String(document.commitments.count))
            + app.say(signature.draft ? "agreement.command.asDraft" : "agreement.command.inForce"))
    }
}

struct ExportAgreementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "municipality", short: "m", help: "The municipality's slug.")
        var municipality: String?
        @Option(name: "version", short: "v", help: "The version number; default: the version in force.")
        var version: Int?
        @Option(name: "output", short: "o", help: "Write to this file instead of standard output.")
        var output: String?
    }

    var help: String { "Writes an agreement version as a YAML file." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let slug = signature.municipality?.lowercased() else { throw CommandError.missingRequiredArgument("--municipality") }
        let app = context.application
        try await app.autoMigrate()
        guard let municipality = try await Municipality.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandFailure(app.say(AgreementStoreError.municipalityNotFound(slug)))
        }
        let agreement: Agreement
        do {
            agreement = try await AgreementStore.version(signature.version, of: municipality, on: app.db)
        } catch let error as AgreementStoreError {
            throw CommandFailure(app.say(error))
        }
        let text = AgreementFile.write(try await AgreementSnapshot.load(agreement, on: app.db).document)
        if let output = signature.output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
            context.console.info(app.say("agreement.command.written", String(agreement.version), output))
        } else {
            context.console.output(text.consoleText(), newLine: false)
        }
    }
}

