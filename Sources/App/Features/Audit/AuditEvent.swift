import Fluent
import Foundation
import Vapor

/// One entry of the audit trail.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    enum Kind: String, Codable, Sendable { case request, create, update, delete }

    @ID(key: .id) var id: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    /// The name the person had then (kept when the account is later erased: "Raderad person").
    @Field(key: "actor_name") var actorName: String
    @Field(key: "kind") var kind: Kind
    /// For a request: the route's pattern, the address and the status of the answer.
    @OptionalField(key: "route") var route: String?
    @OptionalField(key: "path") var path: String?
    @OptionalField(key: "status") var status: Int?
    /// For a change: the table, the row's id, and the changed fields before and after (JSON).
    @OptionalField(key: "table_name") var tableName: String?
    @OptionalField(key: "row_id") var rowID: String?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?

    init() {}
}

/// Who is acting, carried in the request logger's metadata so that every database handle the
/// request opens (and every transaction) knows it, down to the model middleware.
enum AuditActor {
    static let userKey = "audit-user"
    static let nameKey = "audit-name"
    static let municipalityKey = "audit-municipality"

    struct Actor: Sendable { let userID: UUID; let name: String; let municipalityID: UUID? }

    static func set(_ user: User, on request: Request) {
        guard let id = user.id else { return }
        request.logger[metadataKey: userKey] = .string(id.uuidString)
        request.logger[metadataKey: nameKey] = .string(user.name)
        if let m = request.loadedMunicipality?.id ?? user.$municipality.id { request.logger[metadataKey: municipalityKey] = .string(m.uuidString) }
    }

    static func of(_ db: any Database) -> Actor? {
        let logger = db.logger
        guard case .string(let id)? = logger[metadataKey: userKey], let userID = UUID(uuidString: id) else { return nil }
        var name = ""
        if case .string(let n)? = logger[metadataKey: nameKey] { name = n }
        var municipality: UUID?
        if case .string(let m)? = logger[metadataKey: municipalityKey] { municipality = UUID(uuidString: m) }
        return Actor(userID: userID, name: name, municipalityID: municipality)
    }
}
