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
