@testable import App
import Fluent
import FluentPostgresDriver
import Foundation
import Testing
import Vapor
import VaporTesting

/// Runs `body` with a freshly configured and migrated app. By default the database is SQLite;
/// when SAMVERKAN_TEST_DATABASE_URL points at a PostgreSQL server, each test gets a database of
/// its own there, created before and dropped after.
///
/// Migrating and loading the demo data took most of a test's time, so it is done once per run
/// (`TestTemplates`): each test starts from a copy of that database (a copied SQLite file, or a
/// PostgreSQL database made from it as a template) and of its uploaded files, with the clock at
/// the moment the demo data was loaded, so that what the demo made "today" is today for the test.
func withTestApp(demo: Bool = true, config adjust: (inout AppConfig) -> Void = { _ in },
                 _ body: (Application) async throws -> Void) async throws {
    var config = AppConfig.load(.testing)
    adjust(&config)
    let postgres = TestTemplates.postgresBase
    let slots = postgres == nil ? nil : TestSlots.postgres
    await slots?.acquire()
    defer { if let slots { Task { await slots.release() } } }
    // The database comes first: if it cannot be made, no app is left behind unshut.
    let template = try await TestTemplates.shared.template(demo: demo)
    // A test that names its own SQLite file gets the copy there.
    var path: String?
    if case .sqliteFile(let wanted) = config.database { path = wanted }
    let copy = try await template.copy(to: path)
    config.database = copy.database
    config.storageDirectory = copy.files
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    // Time stands still unless a test moves it (`app.clock.advance`).
    app.clock.set(template.now)
    do {
        try await configure(app, config: config)
        try await app.autoMigrate()
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await copy.remove()
        throw error
    }
    try await app.asyncShutdown()
    try await copy.remove()
}

/// The migrated database, with or without the demo data, made once per test run.
actor TestTemplates {
    static let shared = TestTemplates()
    static let postgresBase = Environment.get("SAMVERKAN_TEST_DATABASE_URL").flatMap { $0.isEmpty ? nil : $0 }
    /// Fast scratch space: tmpfs where there is one.
    static let scratch = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()

    struct Template: Sendable {
        /// A SQLite file, or a PostgreSQL database's name.
        let source: String
        let files: String
        let now: Date

        func copy(to sqlitePath: String? = nil) async throws -> Copy {
            let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let files = TestTemplates.scratch + "samverkan-test-\(name)-files"
            try FileManager.default.copyItem(atPath: self.files, toPath: files)
            if let base = TestTemplates.postgresBase {
                try await PostgresAdmin.shared.createDatabase(name, template: source, base: base)
                return Copy(database: .postgres(PostgresAdmin.url(base, database: name)), files: files, postgresName: name)
            }
            let path = sqlitePath ?? TestTemplates.scratch + "samverkan-test-\(name).sqlite"
            try FileManager.default.copyItem(atPath: source, toPath: path)
            return Copy(database: .sqliteFile(path), files: files, postgresName: nil)
        }
    }

    struct Copy: Sendable {
        let database: AppConfig.DatabaseChoice
        let files: String
        let postgresName: String?

        func remove() async throws {
            try? FileManager.default.removeItem(atPath: files)
            if let postgresName, let base = TestTemplates.postgresBase {
                try await PostgresAdmin.shared.run("DROP DATABASE IF EXISTS \(postgresName) WITH (FORCE)", base: base)
            } else if case .sqliteFile(let path) = database {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
    }

    /// Set before the first suspension, so concurrent first calls share one build (actors are reentrant).
    private var builds: [Bool: Task<Template, any Error>] = [:]

    func template(demo: Bool) async throws -> Template {
        if let build = builds[demo] { return try await build.value }
        let build = Task { try await Self.build(demo: demo) }
        builds[demo] = build
        return try await build.value
    }

    private static func build(demo: Bool) async throws -> Template {
        let name = "tpl_\(demo ? "demo" : "empty")_\(ProcessInfo.processInfo.processIdentifier)_"
            + UUID().uuidString.prefix(8).lowercased()
        removeTemplatesOfEndedRuns()
        let files = scratch + "samverkan-test-\(name)-files"
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        var config = AppConfig.load(.testing)
        config.storageDirectory = files
        let source: String
        if let base = postgresBase {
            try await PostgresAdmin.shared.createDatabase(name, template: "template0", base: base)
            config.database = .postgres(PostgresAdmin.url(base, database: name))
            source = name
        } else {
            source = scratch + "samverkan-test-\(name).sqlite"
            config.database = .sqliteFile(source)
        }
        let now = Date()
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.clock.set(now)
        do {
            try await configure(app, config: config)
            try await app.autoMigrate()
            if demo {
                try await DemoData.load(on: app.db, directory: app.directory.resourcesDirectory, hasher: app.passwordHasher,
                                        files: FileStore(app: app), now: now)
            }
            if postgresBase == nil, let db = app.db as? any SQLDatabase {
                // Everything into the main file, so that a copy of the file is the whole database.
                try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return Template(source: source, files: files, now: now)
    }

    /// A run's templates outlive it (nothing runs after the last test); the next run removes
    /// those whose process has ended.
    private static func removeTemplatesOfEndedRuns() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: scratch)) ?? []
        for entry in entries where entry.hasPrefix("samverkan-test-tpl_") {
            let parts = entry.split(separator: "_")
            guard parts.count > 2, let pid = Int32(parts[2]), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(atPath: scratch + entry)
        }
    }
}

/// Bounds how many tests run an app at once on PostgreSQL. Swift Testing starts every test at
/// once; 180 apps each migrating and loading demo data on a two-core machine left requests
/// waiting more than the pool's ten seconds for a connection. A few at a time finish sooner.
actor TestSlots {
    static let postgres = TestSlots(limit: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount))
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    func acquire() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// One long-lived connection pool to the PostgreSQL server's maintenance database.
actor PostgresAdmin {
    static let shared = PostgresAdmin()
    /// Set before the first suspension, so concurrent first calls share one app (actors are reentrant).
    private var setup: Task<Application, any Error>?

    func run(_ sql: String, base: String) async throws {
        if setup == nil {
            setup = Task {
                let admin = try await Application.make(.testing)
                var configuration = try SQLPostgresConfiguration(url: base)
                configuration.coreConfiguration.tls = .disable
                admin.databases.use(.postgres(configuration: configuration), as: .psql)
                return admin
            }
        }
        let app = try await setup!.value
        guard let db = app.db as? any SQLDatabase else { return }
        try await db.raw(SQLQueryString(stringLiteral: sql)).run()
    }

    /// Copies a template nobody connects to (template0, or the run's migrated database), so
    /// parallel tests do not collide on template1; retried because PostgreSQL may still refuse a
    /// burst of simultaneous creations.
    func createDatabase(_ name: String, template: String, base: String) async throws {
        var attempt = 0
        while true {
            do {
                try await run("CREATE DATABASE \(name) TEMPLATE \(template)", base: base)
                return
            } catch {
                attempt += 1
                if attempt >= 8 { throw error }
                try await Task.sleep(for: .milliseconds(100 * attempt))
            }
        }
    }

    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }
}

/// A browser-like client: keeps cookies between requests and finds CSRF tokens in pages.
final class Client: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var lastBody = ""

    init(_ app: Application) { self.app = app }

    static let demoPassword = DemoData.password

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a form; adds the session's CSRF token unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if csrf { all.append(("_csrf", try await csrfToken())) }
        let body = all.map { "\(Self.encode($0))=\(Self.encode($1))" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Posts a multipart form with files, as a browser does for uploads; adds the CSRF token.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)],
                       files: [(name: String, filename: String, type: String, data: [UInt8])]) async throws -> TestingHTTPResponse {
        let boundary = "----samverkan\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields + [("_csrf", try await csrfToken())] {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\n")
            body.writeString("Content-Type: \(file.type)\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: body)
    }

    /// Logs in through the form, as a person would.
    @discardableResult
    func login(_ email: String, password: String = Client.demoPassword) async throws -> TestingHTTPResponse {
        try await get("/logga-in")
        return try await post("/logga-in", [("email", email), ("password", password), ("next", "/admin")])
    }

    func csrfToken() async throws -> String {
        if let token = Self.token(in: lastBody) { return token }
        try await get(cookies.isEmpty ? "/logga-in" : "/admin")
        if let token = Self.token(in: lastBody) { return token }
        try await get("/logga-in")
        return Self.token(in: lastBody) ?? ""
    }

    var sessionCookie: String? { cookies["samverkan_session"] }

    func forget(cookie name: String) { cookies[name] = nil }
    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    /// Sent with every request of this client (an `X-Forwarded-For` for a client behind a proxy).
    var defaultHeaders = HTTPHeaders()

    private func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        for (name, value) in defaultHeaders where !headers.contains(name: name) { headers.add(name: name, value: value) }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0)=\($1)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let expired = value.lowercased().contains("max-age=0") || value.contains("1970")
            cookies[String(pair[0])] = expired ? nil : String(pair[1])
        }
        lastBody = response.body.string
        return response
    }

    static func token(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? s
    }
}

extension TestingHTTPResponse {
    var text: String { body.string }
    var location: String? { headers.first(name: .location) }
}

/// Demo accounts, by role and municipality.
enum Demo {
    static let admin = "admin@samverkan.example"
    static func coordinator(_ slug: String) -> String { "samordnare.\(slug)@samverkan.example" }
    static func officer(_ slug: String) -> String { "tjansteperson.\(slug)@samverkan.example" }
    static func councilMember(_ slug: String) -> String { "ledamot.\(slug)@samverkan.example" }
    static func representative(_ slug: String) -> String { "forening.\(slug)@samverkan.example" }
    static let slugs = ["botkyrka", "boras", "orebro", "sodertalje", "eslov"]
}
