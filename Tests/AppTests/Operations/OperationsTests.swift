@testable import App
import Fluent
import Foundation
import Testing
import VaporTesting

/// Running the server: where it finds its resources, whether it is up and ready, and which
/// request an answer belongs to.
@Suite struct OperationsTests {
    @Test func theServerIsUpAndReadyAndSaysWhenItIsNot() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let up = try await client.get("/healthz")
            #expect(up.status == .ok)
            #expect(up.text == #"{"status":"ok"}"#)
            #expect(up.headers.first(name: .cacheControl) == "no-store")
            let ready = try await client.get("/readyz")
            #expect(ready.status == .ok)
            #expect(ready.text.contains(#""database":"ok""#) && ready.text.contains(#""migrations":"ok""#) && ready.text.contains(#""outbox":"ok""#))

            // A message an hour past its time: the outbox is stuck, the instance not ready.
            try await Outbox.enqueue(.init(to: "fast@exempel.se", subject: "Prov", text: "Prov", kind: "test", municipalityID: nil),
                                     on: app.db, now: app.clock.now)
            let message = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "fast@exempel.se").first())
            message.nextAttemptAt = app.clock.seconds - 3600
            try await message.save(on: app.db)
            let stuck = try await client.get("/readyz")
            #expect(stuck.status == .serviceUnavailable)
            #expect(stuck.text.contains(#""outbox":"1 waiting over 15 minutes""#))
        }
    }

    @Test func everyAnswerNamesItsRequest() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let first = try await client.get("/boras")
            let second = try await client.get("/finns-inte-alls")
            let a = try #require(first.headers.first(name: "X-Request-ID"))
            let b = try #require(second.headers.first(name: "X-Request-ID"))
            #expect(!a.isEmpty && a != b)
            #expect(try await client.get("/api/v1/municipalities").headers.first(name: "X-Request-ID") != nil)
        }
    }

    @Test func theResourcesAreFoundWhereverTheServerStarts() throws {
        let root = LocalizationTests.root
        let elsewhere = FileManager.default.temporaryDirectory.path
        // Set: used as it is.
        #expect(try AppHome.locate(environment: ["SAMVERKAN_HOME": root.path], workingDirectory: elsewhere, executable: "/usr/bin/x").path
            == root.path)
        // The project as the working directory.
        #expect(try AppHome.locate(environment: [:], workingDirectory: root.path, executable: "/usr/bin/x").standardizedFileURL.path == root.standardizedFileURL.path)
        // Started from elsewhere: found above the executable (`.build/debug/samverkan`).
        let executable = root.appendingPathComponent(".build/debug/samverkan").path
        #expect(try AppHome.locate(environment: [:], workingDirectory: elsewhere, executable: executable).standardizedFileURL.path
            == root.standardizedFileURL.path)
        // Not found: one line that names the setting.
        do {
            _ = try AppHome.locate(environment: ["SAMVERKAN_HOME": elsewhere], workingDirectory: elsewhere, executable: "")
            Issue.record("a folder without Resources/ was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.description.contains("SAMVERKAN_HOME"))
            #expect(!failure.description.contains("\n"))
        }
        #expect(throws: CommandFailure.self) { try AppHome.locate(environment: [:], workingDirectory: elsewhere, executable: "/usr/bin/x") }
    }
}
