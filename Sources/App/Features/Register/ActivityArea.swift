import Fluent
import Vapor

/// The activity areas a municipality keeps for its register (sport, culture, …).
final class ActivityArea: Model, @unchecked Sendable {
    static let schema = "activity_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    init() {}

    init(municipalityID: UUID, name: String, position: Int) {
        self.$municipality.id = municipalityID
        self.name = name
        self.position = position
    }
}

final class OrganisationActivityArea: Model, @unchecked Sendable {
    static let schema = "organisation_activity_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "area_id") var area: ActivityArea

    init() {}

    init(organisationID: UUID, areaID: UUID) {
        self.$organisation.id = organisationID
        self.$area.id = areaID
    }
}
