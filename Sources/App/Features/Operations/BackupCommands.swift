import Foundation
import Vapor

/// `samverkan backup [--output FILE]`: a consistent copy of the database and the stored files,
/// safe to take while the server runs. Without `--output` it goes to `BACKUP_DIRECTORY` under a
/// dated name, and only the newest `BACKUP_KEEP` backups there are kept.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "output", short: "o", help: "The file to write (a .tar.gz).")
        var output: String?
    }

    var help: String { "Writes a backup of the database and the stored files, while the server runs." }

    static let prefix = "samverkan-"
    static let suffix = ".tar.gz"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let output: String
        if let given = signature.output, !given.isEmpty {
            output = given
        } else if let folder = app.config.backupDirectory {
            let stamp = BackupStamp.string(from: app.clock.now)
            output = (folder as NSString).appendingPathComponent(Self.prefix + stamp + Self.suffix)
        } else {
            throw CommandFailure(app.say("backup.command.whereTo"))
        }
        let written = try await Backup.write(app: app, to: output)
        context.console.info(app.say("backup.command.written", output, String(written.tables),
                                     written.rows.map(String.init) ?? "–", String(written.files)))
        if !written.missingFiles.isEmpty {
            context.console.warning(app.say("backup.command.missingFiles", String(written.missingFiles.count),
                                            written.missingFiles.prefix(5).joined(separator: ", ")))
        }
        if signature.output == nil, let folder = app.config.backupDirectory {
            for old in Self.backups(in: folder).dropFirst(app.config.backupKeep) {
                try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(old))
            }
        }
    }

    /// The backups in a folder, newest first (their names sort by date).
    static func backups(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted(by: >)
    }
}

/// `samverkan restore FILE`: brings a backup back into an empty database (the one `DATABASE_URL`
/// or `DATABASE_PATH` names) and its files into `STORAGE_PATH`, after checking every part.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The backup to restore (.tar.gz from samverkan backup).")
        var file: String
    }

    var help: String { "Restores a backup into an empty database and the storage folder." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let restored = try await Backup.restore(app: app, from: signature.file)
        context.console.info(app.say("backup.command.restored", signature.file, BackupStamp.string(from: restored.createdAt),
                                     String(restored.tables), restored.rows.map(String.init) ?? "–", String(restored.files)))
    }
}

enum BackupStamp {
    /// `20261207-213000`, in UTC: names that sort by time.
    static func string(from date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date)
    }
}
