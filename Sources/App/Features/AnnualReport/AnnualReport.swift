import Fluent
import SamverkanCore
import Vapor

/// The year's report as the coordinator introduces and publishes it.
final class AnnualReport: Model, @unchecked Sendable {
    static let schema = "annual_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "year") var year: Int
    @OptionalField(key: "introduction") var introduction: String?
    @OptionalField(key: "published_at") var publishedAt: Date?

    init() {}
}
