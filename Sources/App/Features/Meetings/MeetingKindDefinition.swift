import Fluent
import SamverkanCore
import Vapor

/// A kind of meeting a municipality adds of its own, beside the four built in.
final class MeetingKindDefinition: Model, @unchecked Sendable {
    static let schema = "meeting_kinds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String

    init() {}
}
