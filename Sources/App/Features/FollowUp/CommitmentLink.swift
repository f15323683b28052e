import Fluent
import SamverkanCore
import Vapor

/// The coordinator's statement that a commitment continues an earlier one whose text changed.
final class CommitmentLink: Model, @unchecked Sendable {
    static let schema = "commitment_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "from_commitment_id") var from: Commitment
    @Parent(key: "to_commitment_id") var to: Commitment

    init() {}
}
