@testable import App
import Fluent
import Foundation
import NIOCore
import SQLKit
import Testing
import VaporTesting

/// Watching and checking a deployment: the Prometheus metrics and who may read them, the deploy
/// check, the files a backup must carry, versioned static files, and a stopping worker's claim.
@Suite struct MonitoringTests {
    @Test func metricsCountRequestsByTheRoutesPatternAndReadTheSharedOutbox() async throws {
        try await withTestApp { app in
            let client = Client(app)
            _ = try await client.get("/boras")
            _ = try await client.get("/orebro")
            _ = try await client.get("/finns-inte-alls/och/inte/detta")
            try await Outbox.enqueue(.init(to: "matt@exempel.se", subject: "Prov", text: "Prov", kind: "test", municipalityID: nil),
                                     on: app.db, now: app.clock.now)
            app.metrics.delivered(.init(sent: 3, failed: 1, retrying: 2))
            app.metrics.job("housekeeping", succeeded: true, at: app.clock.now)
            app.metrics.job("housekeeping", succeeded: false, at: app.clock.now)

            let pending = try await OutboxMessage.query(on: app.db).filter(\.$status == .pending).count()
            let text = app.metrics.exposition(outboxByStatus: ["pending": pending], oldestPendingSeconds: 0)
            // Two municipalities' pages are one series: the pattern, never the address.
            #expect(text.contains(#"samverkan_http_requests_total{method="GET",route="/:kommun",status="200"} 2"#))
            #expect(text.contains(#"route="unmatched",status="404"} 1"#))
            #expect(!text.contains("boras") && !text.contains("finns-inte"))
            #expect(text.contains(#"samverkan_http_request_duration_seconds_bucket{route="/:kommun",le="+Inf"} 2"#))
            #expect(text.contains(#"samverkan_http_request_duration_seconds_count{route="/:kommun"} 2"#))
            #expect(text.contains("samverkan_outbox_messages{status=\"pending\"} \(pending)") && pending >= 1)
            #expect(text.contains(#"samverkan_outbox_deliveries_total{result="sent"} 3"#))
            #expect(text.contains(#"samverkan_outbox_deliveries_total{result="failed"} 1"#))
            #expect(text.contains(#"samverkan_job_runs_total{job="housekeeping"} 2"#))
            #expect(text.contains(#"samverkan_job_failures_total{job="housekeeping"} 1"#))
            // Every sample line is `name{labels} number` or `name number`.
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.range(of: #"^[a-z_]+(\{[^}]*\})? [0-9.e+-]+$"#, options: .regularExpression) != nil, "\(line)")
            }
            // A request without a known address (as in these tests) is not on the list.
            #expect(try await client.get("/metrics").status == .notFound)
        }
    }

    @Test func onlyTheAllowedAddressesMayReadTheMetrics() async throws {
        try await withTestApp(demo: false, config: {
            $0.metricsAllow = ["127.0.0.1", "10.20.0.0/16", "fd00::/8"]
            $0.trustedProxies = ["127.0.0.1"]
        }) { app in
            func may(_ peer: String, forwarded: String? = nil) -> Bool {
                var headers = HTTPHeaders()
                if let forwarded { headers.replaceOrAdd(name: .xForwardedFor, value: forwarded) }
                return MetricsController.mayRead(Request(application: app, headers: headers,
                                                         remoteAddress: try! SocketAddress(ipAddress: peer, port: 4000), on: app.eventLoopGroup.next()))
            }
            #expect(may("127.0.0.1"))
            #expect(may("10.20.3.4"))
            #expect(!may("10.21.3.4"))
            #expect(may("fd12::1"))
            #expect(!may("2001:db8::1"))
            #expect(may("::ffff:10.20.0.9"), "an IPv4 client on an IPv6 socket")
            // Through the trusted proxy (nginx on this machine) the client is the one it names.
            #expect(!may("127.0.0.1", forwarded: "203.0.113.9"))
            #expect(may("127.0.0.1", forwarded: "10.20.1.1"))
            // Relayed by someone who is not a trusted proxy: refused, whatever the peer.
            #expect(!may("10.20.3.4", forwarded: "10.20.1.1"))
            #expect(AddressRange("10.0.0.0/33") == nil && AddressRange("inte en adress") == nil)
        }
        try await withTestApp(demo: false, config: { $0.metricsAllow = [] }) { app in
            let req = Request(application: app, remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 1), on: app.eventLoopGroup.next())
            #expect(!MetricsController.mayRead(req), "an empty METRICS_ALLOW turns the metrics off")
        }
    }

    @Test func theDeployCheckNamesWhatIsUnsafeAndWhatIsNot() async throws {
        let backups = FileManager.default.temporaryDirectory.appendingPathComponent("samverkan-backups-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: backups) }
        try await withTestApp { app in
            let result = await DeployCheck.run(app)
            let problems = Set(result.problems.map(\.key))
            for key in ["deploy.problem.production", "deploy.problem.baseURL", "deploy.problem.cookies", "deploy.problem.bcrypt",
                        "deploy.problem.mailFile", "deploy.problem.demoAccounts", "deploy.problem.backupUnset", "deploy.problem.hsts"] {
                #expect(problems.contains(key), "\(key)")
            }
            #expect(result.passed.map(\.key).contains("deploy.ok.migrations"))
            // Every finding has its text in Swedish and English.
            for finding in result.problems + result.passed {
                #expect(app.catalogue.text(finding.key, .sv, finding.arguments) != finding.key)
                #expect(app.catalogue.text(finding.key, .en, finding.arguments) != finding.key)
            }
        }
        FileManager.default.createFile(atPath: backups + "/samverkan-20261207-023000.tar.gz", contents: Data("x".utf8))
        try await withTestApp(demo: false, config: {
            $0.publicBaseURL = "https://samverkan.kommun.se"
            $0.publicBaseURLIsSet = true
            $0.secureCookies = true
            $0.hstsMaxAgeSeconds = 31_536_000
            $0.bcryptCost = 12
            $0.loadDemoData = false
            $0.mailTransport = "sendmail"
            $0.sendmailCommand = "/bin/sh -c true"
            $0.mailFrom = "samverkan@kommun.se"
            $0.backupDirectory = backups
            $0.metricsAllow = ["0.0.0.0/0"]
        }) { app in
            let result = await DeployCheck.run(app)
            let passed = Set(result.passed.map(\.key))
            for key in ["deploy.ok.baseURL", "deploy.ok.cookies", "deploy.ok.hsts", "deploy.ok.bcrypt", "deploy.ok.demoData", "deploy.ok.mail",
                        "deploy.ok.mailFrom", "deploy.ok.demoAccounts", "deploy.ok.backup"] {
                #expect(passed.contains(key), "\(key): \(result.problems)")
            }
            #expect(result.problems.map(\.key).contains("deploy.problem.metrics"), "metrics open to every address")
        }
        // A backup older than a day is named.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3 * 86_400)],
                                              ofItemAtPath: backups + "/samverkan-20261207-023000.tar.gz")
        try await withTestApp(demo: false, config: { $0.backupDirectory = backups }) { app in
            #expect(await DeployCheck.run(app).problems.map(\.key).contains("deploy.problem.backupOld"))
        }
    }

    /// A new column holding a stored file's name that the backup does not know would be left out of it.
    @Test func everyColumnThatNamesAStoredFileIsInTheBackup() async throws {
        try await withTestApp(demo: false) { app in
            guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all().map { try $0.decode(column: "name", as: String.self) }
            var found: [String] = []
            for table in tables {
                for row in try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table))").all() {
                    let column = try row.decode(column: "name", as: String.self)
                    if column.contains("stored") { found.append("\(table).\(column)") }
                }
            }
            let known = Set(Backup.fileColumns.map { "\($0.table).\($0.column)" })
            #expect(!found.isEmpty)
            #expect(Set(found) == known)
        }
    }

    @Test func theStylesheetIsLinkedByItsVersionAndKeptForAYear() async throws {
        try await withTestApp(demo: false) { app in
            let client = Client(app)
            let page = try await client.get("/")
            let href = try #require(page.text.range(of: #"/css/samverkan\.css\?v=[0-9a-f]{24}"#, options: .regularExpression).map { String(page.text[$0]) })
            let css = try await client.get(href)
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            // Another version, or none: revalidated.
            #expect(try await client.get("/css/samverkan.css").headers.first(name: .cacheControl) == "public, no-cache")
            #expect(try await client.get("/css/samverkan.css?v=0").headers.first(name: .cacheControl) == "public, no-cache")
        }
    }

    @Test func aStoppingWorkerGivesBackWhatItHasNotSent() async throws {
        try await withTestApp(demo: false) { app in
            for n in 1...3 {
                try await Outbox.enqueue(.init(to: "mottagare\(n)@exempel.se", subject: "Prov", text: "Prov", kind: "test", municipalityID: nil),
                                         on: app.db, now: app.clock.now)
            }
            let claimed = try await Outbox.claim(on: app.db, limit: 10, now: app.clock.seconds)
            #expect(claimed.count == 3)
            #expect(try await Outbox.claim(on: app.db, limit: 10, now: app.clock.seconds).isEmpty)
            try await Outbox.release(Array(claimed.dropFirst()), on: app.db)
            // The two given back are free at once; the one kept stays claimed.
            let again = try await Outbox.claim(on: app.db, limit: 10, now: app.clock.seconds)
            #expect(Set(again.map(\.toAddress)) == ["mottagare2@exempel.se", "mottagare3@exempel.se"])
        }
    }
}
