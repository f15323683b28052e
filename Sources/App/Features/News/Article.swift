import Fluent
import Foundation
import SamverkanCore
import Vapor

/// A news article of the municipality to the sector, written by the coordinator in the small
/// Markdown of `SafeMarkdown`, with an image that must have an alt text. Public from its publish
/// date once published; a draft is the coordinator's alone.
final class Article: Model, @unchecked Sendable {
    static let schema = "articles"

    enum Status: String, Codable, CaseIterable, Sendable { case draft, published }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// The address's last part, made from the first title and kept, so links keep working.
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "body") var body: String
    @Field(key: "image_stored_name") var imageStoredName: String
    @Field(key: "image_content_type") var imageContentType: String
    @Field(key: "image_sha256") var imageSHA256: String
    @Field(key: "image_width") var imageWidth: Int
    @Field(key: "image_height") var imageHeight: Int
    @Field(key: "image_alt") var imageAlt: String
    @Field(key: "publish_on") var publishOn: String
    @Field(key: "status") var status: Status
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func isPublic(today: CalendarDate) -> Bool {
        status == .published && (CalendarDate(publishOn).map { $0 <= today } ?? false)
    }
}

extension Article: MunicipalityScoped { static var municipalityKey: KeyPath<Article, FieldProperty<Article, UUID>> { \.$municipality.$id } }
