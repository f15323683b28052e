import Fluent
import SamverkanCore
import Vapor

/// The forms of support in public: `/{kommun}/stod` lists each with who may apply, how, the
/// deadlines and the rules in effect today (and when they last changed); `/{kommun}/stod/{form}`
/// shows one with every version of its rules, each change marked word by word against the one
/// before, and a version set for a later day announced ahead.
struct SupportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.support, access: .anyone, use: list)
        routes.on(.GET, SiteURL.supportForm, access: .anyone, use: show)
    }

    struct Item: Encodable {
        let name: ShownText
        let url: String
        let kind: String
        let whoMayApply: [String]
        let howToApply: [String]
        let deadlines: [String]?
        /// The languages of the three texts above (a translation, or Swedish); the rules stay Swedish.
        let whoLang: String?
        let howLang: String?
        let deadlinesLang: String?
        let translationNote: String?
        let rules: [String]?
        let changed: String?
        let coming: String?
    }

    struct ListPage: Encodable {
        struct Group: Encodable { let heading: String; let items: [Item] }
        let chrome: Chrome
        let heading: String
        let intro: String
        let groups: [Group]?
    }

    static func item(_ f: SupportForm, _ versions: [SupportRuleVersion], _ m: Municipality, today: CalendarDate, t: Translator,
                     texts: TranslatedTexts) -> Item {
        let current = SupportRules.inEffect(versions, on: today)
        let next = versions.filter { $0.effectiveFrom > today.description }.min { $0.effectiveFrom < $1.effectiveFrom }
        let earlier = current.map { c in versions.contains { $0.effectiveFrom < c.effectiveFrom } } ?? false
        let name = texts.text(f.id, "name", f.name), who = texts.text(f.id, "whoMayApply", f.whoMayApply)
        let how = texts.text(f.id, "howToApply", f.howToApply), deadlines = texts.text(f.id, "deadlines", optional: f.deadlines)
        return Item(
            name: name, url: SiteURL.supportForm(m.slug, f.slug), kind: t("support.kind.\(f.kind.rawValue)"),
            whoMayApply: FlowingText.paragraphs(who.text) ?? [], howToApply: FlowingText.paragraphs(how.text) ?? [],
            deadlines: FlowingText.paragraphs(deadlines?.text), whoLang: who.lang, howLang: how.lang, deadlinesLang: deadlines?.lang,
            translationNote: t.locale == .default ? nil : t.translationNote([name, who, how, deadlines]),
            rules: FlowingText.paragraphs(current?.rules),
            changed: earlier ? current.map { t("support.changedSince", $0.effectiveFrom, $0.changeNote ?? "") } : nil,
            coming: next.map { t("support.coming", $0.effectiveFrom, $0.changeNote ?? "") })
    }

    /// Two queries, whatever the number of forms and versions (three in another language than Swedish).
    static func listPage(_ db: any Database, _ m: Municipality, today: CalendarDate, t: Translator, chrome: Chrome) async throws -> ListPage {
        let forms = try await SupportForm.query(on: db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).sort(\.$name).all()
        let versions = forms.isEmpty ? [] : try await SupportRuleVersion.query(on: db).filter(\.$form.$id ~~ forms.compactMap(\.id)).all()
        let byForm = Dictionary(grouping: versions, by: { $0.$form.id })
        let texts = try await TranslatedTexts.load(.supportForm, ids: forms.compactMap(\.id), language: t.locale, on: db)
        let groups = SupportForm.Kind.allCases.compactMap { kind -> ListPage.Group? in
            let of = forms.filter { $0.kind == kind }
            return of.isEmpty ? nil : .init(heading: t("support.kinds.\(kind.rawValue)"),
                                            items: of.map { item($0, byForm[$0.id!] ?? [], m, today: today, t: t, texts: texts) })
        }
        return ListPage(chrome: chrome, heading: t("support.heading", m.name), intro: t("support.intro"), groups: groups.isEmpty ? nil : groups)
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("support/list", Self.listPage(req.db, m, today: req.clock.today, t: req.translator,
                                                                     chrome: req.chrome(title: req.t("support.title", m.name), municipality: m)))
    }

    struct FormPageContext: Encodable {
        struct Version: Encodable {
            let effectiveFrom: String
            let label: String
            let note: String?
            let rules: [String]
            let words: [Word]?
            let current: Bool
        }
        struct Word: Encodable { let kind: String; let text: String }
        let chrome: Chrome
        let item: Item
        let versions: [Version]?
        let backURL: String
    }

    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator, today = req.clock.today
        guard let slug = req.parameters.get("form"),
              let f = try await SupportForm.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$slug == slug).first() else {
            throw Abort(.notFound, reason: t("support.error.notFound"))
        }
        let versions = try await SupportRuleVersion.query(on: req.db).filter(\.$form.$id == f.requireID()).all()
        let current = SupportRules.inEffect(versions, on: today)
        let history = SupportRules.history(versions)
        let shown: [FormPageContext.Version] = history.enumerated().map { index, v in
            let before = index + 1 < history.count ? history[index + 1] : nil
            let label = v.effectiveFrom > today.description ? t("support.version.coming", v.effectiveFrom)
                : v.id == current?.id ? t("support.version.current", v.effectiveFrom) : t("support.version.earlier", v.effectiveFrom)
            return .init(effectiveFrom: v.effectiveFrom, label: label, note: v.changeNote, rules: FlowingText.paragraphs(v.rules) ?? [],
                         words: before.map { WordDiff.diff($0.rules, v.rules).map { .init(kind: $0.kind.rawValue, text: $0.text) } },
                         current: v.id == current?.id)
        }
        let texts = try await TranslatedTexts.load(.supportForm, ids: [f.requireID()], language: t.locale, on: req.db)
        let item = Self.item(f, versions, m, today: today, t: t, texts: texts)
        return try await req.view.render("support/form", FormPageContext(
            chrome: req.chrome(title: item.name.text, municipality: m), item: item,
            versions: shown.isEmpty ? nil : shown, backURL: SiteURL.support(m.slug)))
    }
}
