import Fluent
import SamverkanCore
import Vapor

/// The year's figures of one way in, per department and per topic: how many inquiries, per
/// month, the median working days to a first answer and the share answered within target. Read
/// by the public statistics page and the annual report. Four queries, whatever the number of
/// inquiries; no text of any inquiry is read.
struct InquiryStatistics: Sendable {
    struct Group: Sendable { let name: String; let figures: InquiryFigures }

    let year: Int
    let total: InquiryFigures
    let departments: [Group]
    let topics: [Group]
    /// The years there is anything to show, newest first.
    let years: [Int]

    static func load(_ m: Municipality, year: Int, on db: any Database, today: CalendarDate, t: Translator) async throws -> InquiryStatistics {
        let mid = try m.requireID()
        let departments = try await Department.query(on: db).filter(\.$municipality.$id == mid).all()
        let topics = try await Topic.query(on: db).filter(\.$municipality.$id == mid).sort(\.$position).sort(\.$name).all()
        let counted: [Inquiry.Status] = [.new, .assigned, .waiting, .answered, .closed, .reopened]
        let first = try await Inquiry.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status ~~ counted)
            .sort(\.$receivedAt).field(\.$receivedAt).first()
        let from = StockholmTime.startOfDay(.firstOfYear(year)), to = StockholmTime.startOfDay(.firstOfYear(year + 1))
        let inquiries = try await Inquiry.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status ~~ counted)
            .filter(\.$receivedAt >= from).filter(\.$receivedAt < to)
            .field(\.$id).field(\.$topic.$id).field(\.$department.$id).field(\.$status).field(\.$receivedAt).field(\.$verifiedAt)
            .field(\.$firstAnsweredAt).field(\.$dueOn).field(\.$answerWorkingDays)
            .all()
        func item(_ i: Inquiry) -> InquiryFigures.Item {
            let response = i.response
            return .init(month: StockholmTime.local(fromUTC: i.receivedAt).date.month, workingDays: i.answerWorkingDays,
                         judged: response?.judged(today: today) ?? false, inTime: i.answeredInTime)
        }
        func groups<K: Hashable>(_ keys: [(K?, String)], by key: (Inquiry) -> K?) -> [Group] {
            let grouped = Dictionary(grouping: inquiries, by: key)
            return keys.compactMap { k, name in
                grouped[k].map { Group(name: name, figures: InquiryFigures($0.map(item))) }
            }
        }
        let firstYear = first.map { StockholmTime.local(fromUTC: $0.receivedAt).date.year } ?? today.year
        return InquiryStatistics(
            year: year, total: InquiryFigures(inquiries.map(item)),
            departments: groups(departments.sorted { SwedishOrder.areInOrder($0.name, $1.name) }.map { ($0.id, $0.name) }
                + [(nil, t("contact.coordinatorGroup"))], by: { $0.$department.id }),
            topics: groups(topics.map { ($0.id, $0.name) } + [(nil, t("ask.dontKnow"))], by: { $0.$topic.id }),
            years: Array((min(firstYear, today.year)...today.year).reversed()))
    }
}

/// `/{kommun}/kontakt/statistik?ar=YYYY`: the year's figures for anyone, no personal data, any
/// figure of one to four withheld.
struct InquiryStatisticsPage: Encodable {
    struct Row: Encodable { let name: String; let count: String; let median: String; let share: String; let months: [String] }
    struct YearLink: Encodable { let year: Int; let url: String; let current: Bool }

    let chrome: Chrome
    let heading: String
    let intro: String
    let year: Int
    let years: [YearLink]
    let total: Row
    let departments: [Row]?
    let topics: [Row]?
    let monthNames: [String]
    let rulesURL: String
    let directoryURL: String

    static func row(_ name: String, _ f: InquiryFigures, _ t: Translator) -> Row {
        func count(_ n: Int) -> String { f.shown(n).map(String.init) ?? t("stats.fewer", String(f.minimum)) }
        let withheld = t("stats.withheld")
        return Row(name: name, count: count(f.count),
                   median: f.medianDays.map { t("stats.days", RatingSummary.format($0)) } ?? withheld,
                   share: f.inTimePercent.map { "\($0) %" } ?? withheld, months: f.perMonth.map(count))
    }

    static func query(_ req: Request, _ m: Municipality) async throws -> InquiryStatisticsPage {
        let t = req.translator
        let today = req.clock.today
        let asked = (try? req.query.get(Int.self, at: "ar")) ?? today.year
        let year = (2000...today.year).contains(asked) ? asked : today.year
        let stats = try await InquiryStatistics.load(m, year: year, on: req.db, today: today, t: t)
        return InquiryStatisticsPage(
            chrome: req.chrome(title: t("stats.title", m.name, String(year)), municipality: m),
            heading: t("stats.heading", String(year)), intro: t("stats.intro", String(stats.total.minimum)), year: year,
            years: stats.years.map { .init(year: $0, url: SiteURL.contactStatistics(m.slug) + "?ar=\($0)", current: $0 == year) },
            total: row(t("stats.all"), stats.total, t),
            departments: stats.departments.isEmpty ? nil : stats.departments.map { row($0.name, $0.figures, t) },
            topics: stats.topics.isEmpty ? nil : stats.topics.map { row($0.name, $0.figures, t) },
            monthNames: (1...12).map { t("stats.month.\($0)") },
            rulesURL: SiteURL.rules(m.slug), directoryURL: SiteURL.contact(m.slug))
    }
}
