import Fluent
import SamverkanCore
import Vapor

/// What of a municipality's content can be translated, with its Swedish text: the agreement's
/// texts (the version in force and a draft), the news, the forms of support, the topics of one way
/// in and the reviewed volunteer assignments.
enum TranslatableContent {
    struct Text: Sendable {
        let field: String
        let label: String
        let swedish: String
        let multiline: Bool
    }

    struct Item: Sendable {
        let subject: ContentTranslation.Subject
        let id: UUID
        let heading: String
        let texts: [Text]
    }

    /// The subjects in the order the overview shows them, with their address's part.
    static let subjects: [(ContentTranslation.Subject, String)] = [
        (.agreement, "overenskommelse"), (.article, "aktuellt"), (.supportForm, "stod"), (.topic, "amne"), (.assignment, "uppdrag"),
    ]

    static func subject(inPath part: String) -> ContentTranslation.Subject? { subjects.first { $0.1 == part }?.0 }
    static func pathPart(_ subject: ContentTranslation.Subject) -> String { subjects.first { $0.0 == subject }!.1 }

    /// Every item of `subject` in the municipality.
    static func items(_ subject: ContentTranslation.Subject, of m: Municipality, id: UUID? = nil, on db: any Database,
                      t: Translator) async throws -> [Item] {
        let mid = try m.requireID()
        func text(_ field: String, _ swedish: String?, multiline: Bool = false) -> Text? {
            guard let swedish, !swedish.isEmpty else { return nil }
            return Text(field: field, label: t("translations.field.\(field)"), swedish: swedish, multiline: multiline)
        }
        switch subject {
        case .agreement:
            var query = Agreement.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status != .superseded)
            if let id { query = query.filter(\.$id == id) }
            let versions = try await query.sort(\.$version, .descending).all()
            return try await AgreementSnapshot.loadMany(versions, on: db).map { s in
                let key = s.agreement.status == .draft ? "translations.agreement.draft" : "translations.agreement.inForce"
                return Item(subject: .agreement, id: try s.agreement.requireID(), heading: t(key, String(s.agreement.version)),
                            texts: s.document.translatableTexts.map { path, swedish in
                                Text(field: path, label: agreementLabel(path, s.document, t: t), swedish: swedish,
                                     multiline: path == "purpose" || path.hasSuffix(".description") || path.hasSuffix(".text"))
                            })
            }
        case .article:
            var query = Article.query(on: db).filter(\.$municipality.$id == mid)
            if let id { query = query.filter(\.$id == id) }
            return try await query.sort(\.$publishOn, .descending).all().map { a in
                Item(subject: .article, id: try a.requireID(), heading: a.title, texts: [
                    text("title", a.title), text("summary", a.summary, multiline: true), text("body", a.body, multiline: true),
                    text("imageAlt", a.imageAlt),
                ].compactMap { $0 })
            }
        case .supportForm:
            var query = SupportForm.query(on: db).filter(\.$municipality.$id == mid)
            if let id { query = query.filter(\.$id == id) }
            return try await query.sort(\.$position).sort(\.$name).all().map { f in
                Item(subject: .supportForm, id: try f.requireID(), heading: f.name, texts: [
                    text("name", f.name), text("whoMayApply", f.whoMayApply, multiline: true),
                    text("howToApply", f.howToApply, multiline: true), text("deadlines", f.deadlines, multiline: true),
                ].compactMap { $0 })
            }
        case .topic:
            var query = Topic.query(on: db).filter(\.$municipality.$id == mid)
            if let id { query = query.filter(\.$id == id) }
            return try await query.sort(\.$position).sort(\.$name).all().map { topic in
                Item(subject: .topic, id: try topic.requireID(), heading: topic.name, texts: [
                    text("name", topic.name), text("description", topic.description, multiline: true),
                ].compactMap { $0 })
            }
        case .assignment:
            var query = VolunteerAssignment.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status ~~ [.published, .filled])
            if let id { query = query.filter(\.$id == id) }
            return try await query.sort(\.$lastDay, .descending).all().map { a in
                Item(subject: .assignment, id: try a.requireID(), heading: a.title, texts: [
                    text("title", a.title), text("description", a.description, multiline: true),
                ].compactMap { $0 })
            }
        }
    }

    /// "Principle «Självständighet»: name" and the like, for a path of the agreement.
    static func agreementLabel(_ path: String, _ d: AgreementDocument, t: Translator) -> String {
        let parts = path.split(separator: ".").map(String.init)
        switch parts.first {
        case "principles":
            let name = d.principles.first { $0.key == parts[1] }?.name ?? parts[1]
            return t("translations.agreement.principle.\(parts[2])", name)
        case "commitments":
            return t("translations.agreement.commitment", parts[1])
        case "developmentAreas":
            let area = d.developmentAreas.first { $0.key == parts[1] }
            if parts.count > 3, let n = Int(parts[3]) {
                return t("translations.agreement.activity.\(parts[4])", area?.name ?? parts[1], String(n))
            }
            return t("translations.agreement.area.\(parts[2])", area?.name ?? parts[1])
        default:
            return t("translations.field.\(path)")
        }
    }
}
