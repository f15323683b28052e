import Fluent
import Vapor

/// A model that belongs to one municipality, so that a path's id can be looked up within it.
protocol MunicipalityScoped: Model where IDValue == UUID {
    static var municipalityKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension Request {
    /// The `type` whose id is the path's `parameter`, within municipality `m`; 404 otherwise, so an
    /// id of another municipality looks exactly like one that does not exist. `refine` narrows the
    /// query further (a status, eager loading).
    func find<M: MunicipalityScoped>(
        _ type: M.Type, _ parameter: String, in m: Municipality, notFound key: String = "error.itemNotFound",
        _ refine: (QueryBuilder<M>) -> QueryBuilder<M> = { $0 }
    ) async throws -> M {
        guard let id = parameters.get(parameter, as: UUID.self),
              let found = try await refine(M.query(on: db).filter(\._$id == id).filter(M.municipalityKey == m.requireID())).first()
        else { throw Abort(.notFound, reason: t(key)) }
        return found
    }
}

extension Organisation: MunicipalityScoped { static var municipalityKey: KeyPath<Organisation, FieldProperty<Organisation, UUID>> { \.$municipality.$id } }
extension Meeting: MunicipalityScoped { static var municipalityKey: KeyPath<Meeting, FieldProperty<Meeting, UUID>> { \.$municipality.$id } }
extension MeetingKindDefinition: MunicipalityScoped { static var municipalityKey: KeyPath<MeetingKindDefinition, FieldProperty<MeetingKindDefinition, UUID>> { \.$municipality.$id } }
extension ObligationRecord: MunicipalityScoped { static var municipalityKey: KeyPath<ObligationRecord, FieldProperty<ObligationRecord, UUID>> { \.$municipality.$id } }
extension ActivityArea: MunicipalityScoped { static var municipalityKey: KeyPath<ActivityArea, FieldProperty<ActivityArea, UUID>> { \.$municipality.$id } }
extension Accession: MunicipalityScoped { static var municipalityKey: KeyPath<Accession, FieldProperty<Accession, UUID>> { \.$municipality.$id } }
extension Department: MunicipalityScoped { static var municipalityKey: KeyPath<Department, FieldProperty<Department, UUID>> { \.$municipality.$id } }
