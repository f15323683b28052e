import SamverkanCore
import Vapor

/// What a page shows of an assignment: the same words in the list, on its page, in the feed, in
/// mail and on the organisation's and the coordinator's pages. No contact details of the
/// organisation: only its name.
struct AssignmentSummary: Encodable, Sendable {
    let id: String
    let title: String
    /// The title's language: a translation into the reader's, or Swedish.
    let titleLang: String?
    let organisation: String
    let area: String?
    let when: String
    let whereText: String
    let timeNeeded: String
    let languages: String
    let badges: [String]?
    let wanted: String
    let lastDay: String
    let url: String
    let status: String
    let statusKey: String

    init(_ a: VolunteerAssignment, organisation: String, area: String?, slug: String, today: CalendarDate, t: Translator,
         texts: TranslatedTexts? = nil) {
        id = a.id?.uuidString ?? ""
        let title = texts?.text(a.id, "title", a.title) ?? .swedish(a.title)
        self.title = title.text
        titleLang = title.lang
        self.organisation = organisation
        self.area = area
        when = Self.when(a, t)
        whereText = Self.whereText(a, t)
        timeNeeded = a.timeNeeded
        languages = a.languageCodes.map { t("volunteer.language.\($0)") }.joined(separator: ", ")
        var badges: [String] = []
        if a.suitsYoung { badges.append(t("volunteer.badge.young")) }
        if let age = a.minAge { badges.append(t("volunteer.badge.minAge", String(age))) }
        if a.recordExtract { badges.append(t("volunteer.badge.recordExtract")) }
        if a.online { badges.append(t("volunteer.badge.online")) }
        self.badges = badges.nilIfEmpty
        wanted = t("volunteer.wanted", String(a.wanted))
        lastDay = a.lastDay
        url = SiteURL.assignment(slug, a.id ?? UUID())
        let key = Self.statusKey(a, today: today)
        statusKey = key
        status = t("volunteer.status.\(key)")
    }

    /// Its state as people speak of it: an assignment past its last day has ended, whatever it was.
    static func statusKey(_ a: VolunteerAssignment, today: CalendarDate) -> String {
        if a.status == .published, a.lastDay < today.description { return "ended" }
        return a.status.rawValue
    }

    static func when(_ a: VolunteerAssignment, _ t: Translator) -> String {
        switch a.schedule {
        case .once:
            guard let s = a.startsAt, let e = a.endsAt else { return t("volunteer.schedule.once") }
            let start = StockholmTime.local(fromUTC: s), end = StockholmTime.local(fromUTC: e)
            return t("weekday.\(start.date.weekday)") + " \(start.date) \(start.time)–\(end.time)"
        case .recurring:
            return t("volunteer.schedule.recurring") + ": " + (a.recurrence ?? "")
        case .flexible:
            return t("volunteer.schedule.flexible") + (a.days == .any ? "" : " (" + t("volunteer.days.\(a.days.rawValue)").lowercased() + ")")
        }
    }

    static func whereText(_ a: VolunteerAssignment, _ t: Translator) -> String {
        let place = [a.address, a.district].compactMap { $0 }.joined(separator: ", ")
        if a.online { return place.isEmpty ? t("volunteer.online") : t("volunteer.onlineOr", place) }
        return place
    }
}
