import Fluent
import Foundation
import Vapor

/// A text as a page shows it: the translation into the reader's language when there is one, else
/// the Swedish text; `lang` is the element's `lang` attribute when the text is not in the page's
/// language (Swedish text on a page in another language), nil when it is.
struct ShownText: Encodable, Sendable {
    let text: String
    let lang: String?
    /// A translation shown.
    let translated: Bool
    /// A translation made from a Swedish text that has changed since.
    let outdated: Bool

    /// A Swedish text on a page in `page`'s language.
    static func swedish(_ text: String, on page: Language = .default) -> ShownText {
        .init(text: text, lang: page == .default ? nil : Language.default.rawValue, translated: false, outdated: false)
    }
}

/// The translations of some content into one language, loaded in one query (none in Swedish).
struct TranslatedTexts: Sendable {
    let language: Language
    private let rows: [String: ContentTranslation]

    init(language: Language, rows: [ContentTranslation]) {
        self.language = language
        self.rows = Dictionary(rows.filter { $0.language == language.rawValue }.map { ("\($0.subjectID)|\($0.field)", $0) }) { first, _ in first }
    }

    static func load(_ subject: ContentTranslation.Subject, ids: [UUID], language: Language, on db: any Database) async throws -> TranslatedTexts {
        guard language != .default, !ids.isEmpty else { return .init(language: language, rows: []) }
        let rows = try await ContentTranslation.query(on: db).filter(\.$subject == subject).filter(\.$subjectID ~~ ids)
            .filter(\.$language == language.rawValue).all()
        return .init(language: language, rows: rows)
    }

    /// The text of `field` of the content `id`, whose Swedish text is `swedish`.
    func text(_ id: UUID?, _ field: String, _ swedish: String) -> ShownText {
        guard let id, let row = rows["\(id)|\(field)"] else { return .swedish(swedish, on: language) }
        return .init(text: row.text, lang: nil, translated: true, outdated: row.source != swedish)
    }

    /// The same for a text that may be missing (nil then).
    func text(_ id: UUID?, _ field: String, optional swedish: String?) -> ShownText? {
        swedish.map { text(id, field, $0) }
    }
}

extension Translator {
    /// What a page of content says about its language when it is not Swedish: that it is a
    /// translation and the Swedish text is the one that applies, that a part is outdated, or that
    /// the content is only in Swedish. nil in Swedish.
    func translationNote(_ texts: [ShownText?]) -> String? {
        guard locale != .default else { return nil }
        let shown = texts.compactMap { $0 }
        guard shown.contains(where: \.translated) else { return self("translation.note.swedishOnly") }
        return shown.contains(where: \.outdated) ? self("translation.note.outdated") : self("translation.note.translated")
    }
}
