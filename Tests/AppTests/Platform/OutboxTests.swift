@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SamverkanCore
import Testing
import Vapor

/// Records what it is asked to send; fails while `failing` is set.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    let sent = NIOLockedValueBox<[MailMessage]>([])
    let failing = NIOLockedValueBox(false)

    func send(_ message: MailMessage) async throws {
        if failing.withLockedValue({ $0 }) { throw MailTransportError.programFailed(status: 75, output: "connection refused") }
        sent.withLockedValue { $0.append(message) }
    }
}

@Suite struct OutboxTests {
    private func enqueue(_ app: Application, _ count: Int) async throws {
        for n in 1...count {
            try await Outbox.enqueue(.init(to: "mottagare\(n)@example.se", subject: "Ämne \(n)", text: "Hej", kind: "test",
                                           municipalityID: nil), on: app.db, now: app.clock.now)
        }
    }

    @Test func twoClaimsNeverShareAMessage() async throws {
        try await withTestApp(demo: false) { app in
            try await enqueue(app, 30)
            let now = app.clock.seconds
            async let first = Outbox.claim(on: app.db, limit: 20, now: now)
            async let second = Outbox.claim(on: app.db, limit: 20, now: now)
            let (a, b) = try await (first, second)
            #expect(Set(a.compactMap(\.id)).isDisjoint(with: Set(b.compactMap(\.id))))
            #expect(a.count + b.count == 30)
            #expect(try await Outbox.claim(on: app.db, limit: 20, now: now).isEmpty)
        }
    }

    @Test func deliveryRendersProperMIMEAndMarksSent() async throws {
        try await withTestApp(demo: false) { app in
            let transport = RecordingTransport()
            app.mailTransport = transport
            try await enqueue(app, 3)
            let report = try await Outbox.deliverDue(app: app, now: { app.clock.now })
            #expect(report == .init(sent: 3, failed: 0, retrying: 0))
            let sent = transport.sent.withLockedValue { $0 }
            #expect(sent.count == 3)
            #expect(try sent[0].rendered().contains("Subject: =?UTF-8?B?"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$status == .sent).count() == 3)
            #expect(try await Outbox.deliverDue(app: app, now: { app.clock.now }) == .init())
        }
    }

    @Test func failuresAreRetriedWithBackoffThenGiveUp() async throws {
        try await withTestApp(demo: false) { app in
            let transport = RecordingTransport()
            transport.failing.withLockedValue { $0 = true }
            app.mailTransport = transport
            try await enqueue(app, 1)
            let start = app.clock.now
            var report = try await Outbox.deliverDue(app: app, now: { start })
            #expect(report.retrying == 1)
            var row = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(row.status == .pending)
            #expect(row.attempts == 1)
            #expect(row.nextAttemptAt == Int(start.timeIntervalSince1970) + 60)
            #expect(row.lastError?.contains("connection refused") == true)
            // Not due yet: nothing happens.
            #expect(try await Outbox.deliverDue(app: app, now: { start.addingTimeInterval(30) }) == .init())
            // Each later attempt waits twice as long, until the last one marks it failed.
            var clock = start
            for attempt in 2...Outbox.maxAttempts {
                clock = clock.addingTimeInterval(Double(Outbox.backoffSeconds(afterAttempt: attempt - 1)))
                let now = clock
                report = try await Outbox.deliverDue(app: app, now: { now })
            }
            row = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(row.status == .failed)
            #expect(row.attempts == Outbox.maxAttempts)
            #expect(report.failed == 1)
            #expect(Outbox.backoffSeconds(afterAttempt: 3) == 240)
        }
    }

    @Test func theCoordinatorSeesFailuresAndCanRetry() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            try await Outbox.enqueue(.init(to: "trasig@example.se", subject: "Påminnelse", text: "Hej", kind: "test",
                                           municipalityID: m.id), on: app.db, now: app.clock.now)
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "trasig@example.se").first())
            row.status = .failed
            row.attempts = Outbox.maxAttempts
            row.lastError = "550 mailbox unavailable"
            try await row.save(on: app.db)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let page = try await coordinator.get("/admin/boras/utgaende-post")
            #expect(page.text.contains("trasig@example.se"))
            #expect(page.text.contains("550 mailbox unavailable"))
            try await coordinator.post("/admin/boras/utgaende-post/\(row.id!)/forsok-igen")
            let retried = try #require(try await OutboxMessage.find(row.id, on: app.db))
            #expect(retried.status == .pending)
            #expect(retried.attempts == 0)
            // Another municipality's coordinator does not see it, and cannot retry it.
            let other = Client(app)
            try await other.login(Demo.coordinator("eslov"))
            #expect(!(try await other.get("/admin/eslov/utgaende-post").text.contains("trasig@example.se")))
            #expect(try await other.post("/admin/eslov/utgaende-post/\(row.id!)/forsok-igen").status == .notFound)
        }
    }

    @Test func theFileTransportWritesEMLFiles() async throws {
        let directory = NSTemporaryDirectory() + "samverkan-eml-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let transport = FileTransport(directory: directory)
        try await transport.send(MailMessage(from: "a@b.se", to: "c@d.se", subject: "Hej", text: "Text",
                                             messageID: "x1@test", date: Date()))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(files.count == 1)
        #expect(files[0].hasSuffix(".eml"))
        let text = try String(contentsOfFile: directory + "/" + files[0], encoding: .utf8)
        #expect(text.contains("Message-ID: <x1@test>"))
    }
}
