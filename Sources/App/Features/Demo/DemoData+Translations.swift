import Fluent
import Foundation

/// Translations of some of each municipality's content into the languages it offers (written for
/// the demo), so the language menu shows translated content and the Swedish fallback side by side:
/// a news article, two topics of one way in, the association grant and a volunteer assignment.
extension DemoData {
    /// Per Swedish text, its translations.
    static let contentTranslations: [String: [Language: String]] = [
        "Välkommen till dialogmötet i vår": [
            .en: "Welcome to this spring's dialogue meeting", .ar: "مرحبًا بكم في لقاء الحوار هذا الربيع", .fi: "Tervetuloa kevään dialogikokoukseen"],
        "Kommunen och föreningslivet ses för att följa upp överenskommelsen. Alla föreningar är välkomna.": [
            .en: "The municipality and the associations meet to follow up the agreement. Every association is welcome.",
            .ar: "تلتقي البلدية والجمعيات لمتابعة الاتفاقية. جميع الجمعيات مرحّب بها.",
            .fi: "Kunta ja yhdistykset tapaavat seuratakseen sopimusta. Kaikki yhdistykset ovat tervetulleita."],
        "Föreningsbidrag och andra stöd": [
            .en: "Association grants and other support", .ar: "منح الجمعيات وأشكال الدعم الأخرى", .fi: "Yhdistysavustukset ja muu tuki"],
        "Vilka bidrag som finns, hur man söker och när besked kommer.": [
            .en: "Which grants there are, how to apply and when you hear back.",
            .ar: "ما المنح المتاحة، وكيف يُقدَّم الطلب، ومتى يأتي الرد.",
            .fi: "Mitä avustuksia on, miten niitä haetaan ja milloin päätös tulee."],
        "Lokaler och samlingsplatser": [
            .en: "Premises and meeting places", .ar: "المقرات وأماكن الاجتماع", .fi: "Tilat ja kokoontumispaikat"],
        "Föreningsbidrag": [.en: "Association grant", .ar: "منحة الجمعيات", .fi: "Yhdistysavustus"],
        "Ideella föreningar med säte i kommunen som är registrerade i föreningsregistret.": [
            .en: "Non-profit associations based in the municipality and listed in its register of associations.",
            .ar: "الجمعيات غير الربحية التي يقع مقرها في البلدية والمسجلة في سجل الجمعيات.",
            .fi: "Aatteelliset yhdistykset, joiden kotipaikka on kunnassa ja jotka ovat yhdistysrekisterissä."],
        "Ansök via e-tjänsten med verksamhetsberättelse och budget.": [
            .en: "Apply through the e-service with an annual report and a budget.",
            .ar: "قدّم الطلب عبر الخدمة الإلكترونية مع تقرير النشاط والميزانية.",
            .fi: "Hae sähköisen palvelun kautta toimintakertomuksen ja talousarvion kanssa."],
        "15 mars och 15 september": [.en: "15 March and 15 September", .ar: "15 مارس و15 سبتمبر", .fi: "15. maaliskuuta ja 15. syyskuuta"],
        "Ledare till simskolan på lördagar": [
            .en: "Leaders for the Saturday swimming school", .ar: "قادة لمدرسة السباحة أيام السبت", .fi: "Ohjaajia lauantain uimakouluun"],
    ]

    static func loadTranslations(municipality m: Municipality, on db: any Database) async throws {
        let languages = m.offeredLanguages.filter { $0 != .default }
        guard !languages.isEmpty else { return }
        let mid = try m.requireID()
        var rows: [ContentTranslation] = []
        func add(_ subject: ContentTranslation.Subject, _ id: UUID?, _ field: String, _ swedish: String?) {
            guard let id, let swedish, let texts = contentTranslations[swedish] else { return }
            for language in languages {
                guard let text = texts[language] else { continue }
                rows.append(ContentTranslation(municipalityID: mid, subject: subject, subjectID: id, field: field,
                                               language: language.rawValue, text: text, source: swedish))
            }
        }
        for a in try await Article.query(on: db).filter(\.$municipality.$id == mid).all() {
            add(.article, a.id, "title", a.title)
            add(.article, a.id, "summary", a.summary)
        }
        for topic in try await Topic.query(on: db).filter(\.$municipality.$id == mid).all() {
            add(.topic, topic.id, "name", topic.name)
            add(.topic, topic.id, "description", topic.description)
        }
        for f in try await SupportForm.query(on: db).filter(\.$municipality.$id == mid).all() {
            add(.supportForm, f.id, "name", f.name)
            add(.supportForm, f.id, "whoMayApply", f.whoMayApply)
            add(.supportForm, f.id, "howToApply", f.howToApply)
            add(.supportForm, f.id, "deadlines", f.deadlines)
        }
        for a in try await VolunteerAssignment.query(on: db).filter(\.$municipality.$id == mid).all() {
            add(.assignment, a.id, "title", a.title)
        }
        if !rows.isEmpty { try await rows.create(on: db) }
    }
}
