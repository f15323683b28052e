import Fluent
import SamverkanCore
import Vapor

/// Child objects of an agreement version that the editor looks up by `:item` id.
protocol VersionItem: Model where IDValue == UUID {
    static func query(_ id: UUID, in agreement: Agreement, on db: any Database) async throws -> Self?
}

extension Principle: VersionItem {
    static func query(_ id: UUID, in agreement: Agreement, on db: any Database) async throws -> Principle? {
        try await Principle.query(on: db).filter(\.$id == id).filter(\.$agreement.$id == agreement.requireID()).first()
    }
}

extension Commitment: VersionItem {
    static func query(_ id: UUID, in agreement: Agreement, on db: any Database) async throws -> Commitment? {
        try await Commitment.query(on: db).filter(\.$id == id).filter(\.$agreement.$id == agreement.requireID()).first()
    }
}

extension DevelopmentArea: VersionItem {
    static func query(_ id: UUID, in agreement: Agreement, on db: any Database) async throws -> DevelopmentArea? {
        try await DevelopmentArea.query(on: db).filter(\.$id == id).filter(\.$agreement.$id == agreement.requireID()).first()
    }
}

extension Request {
    /// The `:item` of this version; 404 when it is not there (including ids of other municipalities).
    func item<T: VersionItem>(_ type: T.Type, in agreement: Agreement, parameter: String = "item") async throws -> T {
        guard let id = parameters.get(parameter, as: UUID.self),
              let found = try await T.query(id, in: agreement, on: db) else {
            throw Abort(.notFound, reason: t("error.itemNotFound"))
        }
        return found
    }
}
