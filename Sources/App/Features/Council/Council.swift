import Fluent
import SamverkanCore
import Vapor

/// The standing joint body of the agreement (samråd, samverkansgrupp, styrgrupp): one per
/// municipality, named as the municipality chooses.
final class Council: Model, @unchecked Sendable {
    static let schema = "councils"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?
    @Children(for: \.$council) var members: [CouncilMember]

    init() {}

    init(municipalityID: UUID, name: String, description: String? = nil) {
        self.$municipality.id = municipalityID
        self.name = name
        self.description = description
    }
}

/// A seat on the council for a term; a member whose term has ended stays in its history.
final class CouncilMember: Model, @unchecked Sendable {
    static let schema = "council_members"

    enum Role: String, Codable, CaseIterable, Sendable {
        case chair, viceChair, member, deputy
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "council_id") var council: Council

    @Field(key: "name") var name: String
    /// Lets the member register for council meetings; never shown publicly.
    @OptionalField(key: "email") var email: String?
    /// Which side the member sits for: `.municipality` or `.civilSociety`.
    @Field(key: "party") var party: Party
    /// The organisation or department the member comes from.
    @Field(key: "affiliation") var affiliation: String
    @Field(key: "role") var role: Role
    @Field(key: "term_start") var termStart: String
    @OptionalField(key: "term_end") var termEnd: String?

    init() {}

    /// Sitting on `day` (YYYY-MM-DD): the term has begun and not ended.
    func sits(on day: String) -> Bool {
        termStart <= day && (termEnd.map { day <= $0 } ?? true)
    }
}
