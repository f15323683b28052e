@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor

/// The agreement file through the database: import then export loses nothing.
@Suite struct AgreementImportTests {
    static func demoText(_ slug: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Resources/Agreements/\(slug).yaml")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: Demo.slugs)
    func exportOfImportEqualsTheFile(slug: String) async throws {
        try await withTestApp(demo: false) { app in
            let document = try AgreementFile.parse(Self.demoText(slug))
            let m = Municipality(slug: slug, name: slug)
            try await m.create(on: app.db)
            let stored = try await AgreementStore.importDocument(document, into: m, status: .inForce, on: app.db, now: app.clock.now)
            let exported = try await AgreementSnapshot.load(stored, on: app.db).document
            #expect(exported == document)
            #expect(try AgreementFile.parse(AgreementFile.write(exported)) == document)
        }
    }

    @Test func aFailingImportLeavesNothingBehind() async throws {
        try await withTestApp(demo: false) { app in
            let m = Municipality(slug: "test", name: "Testkommun")
            try await m.create(on: app.db)
            // Two principles with one key pass no file check, so the database's unique index stops it midway.
            let broken = AgreementDocument(
                title: "Trasig", parties: .init(municipality: "K", civilSociety: "C"),
                principles: [.init(key: "a", name: "A"), .init(key: "a", name: "A igen")],
                commitments: [.init(key: "c", party: .both, text: "T", principles: ["a"])]
            )
            await #expect(throws: (any Error).self) {
                try await AgreementStore.importDocument(broken, into: m, status: .inForce, on: app.db, now: app.clock.now)
            }
            #expect(try await Agreement.query(on: app.db).count() == 0)
            #expect(try await Principle.query(on: app.db).count() == 0)
        }
    }

    @Test func importingANewVersionSupersedesTheOldOne() async throws {
        try await withTestApp { app in
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "boras").first())
            var document = try AgreementFile.parse(Self.demoText("boras"))
            document.title = "Överenskommelsen i Borås, reviderad"
            let v2 = try await AgreementStore.importDocument(document, into: m, status: .inForce, on: app.db, now: app.clock.now)
            #expect(v2.version == 2)
            let statuses = try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .sort(\.$version).all().map(\.status)
            #expect(statuses == [.superseded, .inForce])
        }
    }
}
