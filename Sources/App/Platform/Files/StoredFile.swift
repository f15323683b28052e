import Fluent
import Vapor

/// An uploaded file, kept outside the web root under a name the server made.
final class StoredFile: Model, @unchecked Sendable {
    static let schema = "stored_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "original_name") var originalName: String
    @Field(key: "stored_name") var storedName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @OptionalParent(key: "uploaded_by") var uploadedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
