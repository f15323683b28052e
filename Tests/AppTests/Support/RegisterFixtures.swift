@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor

/// Look-ups of demo records and outbox contents for the register and joining tests.
enum Fixture {
    static func municipality(_ app: Application, _ slug: String) async throws -> Municipality {
        try #require(try await Municipality.query(on: app.db).filter(\.$slug == slug).first())
    }

    static func organisation(_ app: Application, _ name: String) async throws -> Organisation {
        try #require(try await Organisation.query(on: app.db).filter(\.$name == name).first())
    }

    /// The organisation the demo representative of `slug` acts for.
    static func representedOrganisation(_ app: Application, _ slug: String) async throws -> Organisation {
        let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative(slug)).first())
        let link = try #require(try await OrganisationRepresentative.query(on: app.db).filter(\.$user.$id == user.requireID()).first())
        return try #require(try await Organisation.find(link.$organisation.id, on: app.db))
    }

    static func mail(_ app: Application, to address: String) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$toAddress == address).sort(\.$createdAt).all()
    }

    /// The first link in a message body that starts with the given path.
    static func link(in message: OutboxMessage, path: String) -> String? {
        guard let range = message.body.range(of: path) else { return nil }
        let rest = message.body[range.lowerBound...]
        return String(rest.prefix { !$0.isWhitespace })
    }

    static let pdf: [UInt8] = SimplePDF.document(lines: ["Protokoll", "Styrelsen beslutar att ansluta."])
}
