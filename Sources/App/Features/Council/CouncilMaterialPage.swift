import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/samrad/material`: what the members of the joint council read (`CouncilPolicy`):
/// who sits on the council and how to reach them, the council's meetings with agendas and
/// minutes, and the draft of a revision of the agreement while one is being written. Staff read it
/// too; nobody changes anything here.
///
/// Five queries: the council, its members, its meetings, the municipality's own kinds of meeting
/// and the draft.
struct CouncilMaterialPage: Encodable, Sendable {
    struct Member: Encodable, Sendable {
        let name: String
        let role: String
        let side: String
        let affiliation: String
        let email: String?
        let term: String
    }
    struct MeetingRow: Encodable, Sendable {
        let summary: MeetingSummary
        let agenda: [String]?
        let minutes: [String]?
        let decisions: [String]?
        let minutesFileURL: String?
    }
    struct Draft: Encodable, Sendable { let text: String; let compareURL: String }

    let chrome: Chrome
    let heading: String
    let councilName: String
    let description: String?
    let members: [Member]?
    let upcoming: [MeetingRow]?
    let past: [MeetingRow]?
    let draft: Draft?
    let publicCouncilURL: String
    let changesURL: String

    static func query(db: any Database, municipality m: Municipality, t: Translator, chrome: Chrome,
                      today: CalendarDate, now: Int) async throws -> CouncilMaterialPage {
        let mid = try m.requireID()
        let council = try await Council.query(on: db).filter(\.$municipality.$id == mid).first()
        var members: [CouncilMember] = []
        if let council { members = try await CouncilMember.query(on: db).filter(\.$council.$id == council.requireID()).all() }
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == mid)
            .group(.or) { $0.filter(\.$audience == .council).filter(\.$kind == MeetingKind.council.rawValue) }
            .sort(\.$startsAt).all()
        let custom = try await MeetingQueries.customKinds(m, on: db)
        let draft = try await Agreement.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .draft).first()

        let sitting = CouncilMember.sitting(members, on: today.description)
        func row(_ meeting: Meeting) -> MeetingRow {
            let published = meeting.minutesPublishedAt != nil
            func lines(_ text: String?) -> [String]? {
                let list = (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return list.isEmpty ? nil : list
            }
            return MeetingRow(
                summary: MeetingSummary(meeting, slug: m.slug, t: t, custom: custom, seated: 0, now: now),
                agenda: lines(meeting.agenda), minutes: published ? FlowingText.paragraphs(meeting.minutes) : nil,
                decisions: published ? lines(meeting.decisions) : nil,
                minutesFileURL: published && meeting.minutesFileStored != nil ? SiteURL.meetingMinutesFile(m.slug, meeting.id!) : nil)
        }
        let upcoming = meetings.filter { $0.endsAt >= now }.map(row)
        let past = meetings.filter { $0.endsAt < now }.reversed().map(row)
        return CouncilMaterialPage(
            chrome: chrome, heading: t("councilMaterial.heading"), councilName: council?.name ?? t("council.defaultName"),
            description: council?.description,
            members: sitting.isEmpty ? nil : sitting.map { x in
                Member(name: x.name, role: t("council.role.\(x.role.rawValue)"), side: t("council.side.\(x.party.rawValue)"),
                       affiliation: x.affiliation, email: x.email, term: x.termStart + " – " + (x.termEnd ?? ""))
            },
            upcoming: upcoming.isEmpty ? nil : upcoming, past: past.isEmpty ? nil : past,
            draft: draft.map { Draft(text: t("councilMaterial.draft", String($0.version)), compareURL: SiteURL.versionCompare(m.slug, $0.version)) },
            publicCouncilURL: SiteURL.council(m.slug), changesURL: SiteURL.agreementChanges(m.slug))
    }
}
