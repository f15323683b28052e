import Fluent
import Foundation
import SQLKit
import Vapor

/// A backup is one `.tar.gz`: `manifest.json` (what it holds, with a SHA-256 for every part), the
/// database (`database.sqlite` from SQLite's `VACUUM INTO`, a consistent copy taken inside one
/// read transaction while the server keeps writing, or `database.pgdump` from `pg_dump`, which
/// reads one snapshot) and `files/`, the stored uploads. Restoring needs an empty database.
enum Backup {
    static let format = "samverkan-backup-1"
    /// Every column that names a file in the storage folder (a test finds any column with
    /// `stored` in its name that is missing here).
    static let fileColumns: [(table: String, column: String)] = [
        ("stored_files", "stored_name"),
        ("inquiry_attachments", "stored_name"),
        ("municipalities", "logo_stored_name"),
        ("articles", "image_stored_name"),
        ("meetings", "minutes_file_stored"),
        ("decisions", "pdf_stored_name"),
        ("partnerships", "document_stored_name"),
    ]

    struct Manifest: Codable {
        var format: String
        var createdAt: Date
        var database: String
        /// Rows per table, counted in the copy itself (SQLite); a dump is checked by pg_restore.
        var rows: [String: Int]?
        var parts: [Part]
        /// Stored names the copied database refers to that were not in the storage folder.
        var missingFiles: [String]
    }

    struct Part: Codable {
        var path: String
        var size: Int
        var sha256: String
    }

    struct Written {
        var tables: Int
        var rows: Int?
        var files: Int
        var missingFiles: [String]
    }

    static func write(app: Application, to output: String) async throws -> Written {
        let fm = FileManager.default
        let folder = (output as NSString).deletingLastPathComponent
        if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let staging = output + ".part-" + UUID().uuidString.prefix(8)
        try fm.createDirectory(atPath: staging + "/files", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(atPath: staging) }

        var manifest = Manifest(format: format, createdAt: app.clock.now, database: "", rows: nil, parts: [], missingFiles: [])
        var referenced: Set<String> = []
        var tables = 0
        switch app.config.database {
        case .postgres(let url):
            manifest.database = "postgresql"
            let dump = staging + "/database.pgdump"
            try Shell.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=" + dump], environment: try Shell.libpq(url))
            let existing = try await PostgresSchema.tables(on: app.db)
            referenced = try await storedNames(on: app.db, schema: nil, existing: existing)
            tables = existing.count
        case .sqliteFile, .sqliteMemory:
            manifest.database = "sqlite"
            let copy = staging + "/database.sqlite"
            guard let sql = app.db as? any SQLDatabase else { throw CommandFailure("SQL") }
            try await sql.raw("VACUUM INTO \(bind: copy)").run()
            let counted = try await SQLiteCopy.inspect(copy, app: app)
            guard counted.integrity == "ok" else { throw CommandFailure(app.say("backup.command.damaged", counted.integrity)) }
            manifest.rows = counted.rows
            referenced = counted.storedNames
            tables = counted.rows.count
        }

        // The files after the database: a file the copy names was written before its row.
        let store = FileStore(app: app)
        var copied = 0
        for name in referenced.sorted() {
            let source = store.path(storedName: name)
            guard fm.fileExists(atPath: source) else { manifest.missingFiles.append(name); continue }
            try fm.copyItem(atPath: source, toPath: staging + "/files/" + name)
            copied += 1
        }
        for entry in try fm.contentsOfDirectory(atPath: staging).sorted() where entry != "files" {
            manifest.parts.append(try part(staging, entry))
        }
        for name in try fm.contentsOfDirectory(atPath: staging + "/files").sorted() {
            manifest.parts.append(try part(staging, "files/" + name))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: staging + "/manifest.json"))

        let partial = output + ".partial"
        try Shell.run("tar", ["-czf", partial, "-C", staging, "."])
        _ = chmod(partial, 0o600)
        if fm.fileExists(atPath: output) { try fm.removeItem(atPath: output) }
        try fm.moveItem(atPath: partial, toPath: output)
        return Written(tables: tables, rows: manifest.rows?.values.reduce(0, +), files: copied, missingFiles: manifest.missingFiles)
    }

    struct Restored {
        var tables: Int
        var rows: Int?
        var files: Int
        var createdAt: Date
    }

    static func restore(app: Application, from file: String) async throws -> Restored {
        let fm = FileManager.default
        guard fm.fileExists(atPath: file) else { throw CommandFailure(app.say("backup.command.noFile", file)) }
        let isPostgres: Bool
        if case .postgres = app.config.database { isPostgres = true } else { isPostgres = false }
        guard try await isEmpty(app.db, postgres: isPostgres) else { throw CommandFailure(app.say("backup.command.notEmpty")) }

        let unpacked = NSTemporaryDirectory() + "samverkan-restore-" + UUID().uuidString
        try fm.createDirectory(atPath: unpacked, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? fm.removeItem(atPath: unpacked) }
        do {
            try Shell.run("tar", ["-xzf", file, "-C", unpacked, "--no-same-owner"])
        } catch {
            throw CommandFailure(app.say("backup.command.unreadable", file))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = fm.contents(atPath: unpacked + "/manifest.json"),
              let manifest = try? decoder.decode(Manifest.self, from: data), manifest.format == format else {
            throw CommandFailure(app.say("backup.command.unreadable", file))
        }
        // Every part as it was written, before anything is changed.
        for expected in manifest.parts {
            guard !expected.path.contains(".."), let found = try? part(unpacked, expected.path), found.sha256 == expected.sha256 else {
                throw CommandFailure(app.say("backup.command.corrupt", expected.path))
            }
        }
        guard manifest.database == (isPostgres ? "postgresql" : "sqlite") else {
            throw CommandFailure(app.say(isPostgres ? "backup.command.needsSQLite" : "backup.command.needsPostgres"))
        }

        // Files first: a file already there with other content stops the restore before the database.
        let store = FileStore(app: app)
        try fm.createDirectory(atPath: store.directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var files: [(String, String)] = []
        for p in manifest.parts where p.path.hasPrefix("files/") {
            let name = String(p.path.dropFirst("files/".count))
            let target = store.path(storedName: name)
            if fm.fileExists(atPath: target) {
                guard (try? Shell.sha256(of: target)) == p.sha256 else { throw CommandFailure(app.say("backup.command.fileClash", target)) }
                continue
            }
            files.append((unpacked + "/" + p.path, target))
        }

        var tables: Int
        var rows: Int?
        if isPostgres, case .postgres(let url) = app.config.database {
            let env = try Shell.libpq(url)
            try Shell.run("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                                         "--dbname=" + (env["PGDATABASE"] ?? env["PGUSER"] ?? "postgres"),
                                         unpacked + "/database.pgdump"], environment: env)
            tables = try await PostgresSchema.tableCount(on: app.db)
        } else {
            let counted = try await SQLiteCopy.load(unpacked + "/database.sqlite", app: app)
            if let expected = manifest.rows, expected != counted {
                throw CommandFailure(app.say("backup.command.rowsDiffer"))
            }
            tables = counted.count
            rows = counted.values.reduce(0, +)
        }
        for (source, target) in files {
            try fm.copyItem(atPath: source, toPath: target)
        }
        return Restored(tables: tables, rows: rows, files: files.count, createdAt: manifest.createdAt)
    }

    /// No table at all: restoring never mixes two databases.
    static func isEmpty(_ db: any Database, postgres: Bool) async throws -> Bool {
        if postgres { return try await PostgresSchema.tableCount(on: db) == 0 }
        guard let sql = db as? any SQLDatabase else { return false }
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").first()
        return try row?.decode(column: "n", as: Int.self) == 0
    }

    /// The files the database names (in those of `fileColumns`' tables that exist).
    static func storedNames(on db: any Database, schema: String?, existing: Set<String>) async throws -> Set<String> {
        guard let sql = db as? any SQLDatabase else { return [] }
        var names: Set<String> = []
        for (table, column) in fileColumns where existing.contains(table) {
            let qualified = schema.map { "\($0).\(table)" } ?? table
            for row in try await sql.raw("SELECT \(unsafeRaw: column) AS name FROM \(unsafeRaw: qualified) WHERE \(unsafeRaw: column) IS NOT NULL").all() {
                names.insert(try row.decode(column: "name", as: String.self))
            }
        }
        return names
    }

    static func part(_ root: String, _ path: String) throws -> Part {
        let full = root + "/" + path
        let size = (try FileManager.default.attributesOfItem(atPath: full)[.size] as? Int) ?? 0
        return Part(path: path, size: size, sha256: try Shell.sha256(of: full))
    }
}

/// A SQLite database file beside the live one, attached to one connection of the application.
enum SQLiteCopy {
    struct Inspection {
        var integrity: String
        var rows: [String: Int]
        var storedNames: Set<String>
    }

    /// The copy's integrity, its rows per table and the files it names.
    static func inspect(_ path: String, app: Application) async throws -> Inspection {
        try await app.db.withConnection { conn in
            guard let sql = conn as? any SQLDatabase else { throw CommandFailure("SQL") }
            try await sql.raw("ATTACH DATABASE \(bind: path) AS copy").run()
            do {
                let integrity = try await sql.raw("PRAGMA copy.integrity_check").all().compactMap { try? $0.decode(column: "integrity_check", as: String.self) }
                let rows = try await counts(schema: "copy", on: sql)
                let names = try await Backup.storedNames(on: conn, schema: "copy", existing: Set(rows.keys))
                try await sql.raw("DETACH DATABASE copy").run()
                return Inspection(integrity: integrity.joined(separator: "; "), rows: rows, storedNames: names)
            } catch {
                try? await sql.raw("DETACH DATABASE copy").run()
                throw error
            }
        }
    }

    /// Copies the whole copy into the (empty) live database in one transaction: tables, then their
    /// rows, then indexes and triggers (so no trigger fires on the copied rows). Returns the rows
    /// per table now in the live database; its integrity check must say `ok`.
    static func load(_ path: String, app: Application) async throws -> [String: Int] {
        try await app.db.withConnection { conn in
            guard let sql = conn as? any SQLDatabase else { throw CommandFailure("SQL") }
            try await sql.raw("ATTACH DATABASE \(bind: path) AS copy").run()
            do {
                let integrity = try await sql.raw("PRAGMA copy.integrity_check").all().compactMap { try? $0.decode(column: "integrity_check", as: String.self) }
                guard integrity == ["ok"] else { throw CommandFailure(app.say("backup.command.damaged", integrity.joined(separator: "; "))) }
                let schema = try await sql.raw("""
                    SELECT type, name, sql FROM copy.sqlite_master
                    WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid
                    """).all().map { (try $0.decode(column: "type", as: String.self), try $0.decode(column: "name", as: String.self),
                                      try $0.decode(column: "sql", as: String.self)) }
                try await conn.transaction { tx in
                    guard let t = tx as? any SQLDatabase else { return }
                    try await t.raw("PRAGMA defer_foreign_keys = ON").run()
                    // A virtual table (the register's full-text index) makes its shadow tables
                    // itself; their rows are copied as they are, the virtual table's not at all.
                    let isVirtual = { (statement: String) in statement.uppercased().hasPrefix("CREATE VIRTUAL TABLE") }
                    for (type, _, statement) in schema where type == "table" && isVirtual(statement) {
                        try await t.raw(SQLQueryString(statement)).run()
                    }
                    let made = Set(try await t.raw("SELECT name FROM main.sqlite_master WHERE type = 'table'").all()
                        .map { try $0.decode(column: "name", as: String.self) })
                    for (type, name, statement) in schema where type == "table" && !isVirtual(statement) {
                        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                        if made.contains(name) {
                            try await t.raw("DELETE FROM main.\(unsafeRaw: quoted)").run()
                        } else {
                            try await t.raw(SQLQueryString(statement)).run()
                        }
                        // Generated columns (hidden 2 and 3) take no values; the rest by name.
                        let columns = try await t.raw("SELECT name FROM pragma_table_xinfo(\(bind: name), 'copy') WHERE hidden = 0").all()
                            .map { "\"" + (try $0.decode(column: "name", as: String.self)).replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                            .joined(separator: ", ")
                        try await t.raw("INSERT INTO main.\(unsafeRaw: quoted) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: columns) FROM copy.\(unsafeRaw: quoted)").run()
                    }
                    if try await t.raw("SELECT 1 FROM copy.sqlite_master WHERE name = 'sqlite_sequence'").first() != nil {
                        try await t.raw("INSERT INTO main.sqlite_sequence SELECT * FROM copy.sqlite_sequence").run()
                    }
                    for (type, _, statement) in schema where type != "table" {
                        try await t.raw(SQLQueryString(statement)).run()
                    }
                }
                try await sql.raw("DETACH DATABASE copy").run()
            } catch {
                try? await sql.raw("DETACH DATABASE copy").run()
                throw error
            }
            let integrity = try await sql.raw("PRAGMA main.integrity_check").all().compactMap { try? $0.decode(column: "integrity_check", as: String.self) }
            guard integrity == ["ok"] else { throw CommandFailure(app.say("backup.command.damaged", integrity.joined(separator: "; "))) }
            return try await counts(schema: "main", on: sql)
        }
    }

    static func counts(schema: String, on sql: any SQLDatabase) async throws -> [String: Int] {
        let tables = try await sql.raw("SELECT name FROM \(unsafeRaw: schema).sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .all().map { try $0.decode(column: "name", as: String.self) }
        var rows: [String: Int] = [:]
        for table in tables {
            let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            rows[table] = try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: schema).\(unsafeRaw: quoted)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return rows
    }
}

enum PostgresSchema {
    static func tables(on db: any Database) async throws -> Set<String> {
        guard let sql = db as? any SQLDatabase else { return [] }
        return Set(try await sql.raw("SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema()")
            .all().map { try $0.decode(column: "name", as: String.self) })
    }

    static func tableCount(on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.raw("SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema()")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// The programs a backup uses (tar, pg_dump, pg_restore), found on the PATH.
enum Shell {
    struct Failed: Error, CustomStringConvertible {
        let program: String
        let status: Int32
        let output: String
        var description: String { "\(program) (\(status)): \(output)" }
    }

    static func run(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("\(program): " + text.split(separator: "\n").prefix(3).joined(separator: " / "))
        }
    }

    /// libpq's settings from a `postgres://` URL, so the password is never on a command line.
    static func libpq(_ url: String) throws -> [String: String] {
        guard let parts = URLComponents(string: url), let host = parts.host else { throw CommandFailure("DATABASE_URL") }
        var env: [String: String] = ["PGHOST": host, "PGPORT": String(parts.port ?? 5432)]
        if let user = parts.user?.removingPercentEncoding { env["PGUSER"] = user }
        if let password = parts.password?.removingPercentEncoding { env["PGPASSWORD"] = password }
        let name = parts.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if !name.isEmpty { env["PGDATABASE"] = name.removingPercentEncoding ?? name }
        if let mode = parts.queryItems?.first(where: { $0.name == "sslmode" })?.value { env["PGSSLMODE"] = mode }
        return env
    }

    static func sha256(of path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandFailure(path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
