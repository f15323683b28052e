import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/utvecklingsomraden`: the action plan of the version in force: its period and next
/// review, the development areas and their activities with dated progress notes. Staff see the
/// same with forms to record progress, and the overdue activities first.
struct DevelopmentAreasPage: Encodable, Sendable {
    struct Note: Encodable, Sendable { let date: String; let text: String; let author: String }
    struct Activity: Encodable, Sendable {
        let id: String
        let title: String
        let description: String?
        /// The languages of the title and description (a translation, or Swedish).
        let titleLang: String?
        let descriptionLang: String?
        let outdated: Bool
        let owner: String
        let responsible: String?
        let startDate: String?
        let dueDate: String?
        let status: String
        let statusKey: String
        let overdue: Bool
        let notes: [Note]?
        let area: String
        /// The current figure of what the activity follows, if it follows one.
        let indicator: PlanIndicators.Value?
    }
    struct Area: Encodable, Sendable {
        let name: String
        let description: String?
        let nameLang: String?
        let descriptionLang: String?
        /// nil when the area has no activities yet.
        let activities: [Activity]?
    }
    struct Plan: Sendable {
        var agreementTitle: String?
        var periodStart: String?
        var periodEnd: String?
        var nextReview: String?
        var areas: [Area] = []
        var translationNote: String?
        var overdue: [Activity] { areas.flatMap { $0.activities ?? [] }.filter(\.overdue) }
    }

    let chrome: Chrome
    let agreementTitle: String?
    let period: String?
    let nextReview: String?
    let areas: [Area]
    let translationNote: String?
    var hasAreas: Bool { !areas.isEmpty }

    enum CodingKeys: String, CodingKey { case chrome, agreementTitle, period, nextReview, areas, hasAreas, translationNote }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(chrome, forKey: .chrome)
        try c.encodeIfPresent(agreementTitle, forKey: .agreementTitle)
        try c.encodeIfPresent(period, forKey: .period)
        try c.encodeIfPresent(nextReview, forKey: .nextReview)
        try c.encode(areas, forKey: .areas)
        try c.encode(hasAreas, forKey: .hasAreas)
        try c.encodeIfPresent(translationNote, forKey: .translationNote)
    }

    init(chrome: Chrome, plan: Plan, t: Translator) {
        self.chrome = chrome
        agreementTitle = plan.agreementTitle
        period = plan.periodStart.map { start in t("plan.periodValue", start, plan.periodEnd ?? "") }
        nextReview = plan.nextReview
        translationNote = plan.translationNote
        areas = plan.areas
    }

    /// The version in force's plan, with progress notes and the figures its activities follow: a
    /// fixed number of queries (three more when any activity follows a figure).
    static func query(db: any Database, municipality: Municipality, t: Translator, now: Int) async throws -> Plan {
        let today = StockholmTime.local(fromUTC: now).date.description
        guard let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == municipality.requireID())
            .filter(\.$status == .inForce).first() else { return Plan() }
        let s = try await AgreementSnapshot.load(agreement, on: db)
        let activityIDs = s.activities.values.flatMap { $0 }.compactMap(\.id)
        let notes = try await ActivityNote.query(on: db).filter(\.$activity.$id ~~ activityIDs)
            .sort(\.$date, .descending).sort(\.$createdAt, .descending).all()
        let notesByActivity = Dictionary(grouping: notes, by: { $0.$activity.id })
        let followed = Set(s.activities.values.flatMap { $0 }.compactMap { $0.indicator.flatMap(PlanIndicator.init) })
        let figures = try await PlanIndicators.values(for: followed, municipality: municipality, now: now, on: db, t: t)
        let finished: Set<String> = [ActivityStatus.done.rawValue, ActivityStatus.cancelled.rawValue]
        let texts = s.texts(in: t.locale)
        var shown: [ShownText?] = []
        func text(_ field: String, _ swedish: String?) -> ShownText? {
            let value = texts.text(agreement.id, field, optional: swedish)
            shown.append(value)
            return value
        }
        var plan = Plan(
            agreementTitle: agreement.title, periodStart: agreement.planPeriodStart, periodEnd: agreement.planPeriodEnd,
            nextReview: agreement.planNextReview,
            areas: s.areas.map { area in
                let base = "developmentAreas.\(area.key)"
                let name = text("\(base).name", area.name)!, description = text("\(base).description", area.description)
                return Area(name: name.text, description: description?.text, nameLang: name.lang, descriptionLang: description?.lang ?? name.lang,
                     activities: s.activities[area.id!]?.map { a in
                    let title = text("\(base).activities.\(a.position).title", a.title)!
                    let about = text("\(base).activities.\(a.position).description", a.description)
                    return Activity(id: a.id!.uuidString, title: title.text, description: about?.text,
                             titleLang: title.lang, descriptionLang: about?.lang ?? title.lang, outdated: title.outdated || about?.outdated == true,
                             owner: AgreementPage.partyName(Party(rawValue: a.ownerParty) ?? .both, agreement, t: t),
                             responsible: a.responsible, startDate: a.startDate, dueDate: a.dueDate,
                             status: t("status.\(a.status)"), statusKey: a.status,
                             overdue: a.dueDate.map { $0 < today } == true && !finished.contains(a.status),
                             notes: notesByActivity[a.id!].map { $0.map { Note(date: $0.date, text: $0.text, author: $0.authorName) } },
                             area: name.text,
                             indicator: a.indicator.flatMap(PlanIndicator.init).flatMap { figures[$0] })
                })
            })
        plan.translationNote = t.translationNote(shown)
        return plan
    }
}
