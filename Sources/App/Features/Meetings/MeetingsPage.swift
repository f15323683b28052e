import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/moten`: coming meetings first, then the past year's, with kind filter.
struct MeetingsPage: Encodable {
    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    let chrome: Chrome
    struct Section: Encodable { let heading: String; let items: [MeetingSummary]?; let empty: String }
    let sections: [Section]
    let kinds: [Option]
    let feedURL: String
    let councilURL: String
    let rulesURL: String

    /// Three queries, whatever the number of meetings; a fourth for the names of the
    /// organisations that arrange some of them.
    static func query(db: any Database, _ m: Municipality, kind: String?, now: Int, t: Translator, chrome: Chrome) async throws -> MeetingsPage {
        let custom = try await MeetingQueries.customKinds(m, on: db)
        var query = Meeting.query(on: db).filter(\.$municipality.$id == (try m.requireID()))
            .filter(\.$startsAt > now - 400 * 86_400)
        if let kind { query = query.filter(\.$kind == kind) }
        let meetings = try await query.sort(\.$startsAt).all()
        let seated = try await MeetingQueries.seated(meetings.compactMap(\.id), on: db)
        let arrangers = try await MeetingQueries.arrangers(meetings, on: db)
        let summaries = meetings.map {
            MeetingSummary($0, slug: m.slug, t: t, custom: custom, seated: seated[$0.id!] ?? 0, now: now,
                           arranger: $0.$arranger.id.flatMap { arrangers[$0] })
        }
        let upcoming = zip(meetings, summaries).filter { $0.0.endsAt >= now }.map(\.1)
        let past = zip(meetings, summaries).filter { $0.0.endsAt < now }.map(\.1).reversed()
        let kinds = [Option(value: "", label: t("meetings.allKinds"), selected: kind == nil)]
            + MeetingKind.allCases.map { Option(value: $0.rawValue, label: t("meeting.kind.\($0.rawValue)"), selected: kind == $0.rawValue) }
            + custom.sorted { $0.value < $1.value }.map { Option(value: $0.key.uuidString, label: $0.value, selected: kind == $0.key.uuidString) }
        return MeetingsPage(chrome: chrome,
                            sections: [
                                Section(heading: t("meetings.upcoming"), items: upcoming.isEmpty ? nil : upcoming, empty: t("meetings.noneUpcoming")),
                                Section(heading: t("meetings.past"), items: past.isEmpty ? nil : Array(past), empty: t("meetings.nonePast")),
                            ],
                            kinds: kinds, feedURL: SiteURL.meetingsFeed(m.slug), councilURL: SiteURL.council(m.slug),
                            rulesURL: SiteURL.rules(m.slug))
    }
}
