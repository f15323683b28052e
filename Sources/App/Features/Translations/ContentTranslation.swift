import Fluent
import Foundation
import Vapor

/// A translation of one text of the municipality's content (a field of an agreement version, an
/// article, a support form, a topic, an assignment) into one language. Swedish is the
/// authoritative text: `source` is the Swedish text the translation was made from, so when the
/// Swedish text changes the translation shows as outdated until it is updated.
final class ContentTranslation: Model, @unchecked Sendable {
    static let schema = "content_translations"

    /// What kind of content a translation belongs to.
    enum Subject: String, Codable, CaseIterable, Sendable {
        case agreement, article, supportForm, topic, assignment
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "subject") var subject: Subject
    @Field(key: "subject_id") var subjectID: UUID
    /// The field translated: `title`, `body`; in an agreement its path (`principles.p1.name`).
    @Field(key: "field") var field: String
    @Field(key: "language") var language: String
    @Field(key: "text") var text: String
    @Field(key: "source") var source: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(municipalityID: UUID, subject: Subject, subjectID: UUID, field: String, language: String, text: String, source: String) {
        self.$municipality.id = municipalityID
        self.subject = subject
        self.subjectID = subjectID
        self.field = field
        self.language = language
        self.text = text
        self.source = source
    }
}
