import Fluent
import SamverkanCore
import Vapor

final class Commitment: Model, @unchecked Sendable {
    static let schema = "commitments"

    @ID(key: .id) var id: UUID?

    @Parent(key: "agreement_id") var agreement: Agreement

    @Field(key: "key") var key: String
    @Field(key: "position") var position: Int
    @Field(key: "party") var party: String
    @Field(key: "text") var text: String

    @Siblings(through: CommitmentPrinciple.self, from: \.$commitment, to: \.$principle)
    var principles: [Principle]

    init() {}

    init(agreementID: UUID, key: String, position: Int, party: Party, text: String) {
        self.$agreement.id = agreementID
        self.key = key
        self.position = position
        self.party = party.rawValue
        self.text = text
    }
}

/// Ties a commitment to a principle it serves; `position` keeps the order the author gave.
final class CommitmentPrinciple: Model, @unchecked Sendable {
    static let schema = "commitment_principles"

    @ID(key: .id) var id: UUID?

    @Parent(key: "commitment_id") var commitment: Commitment
    @Parent(key: "principle_id") var principle: Principle

    @Field(key: "position") var position: Int

    init() {}

    init(commitmentID: UUID, principleID: UUID, position: Int) {
        self.$commitment.id = commitmentID
        self.$principle.id = principleID
        self.position = position
    }
}
