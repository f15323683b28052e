import Fluent
import Vapor

final class DevelopmentArea: Model, @unchecked Sendable {
    static let schema = "development_areas"

    @ID(key: .id) var id: UUID?

    @Parent(key: "agreement_id") var agreement: Agreement

    @Field(key: "key") var key: String
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?

    @Children(for: \.$area) var activities: [PlanActivity]

    init() {}

    init(agreementID: UUID, key: String, position: Int, name: String, description: String?) {
        self.$agreement.id = agreementID
        self.key = key
        self.position = position
        self.name = name
        self.description = description
    }
}

/// A step of the action plan under a development area.
final class PlanActivity: Model, @unchecked Sendable {
    static let schema = "plan_activities"

    @ID(key: .id) var id: UUID?

    @Parent(key: "area_id") var area: DevelopmentArea

    @Field(key: "position") var position: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "description") var description: String?
    @Field(key: "owner_party") var ownerParty: String
    @OptionalField(key: "responsible") var responsible: String?
    @OptionalField(key: "start_date") var startDate: String?
    @OptionalField(key: "due_date") var dueDate: String?
    @Field(key: "status") var status: String
    /// An `PlanIndicator`: a figure the platform counts that the activity follows.
    @OptionalField(key: "indicator") var indicator: String?

    init() {}
}
