import Fluent
import SamverkanCore
import Vapor

/// The coordinator's translations at `/admin/{kommun}/oversattningar`: which languages the
/// municipality offers, and per language what of its content is translated, missing or outdated
/// (its Swedish text changed since); one item's texts translated side by side with the Swedish.
/// Swedish stays the text that applies. `TranslationPolicy` decides.
struct TranslationsAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.translationsAdmin, access: .coordinator, use: overview)
        routes.on(.GET, SiteURL.languagesAdmin, access: .coordinator, use: languagesForm)
        routes.on(.POST, SiteURL.languagesAdmin, access: .coordinator, use: saveLanguages)
        routes.on(.GET, SiteURL.translationEdit, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.translationEdit, access: .coordinator, use: save)
    }

    static let maxLength = 50_000

    private func authorise(_ req: Request) async throws -> Municipality {
        let m = try await req.municipality()
        guard TranslationPolicy.mayTranslate(req.currentUser, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        return m
    }

    /// The language the page is about: `?sprak=` (or the form's field) when the municipality offers
    /// it, else its first language besides Swedish; nil when it offers only Swedish.
    private func language(_ req: Request, _ m: Municipality, _ chosen: String?) throws -> Language? {
        let others = m.offeredLanguages.filter { $0 != .default }
        guard let chosen, !chosen.isEmpty else { return others.first }
        guard let language = Language(rawValue: chosen), others.contains(language) else {
            throw Abort(.notFound, reason: req.t("translations.error.language"))
        }
        return language
    }

    // MARK: The overview

    struct Overview: Encodable {
        struct Tab: Encodable { let label: String; let url: String; let current: Bool; let code: String }
        struct Row: Encodable { let heading: String; let status: String; let state: String; let editURL: String }
        struct Section: Encodable { let heading: String; let rows: [Row]?; let empty: String }
        let chrome: Chrome
        let intro: String
        let languagesURL: String
        let tabs: [Tab]?
        let sections: [Section]?
        let onlySwedish: String?
    }

    /// Six queries for the content and one for the translations, whatever their number.
    @Sendable func overview(req: Request) async throws -> View {
        let m = try await authorise(req)
        let t = req.translator
        let language = try self.language(req, m, req.query[String.self, at: "sprak"])
        let chrome = req.chrome(title: t("translations.title"), municipality: m)
        guard let language else {
            return try await req.view.render("translations/overview", Overview(
                chrome: chrome, intro: t("translations.intro"), languagesURL: SiteURL.languagesAdmin(m.slug), tabs: nil, sections: nil,
                onlySwedish: t("translations.onlySwedish")))
        }
        let rows = try await ContentTranslation.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$language == language.rawValue).all()
        let byItem = Dictionary(grouping: rows, by: \.subjectID)
        var sections: [Overview.Section] = []
        for (subject, part) in TranslatableContent.subjects {
            let items = try await TranslatableContent.items(subject, of: m, on: req.db, t: t)
            sections.append(.init(heading: t("translations.subject.\(subject.rawValue)"), rows: items.isEmpty ? nil : items.map { item in
                let own = Dictionary((byItem[item.id] ?? []).map { ($0.field, $0) }) { first, _ in first }
                let done = item.texts.filter { own[$0.field] != nil }
                let outdated = done.filter { own[$0.field]?.source != $0.swedish }.count
                let state = done.isEmpty ? "missing" : outdated > 0 ? "outdated" : done.count == item.texts.count ? "done" : "partly"
                let status = outdated > 0 ? t("translations.status.outdated", String(done.count), String(item.texts.count), String(outdated))
                    : t("translations.status.count", String(done.count), String(item.texts.count))
                return .init(heading: item.heading, status: status, state: state,
                             editURL: "/admin/\(m.slug)/oversattningar/\(part)/\(item.id.uuidString)?sprak=\(language.rawValue)")
            }, empty: t("translations.subject.none")))
        }
        let tabs = m.offeredLanguages.filter { $0 != .default }.map {
            Overview.Tab(label: $0.nativeName, url: SiteURL.translationsAdmin(m.slug) + "?sprak=\($0.rawValue)", current: $0 == language, code: $0.rawValue)
        }
        return try await req.view.render("translations/overview", Overview(
            chrome: chrome, intro: t("translations.intro"), languagesURL: SiteURL.languagesAdmin(m.slug), tabs: tabs, sections: sections,
            onlySwedish: nil))
    }

    // MARK: One item

    struct EditPage: Encodable {
        struct Entry: Encodable {
            let id: String
            let name: String
            let label: String
            let swedish: [String]
            let value: String
            let multiline: Bool
            let outdated: Bool
            let translatedFrom: [String]?
            let error: String?
        }
        let chrome: Chrome
        let heading: String
        let intro: String
        let language: String
        let languageName: String
        let dir: String
        let action: String
        let csrf: String
        let entries: [Entry]
        let errorSummary: [FormPage.ErrorLink]?
        let backURL: String
    }

    private func item(_ req: Request, _ m: Municipality) async throws -> TranslatableContent.Item {
        guard let subject = req.parameters.get("subject").flatMap(TranslatableContent.subject(inPath:)),
              let id = req.parameters.get("item").flatMap(UUID.init(uuidString:)),
              let item = try await TranslatableContent.items(subject, of: m, id: id, on: req.db, t: req.translator).first else {
            throw Abort(.notFound, reason: req.t("translations.error.notFound"))
        }
        return item
    }

    private func render(_ req: Request, _ m: Municipality, _ item: TranslatableContent.Item, _ language: Language,
                        values: [String: String]?, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let saved = try await ContentTranslation.query(on: req.db).filter(\.$subject == item.subject).filter(\.$subjectID == item.id)
            .filter(\.$language == language.rawValue).all()
        let own = Dictionary(saved.map { ($0.field, $0) }) { first, _ in first }
        let entries = item.texts.enumerated().map { index, text in
            let row = own[text.field]
            let outdated = row.map { $0.source != text.swedish } ?? false
            return EditPage.Entry(
                id: "f-text-\(index)", name: "text.\(text.field)", label: text.label,
                swedish: FlowingText.paragraphs(text.swedish) ?? [text.swedish],
                value: values?["text.\(text.field)"] ?? row?.text ?? "", multiline: text.multiline, outdated: outdated,
                translatedFrom: outdated ? row.flatMap { FlowingText.paragraphs($0.source) } : nil, error: errors["text.\(text.field)"])
        }
        let summary = entries.compactMap { e in e.error.map { FormPage.ErrorLink(fieldID: e.id, message: "\(e.label): \($0)") } }
        let url = "/admin/\(m.slug)/oversattningar/\(TranslatableContent.pathPart(item.subject))/\(item.id.uuidString)"
        let page = EditPage(
            chrome: req.chrome(title: t("translations.edit.title", item.heading, language.nativeName), municipality: m),
            heading: t("translations.edit.heading", item.heading), intro: t("translations.edit.intro", language.nativeName),
            language: language.rawValue, languageName: language.nativeName, dir: language.direction, action: url, csrf: req.csrfToken,
            entries: entries, errorSummary: summary.isEmpty ? nil : summary,
            backURL: SiteURL.translationsAdmin(m.slug) + "?sprak=\(language.rawValue)")
        return try await req.renderForm("translations/edit", page, failed: !errors.isEmpty)
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await authorise(req)
        guard let language = try language(req, m, req.query[String.self, at: "sprak"]) else {
            throw Abort(.notFound, reason: req.t("translations.error.language"))
        }
        return try await render(req, m, try await item(req, m), language, values: nil, errors: [:])
    }

    /// Saves every text of the item at once: an empty field removes its translation, and each
    /// translation kept or written now is of the Swedish text as it stands.
    @Sendable func save(req: Request) async throws -> Response {
        let m = try await authorise(req)
        let input = FormInput(req)
        guard let language = try language(req, m, input["sprak"]) else {
            throw Abort(.notFound, reason: req.t("translations.error.language"))
        }
        let item = try await item(req, m)
        let t = req.translator
        var errors: [String: String] = [:]
        var chosen: [String: String] = [:]
        for text in item.texts {
            let name = "text.\(text.field)"
            guard let value = input[name] else { continue }
            if value.count > Self.maxLength {
                errors[name] = t("validation.tooLong", String(Self.maxLength))
            } else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
                errors[name] = t("translations.error.control")
            } else if !text.multiline, value.contains("\n") {
                errors[name] = t("translations.error.oneLine")
            } else {
                chosen[text.field] = value
            }
        }
        guard errors.isEmpty else {
            return try await render(req, m, item, language, values: input.values, errors: errors)
        }
        let mid = try m.requireID()
        let written = chosen
        try await req.db.writeTransaction { tx in
            let saved = try await ContentTranslation.query(on: tx).filter(\.$subject == item.subject).filter(\.$subjectID == item.id)
                .filter(\.$language == language.rawValue).all()
            let own = Dictionary(saved.map { ($0.field, $0) }) { first, _ in first }
            for text in item.texts {
                let row = own[text.field]
                switch (written[text.field], row) {
                case (nil, let row?):
                    try await row.delete(on: tx)
                case (let value?, let row?):
                    // Saving the form again confirms an outdated translation as current.
                    if row.text != value || row.source != text.swedish {
                        row.text = value
                        row.source = text.swedish
                        try await row.save(on: tx)
                    }
                case (let value?, nil):
                    try await ContentTranslation(municipalityID: mid, subject: item.subject, subjectID: item.id, field: text.field,
                                                 language: language.rawValue, text: value, source: text.swedish).create(on: tx)
                case (nil, nil):
                    break
                }
            }
        }
        req.flash(t("translations.saved", language.nativeName))
        return req.redirect(to: SiteURL.translationsAdmin(m.slug) + "?sprak=\(language.rawValue)")
    }

    // MARK: The languages offered

    private func languagesPage(_ req: Request, _ m: Municipality, chosen: Set<String>, error: String?) -> FormPage {
        let t = req.translator
        let field = FormField(name: "languages", label: t("translations.languages.field"), kind: .checkboxes,
                              hint: t("translations.languages.hint"), error: error,
                              options: Language.allCases.filter { $0 != .default }.map {
                                  .init(value: $0.rawValue, label: $0.nativeName, selected: chosen.contains($0.rawValue))
                              })
        return FormPage(chrome: req.chrome(title: t("translations.languages.title"), municipality: m),
                        heading: t("translations.languages.title"), intro: t("translations.languages.intro"),
                        action: SiteURL.languagesAdmin(m.slug), csrf: req.csrfToken, fields: [field],
                        submitLabel: t("action.save"), cancelURL: SiteURL.translationsAdmin(m.slug))
    }

    @Sendable func languagesForm(req: Request) async throws -> Response {
        let m = try await authorise(req)
        return try await req.renderForm(languagesPage(req, m, chosen: Set(m.offeredLanguages.map(\.rawValue)), error: nil), failed: false)
    }

    @Sendable func saveLanguages(req: Request) async throws -> Response {
        let m = try await authorise(req)
        let input = FormInput(req)
        let named = input.lists["languages"] ?? []
        let languages = named.compactMap(Language.init(rawValue:)).filter { $0 != .default }
        guard languages.count == named.count else {
            return try await req.renderForm(languagesPage(req, m, chosen: Set(named), error: req.t("validation.choice")), failed: true)
        }
        m.languages = Language.list(languages.map(\.rawValue).joined(separator: ",")).map(\.rawValue).joined(separator: ",")
        try await m.save(on: req.db)
        req.flash(req.t("translations.languages.saved", m.offeredLanguages.map(\.nativeName).joined(separator: ", ")))
        return req.redirect(to: SiteURL.translationsAdmin(m.slug))
    }
}
