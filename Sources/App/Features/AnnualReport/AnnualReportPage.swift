import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/arsrapport/{år}`: one year of the agreement in one document — meetings held, the
/// rules, the action plan, who joined and left, and the follow-up — with the coordinator's introduction.
struct AnnualReportPage: Encodable {
    struct Link: Encodable { let title: String; let date: String; let url: String?; let detail: String? }
    struct RuleRow: Encodable { let rule: String; let status: String; let statusKey: String; let needed: String }
    struct Count: Encodable { let label: String; let count: Int }
    struct PrincipleRow: Encodable { let name: String; let civilSociety: String; let municipality: String }

    let chrome: Chrome
    let year: Int
    let municipality: String
    let introduction: String?
    let published: Bool
    let meetings: [Link]?
    let rules: [RuleRow]?
    let planCounts: [Count]?
    let notes: [Link]?
    let joined: [Link]?
    let withdrew: [Link]?
    let followUp: [PrincipleRow]?
    let followUpURL: String?
    let adminURL: String?
    /// One way in: each department's volume, median time to first answer and share within target.
    let inquiries: [InquiryStatisticsPage.Row]?
    let inquiryTotal: InquiryStatisticsPage.Row?
    let statisticsURL: String
    /// Decisions that affect the sector, and the share it was heard on in time.
    let decisionsShare: String
    let decisions: [Link]?
    let decisionsURL: String
    /// Trainings held and participants present, per side (nil when none was held).
    let trainings: TrainingFigures?
    /// Volunteer assignments and offers, per activity area.
    let volunteerFigures: VolunteerFigures
    /// Set on the coordinator's editing page.
    var csrf: String? = nil
    var editAction: String? = nil
    var publicURL: String? = nil
    var introductionFields: [FormField]? = nil

    static func query(db: any Database, municipality m: Municipality, year: Int, report: AnnualReport?, t: Translator,
                      chrome: Chrome, adminURL: String?, warningDays: Int, now clock: Date) async throws -> AnnualReportPage {
        let mid = try m.requireID()
        let now = Int(clock.timeIntervalSince1970)
        func instant(_ date: CalendarDate) -> Int { StockholmTime.startOfDay(date) }
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$startsAt >= instant(.firstOfYear(year))).filter(\.$startsAt < instant(.firstOfYear(year + 1)))
            .filter(\.$status == .scheduled).filter(\.$endsAt < now).sort(\.$startsAt).all()
        let custom = try await MeetingQueries.customKinds(m, on: db)
        let outcome = try await ObligationCheck.evaluate(m, on: db, warningDays: warningDays, now: clock)
        let rules: [RuleRow] = outcome.all.map(\.result).compactMap { result in
            result.years.first { $0.year == year }.map { y in
                RuleRow(rule: RuleText.describe(result.rule, t), status: t("rules.status.\(y.status.rawValue)"),
                        statusKey: y.status.rawValue, needed: RuleText.needed(result.rule, y, t))
            }
        }
        let plan = try await DevelopmentAreasPage.query(db: db, municipality: m, t: t, now: now)
        let activities = plan.areas.flatMap { $0.activities ?? [] }
        let planCounts = ActivityStatus.allCases.compactMap { status -> Count? in
            let n = activities.filter { $0.statusKey == status.rawValue }.count
            return n == 0 ? nil : Count(label: t("status.\(status.rawValue)"), count: n)
        }
        let notes = activities.flatMap { a in
            (a.notes ?? []).filter { $0.date.hasPrefix(String(year)) }.map { Link(title: a.title, date: $0.date, url: nil, detail: $0.text) }
        }.sorted { $0.date < $1.date }
        let accessions = try await Accession.query(on: db).filter(\.$municipality.$id == mid).with(\.$organisation).all()
        let joined = accessions.filter { $0.signedOn?.hasPrefix(String(year)) == true && $0.status != .declined }
            .sorted { ($0.signedOn ?? "") < ($1.signedOn ?? "") }
            .map { Link(title: $0.organisation.name, date: $0.signedOn ?? "", url: SiteURL.organisation(m.slug, $0.$organisation.id), detail: nil) }
        let withdrew = accessions.filter { $0.withdrawnOn?.hasPrefix(String(year)) == true }
            .map { Link(title: $0.organisation.name, date: $0.withdrawnOn ?? "", url: nil, detail: nil) }

        var followUp: [PrincipleRow] = []
        var followUpURL: String?
        if let round = try await FollowUpRound.query(on: db).filter(\.$municipality.$id == mid).filter(\.$year == year)
            .filter(\.$status == .published).first() {
            followUpURL = SiteURL.followUpReport(m.slug, year)
            let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$kind == .commitment).all()
            let principles = try await Principle.query(on: db).filter(\.$agreement.$id == round.$agreement.id).sort(\.$position).all()
            let counts = (try await AnswerCounts.load(rounds: [round.requireID()], on: db))[try round.requireID()] ?? AnswerCounts()
            func combined(_ p: Principle, _ party: Party) -> String {
                var steps = [0, 0, 0, 0, 0], dontKnow = 0
                for q in questions where q.$principle.id == p.id {
                    let s = counts.rating(q.id!, party, minimum: 1)
                    steps = zip(steps, s.counts).map(+)
                    dontKnow += s.dontKnow
                }
                // The least-answered question decides whether the principle's figure may be shown.
                let fewest = questions.filter { $0.$principle.id == p.id }.map { counts.rating($0.id!, party, minimum: 1).answered }.min() ?? 0
                guard fewest >= round.minimumAnswers else { return t("followUp.tooFew") }
                return RatingSummary(counts: steps, dontKnow: dontKnow, minimum: 1).mean.map { RatingSummary.format($0) } ?? "–"
            }
            followUp = principles.filter { p in questions.contains { $0.$principle.id == p.id } }
                .map { PrincipleRow(name: $0.name, civilSociety: combined($0, .civilSociety), municipality: combined($0, .municipality)) }
        }
        let stats = try await InquiryStatistics.load(m, year: year, on: db, today: ObligationCheck.localDate(clock), t: t)
        let decisions = try await Decision.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$decidedOn >= "\(year)-01-01").filter(\.$decidedOn <= "\(year)-12-31").sort(\.$decidedOn).all()
        let trainings = try await TrainingFigures.load(held: meetings, on: db, t: t)
        let volunteering = try await VolunteerFigures.load(m, year: year, now: now, on: db, t: t)
        return AnnualReportPage(
            chrome: chrome, year: year, municipality: m.name, introduction: report?.introduction, published: report?.publishedAt != nil,
            meetings: meetings.isEmpty ? nil : meetings.map {
                Link(title: $0.title, date: $0.localStart.date.description, url: SiteURL.meeting(m.slug, $0.id!), detail: $0.kindName(t, custom: custom))
            },
            rules: rules.isEmpty ? nil : rules, planCounts: planCounts.isEmpty ? nil : planCounts, notes: notes.isEmpty ? nil : notes,
            joined: joined.isEmpty ? nil : joined, withdrew: withdrew.isEmpty ? nil : withdrew,
            followUp: followUp.isEmpty ? nil : followUp, followUpURL: followUpURL, adminURL: adminURL,
            inquiries: stats.total.count == 0 ? nil : stats.departments.map { InquiryStatisticsPage.row($0.name, $0.figures, t) },
            inquiryTotal: stats.total.count == 0 ? nil : InquiryStatisticsPage.row(t("stats.all"), stats.total, t),
            statisticsURL: SiteURL.contactStatistics(m.slug) + "?ar=\(year)",
            decisionsShare: ConsultationFigures(year: year, decisions).text(t),
            decisions: decisions.isEmpty ? nil : decisions.map {
                Link(title: $0.title, date: $0.decidedOn, url: nil, detail: t("decisions.consultation.\($0.consultation.rawValue)"))
            },
            decisionsURL: SiteURL.decisions(m.slug) + "?ar=\(year)",
            trainings: trainings, volunteerFigures: volunteering)
    }
}
