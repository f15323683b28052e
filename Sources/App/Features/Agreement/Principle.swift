import Fluent
import Vapor

final class Principle: Model, @unchecked Sendable {
    static let schema = "principles"

    @ID(key: .id) var id: UUID?

    @Parent(key: "agreement_id") var agreement: Agreement

    @Field(key: "key") var key: String
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var description: String?

    init() {}

    init(agreementID: UUID, key: String, position: Int, name: String, description: String?) {
        self.$agreement.id = agreementID
        self.key = key
        self.position = position
        self.name = name
        self.description = description
    }
}
