@testable import App
import Fluent
import FluentSQLiteDriver
import Foundation
import Testing
import Vapor

@Suite struct DatabaseTests {
    @Test func theRunUsesTheDatabaseItWasPointedAt() async throws {
        try await withTestApp(demo: false) { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let expected = (Environment.get("SAMVERKAN_TEST_DATABASE_URL") ?? "").isEmpty ? "sqlite" : "postgresql"
            #expect(sql.dialect.name == expected)
        }
    }

    /// On SQLite, a transaction that has read and then writes after another connection committed
    /// used to fail at once ("database is locked"); `writeTransaction` waits its turn instead.
    @Test func twoTransactionsThatReadAndThenWriteAtTheSameTimeBothSucceed() async throws {
        try await withTestApp(demo: false) { app in
            let loops = Array(app.eventLoopGroup.makeIterator())
            try #require(loops.count >= 2, "one connection per event loop: two loops give two connections")
            let first = try #require(app.databases.database(logger: app.logger, on: loops[0]))
            let second = try #require(app.databases.database(logger: app.logger, on: loops[1]))
            async let slow: Void = first.writeTransaction { tx in
                _ = try await Municipality.query(on: tx).count()
                try await Task.sleep(for: .milliseconds(300))
                try await Municipality(slug: "forst", name: "Först").create(on: tx)
            }
            try await Task.sleep(for: .milliseconds(60))
            try await second.writeTransaction { tx in
                try await Municipality(slug: "sedan", name: "Sedan").create(on: tx)
            }
            try await slow
            #expect(try await Municipality.query(on: app.db).filter(\.$slug ~~ ["forst", "sedan"]).count() == 2)
        }
    }

    /// Every transaction of the app is a `writeTransaction` (the backup's copy between two
    /// connections of its own aside), so none can fail as the one above did.
    @Test func theAppOpensNoPlainTransaction() throws {
        for file in LocalizationTests.files(under: "Sources/App", ending: ".swift") where !file.path.hasSuffix("Backup.swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains(".transaction {"), "\(file.lastPathComponent) opens a plain transaction: use writeTransaction")
        }
    }

    @Test func anSQLiteFileIsCreatedInWALModeWithBusyTimeoutAndForeignKeys() async throws {
        let path = NSTemporaryDirectory() + "samverkan-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        var config = AppConfig.load(.testing)
        config.database = .sqliteFile(path)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
            let sql = try #require(app.db as? any SQLDatabase)
            struct Mode: Decodable { let journal_mode: String }
            struct Timeout: Decodable { let timeout: Int }
            struct Keys: Decodable { let foreign_keys: Int }
            #expect(try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode == "wal")
            #expect(try await sql.raw("PRAGMA busy_timeout").first(decoding: Timeout.self)?.timeout == 5000)
            #expect(try await sql.raw("PRAGMA foreign_keys").first(decoding: Keys.self)?.foreign_keys == 1)
            #expect(FileManager.default.fileExists(atPath: path))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
