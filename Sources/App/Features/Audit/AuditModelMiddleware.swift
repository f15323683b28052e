import Fluent
import Foundation
import Vapor

/// Records every row a logged-in person's request creates, changes or deletes through a model,
/// with the changed fields before and after, in the same transaction as the change (so a change
/// rolled back, such as a confirmation's dry run, leaves no entry). Secrets are left out.
struct AuditModelMiddleware<M: Model & Encodable>: AsyncModelMiddleware where M.IDValue: CustomStringConvertible {
    typealias Model = M

    /// Fields whose values are never written to the log (the model's property names).
    static var secret: Set<String> { ["passwordHash", "tokenHash", "token", "data", "value", "body", "claimToken", "unsubscribeURL"] }

    static func fields(_ model: M) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(model),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var out: [String: String] = [:]
        for (key, value) in object where !secret.contains(key) {
            if let nested = value as? [String: Any], let id = nested["id"] { out[key] = "\(id)" }
            else if value is NSNull { out[key] = "" }
            else if let text = value as? String { out[key] = text }
            else if let json = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                out[key] = String(decoding: json, as: UTF8.self)
            }
        }
        return out
    }

    static func json(_ fields: [String: String]) -> String? {
        guard !fields.isEmpty, let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func record(_ kind: AuditEvent.Kind, _ model: M, before: [String: String], after: [String: String], on db: any Database) async throws {
        guard let actor = AuditActor.of(db) else { return }
        let event = AuditEvent()
        event.createdAt = Date()
        event.municipalityID = actor.municipalityID
        event.userID = actor.userID
        event.actorName = actor.name
        event.kind = kind
        event.tableName = M.schema
        event.rowID = model.id.map { "\($0)" }
        event.before = Self.json(before)
        event.after = Self.json(after)
        try await event.create(on: db)
    }

    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await Self.record(.create, model, before: [:], after: Self.fields(model), on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        guard AuditActor.of(db) != nil, let id = model.id, let stored = try await M.find(id, on: db) else {
            return try await next.update(model, on: db)
        }
        let old = Self.fields(stored), new = Self.fields(model)
        try await next.update(model, on: db)
        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] && $0 != "updatedAt" }
        guard !changed.isEmpty else { return }
        try await Self.record(.update, model, before: old.filter { changed.contains($0.key) }, after: new.filter { changed.contains($0.key) }, on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let old = Self.fields(model)
        try await next.delete(model, force: force, on: db)
        try await Self.record(.delete, model, before: old, after: [:], on: db)
    }
}

/// The models whose changes by staff are logged: everything people change from the admin pages.
enum Audit {
    static func register(on app: Application) {
        let m = app.databases.middleware
        m.use(AuditModelMiddleware<Agreement>()); m.use(AuditModelMiddleware<Principle>()); m.use(AuditModelMiddleware<Commitment>())
        m.use(AuditModelMiddleware<CommitmentPrinciple>()); m.use(AuditModelMiddleware<DevelopmentArea>())
        m.use(AuditModelMiddleware<PlanActivity>()); m.use(AuditModelMiddleware<ActivityNote>()); m.use(AuditModelMiddleware<AgreementRule>())
        m.use(AuditModelMiddleware<Organisation>()); m.use(AuditModelMiddleware<ContactPerson>())
        m.use(AuditModelMiddleware<OrganisationRepresentative>()); m.use(AuditModelMiddleware<ActivityArea>())
        m.use(AuditModelMiddleware<Accession>()); m.use(AuditModelMiddleware<SigningEvent>()); m.use(AuditModelMiddleware<StoredFile>())
        m.use(AuditModelMiddleware<Council>()); m.use(AuditModelMiddleware<CouncilMember>()); m.use(AuditModelMiddleware<Meeting>())
        m.use(AuditModelMiddleware<MeetingKindDefinition>()); m.use(AuditModelMiddleware<MeetingRegistration>())
        m.use(AuditModelMiddleware<ObligationRecord>()); m.use(AuditModelMiddleware<Department>())
        m.use(AuditModelMiddleware<FollowUpRound>()); m.use(AuditModelMiddleware<FollowUpQuestion>())
        m.use(AuditModelMiddleware<FollowUpResponse>()); m.use(AuditModelMiddleware<CommitmentLink>())
        m.use(AuditModelMiddleware<AnnualReport>()); m.use(AuditModelMiddleware<Municipality>()); m.use(AuditModelMiddleware<User>())
    }
}

/// Writes that change many rows in one statement pass no model middleware: these go row by row
/// through the trail, so a bulk change by staff is logged as fully as a single one.
extension QueryBuilder where Model: Encodable, Model.IDValue: CustomStringConvertible {
    /// Deletes the matching rows; with a logged-in actor, one entry per row with what it held.
    func auditedDelete() async throws {
        guard AuditActor.of(database) != nil else { return try await delete() }
        let rows = try await copy().all()
        try await delete()
        for row in rows {
            try await AuditModelMiddleware<Model>.record(.delete, row, before: AuditModelMiddleware<Model>.fields(row), after: [:], on: database)
        }
    }

    /// Changes the matching rows one by one through the model (and so the trail).
    func auditedUpdate(_ change: @Sendable (Model) -> Void) async throws {
        for row in try await all() {
            change(row)
            try await row.save(on: database)
        }
    }
}
