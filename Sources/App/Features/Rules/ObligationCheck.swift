import Fluent
import SamverkanCore
import Vapor

/// Gathers what happened in a municipality and checks the rules of its agreement
/// (`Obligations.evaluate`), each by the version that was in force at the time
/// (`RuleHistory`), and warns the coordinators before a rule would be missed.
enum ObligationCheck {
    /// One rule over the versions that had it unchanged, and how it was kept year by year.
    struct Judged: Sendable {
        let result: Obligations.Result
        let span: RuleHistory.Span
        /// The years it applied before the rules were judged here (first and last), if any.
        let notJudged: ClosedRange<Int>?
    }

    struct Outcome: Sendable {
        /// The version in force.
        let agreement: Agreement?
        /// The rules that apply now (or will), in the order of the version in force, with when
        /// they applied; then the rules of earlier versions that no longer apply.
        let current: [Judged]
        let earlier: [Judged]
        /// The first day judged: the later of the first version's start and `recordsSince`.
        let judgedFrom: CalendarDate?
        /// Whether the coordinator set the day the rules are judged from (or it follows the records).
        let judgedFromIsSet: Bool
        let meetingIDs: Set<String>

        /// Every rule that applied at some time, the current ones first.
        var all: [Judged] { current + earlier }
        /// How the rules that apply now are kept.
        var results: [Obligations.Result] { current.map(\.result) }
    }

    static func localDate(_ date: Date) -> CalendarDate {
        StockholmTime.local(fromUTC: Int(date.timeIntervalSince1970)).date
    }

    /// Five queries, six with a response-time rule, whatever the number of versions, meetings,
    /// records and inquiries.
    static func evaluate(_ m: Municipality, on db: any Database, warningDays: Int, now: Date) async throws -> Outcome {
        let mid = try m.requireID()
        let versions = try await Agreement.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$status != .draft).sort(\.$version).all()
        guard let agreement = versions.first(where: { $0.status == .inForce }) else {
            return Outcome(agreement: nil, current: [], earlier: [], judgedFrom: nil, judgedFromIsSet: false, meetingIDs: [])
        }
        let rules = try await AgreementRule.query(on: db).filter(\.$agreement.$id ~~ versions.compactMap(\.id))
            .sort(\.$position).all()
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == mid).all()
        let records = try await ObligationRecord.query(on: db).filter(\.$municipality.$id == mid).all()
        // A follow-up round that has closed is a follow-up done, on the day it closed.
        let rounds = try await FollowUpRound.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$status ~~ [.closed, .published]).all()

        let today = localDate(now)
        let history = versions.map { v in
            RuleHistory.Version(
                number: v.version, validFrom: v.validFrom.flatMap(CalendarDate.init), adoptedOn: v.adoptedOn.flatMap(CalendarDate.init),
                published: (v.publishedAt ?? v.createdAt).map(localDate) ?? today,
                rules: rules.filter { $0.$agreement.id == v.id }.compactMap(\.document))
        }
        let spans = RuleHistory.spans(history)
        var responses: [Obligations.Response] = []
        if spans.contains(where: { $0.rule.type == .responseTime }) {
            responses = try await Inquiry.query(on: db).filter(\.$municipality.$id == mid)
                .filter(\.$status != .unverified).filter(\.$dueOn != nil).all().compactMap(\.response)
        }
        let firstDay = RuleHistory.periods(history).first?.from ?? today
        // Years before the coordinator's day, or else before the municipality began keeping its
        // meetings here, are not judged; a follow-up recorded afterwards for an earlier date
        // still counts as evidence.
        let setDay = m.rulesJudgedFrom.flatMap(CalendarDate.init)
        let recordsSince = setDay ?? ([m.createdAt.map(localDate)].compactMap { $0 } + meetings.map { $0.localStart.date }).min()
        func evidence(_ kind: ObligationRecord.Kind) -> [Obligations.Evidence] {
            records.filter { $0.kind == kind }.compactMap { r in
                CalendarDate(r.date).map { Obligations.Evidence(id: r.id?.uuidString ?? "", date: $0, title: r.title) }
            }
        }
        let revisions = evidence(.revision) + versions.filter { $0.version > 1 }.compactMap { v in
            v.publishedAt.map { Obligations.Evidence(id: "version-\(v.version)", date: localDate($0), title: "version \(v.version)") }
        }
        let base = Obligations.Input(
            rules: [], inForceFrom: firstDay, recordsSince: recordsSince, today: today, warningDays: warningDays,
            meetings: meetings.map { .init(id: $0.id!.uuidString, date: $0.localStart.date, title: $0.title,
                                           kind: $0.builtInKind, cancelled: $0.status == .cancelled) },
            followUps: evidence(.followUp) + rounds.compactMap { r in
                CalendarDate(r.closesOn).map { Obligations.Evidence(id: "round-\(r.year)", date: $0, title: "followUp-\(r.year)") }
            },
            planReviews: evidence(.planReview), revisions: revisions, responses: responses)
        let judged = spans.map { span in
            var input = base
            input.rules = [span.rule]
            input.inForceFrom = span.from
            input.inForceUntil = span.until
            var result = Obligations.evaluate(input)[0]
            // A deadline that passed before the rules were judged here is not judged either,
            // unless what it asks for is recorded as done in time.
            if case .revisionDue(let due, _) = span.rule, let since = recordsSince, due < max(since, span.from),
               result.current?.status != .met {
                result.years = []
                return Judged(result: result, span: span, notJudged: due.year...due.year)
            }
            return Judged(result: result, span: span, notJudged: notJudgedYears(span, recordsSince: recordsSince, today: today))
        }
        // A rule of the version before one that starts later still applies until then.
        let current = judged.filter { $0.span.until.map { $0 >= today } ?? true }
        let earlier = judged.filter { $0.span.until.map { $0 < today } ?? false }
        // Numbered in the order shown: the current rules, then the earlier ones.
        let numbered = (current + earlier).enumerated().map { index, j in
            var r = j.result
            r.index = index
            return Judged(result: r, span: j.span, notJudged: j.notJudged)
        }
        return Outcome(agreement: agreement, current: Array(numbered.prefix(current.count)),
                       earlier: Array(numbered.dropFirst(current.count)),
                       judgedFrom: recordsSince.map { max($0, firstDay) } ?? firstDay, judgedFromIsSet: setDay != nil,
                       meetingIDs: Set(meetings.compactMap { $0.id?.uuidString }))
    }

    /// The calendar years a rule applied wholly before the rules were judged (a deadline rule has none).
    static func notJudgedYears(_ span: RuleHistory.Span, recordsSince: CalendarDate?, today: CalendarDate) -> ClosedRange<Int>? {
        guard let since = recordsSince, span.rule.type != .revisionDue, since > span.from else { return nil }
        let last = min((span.until ?? today).year, today.year, since > today ? today.year : since.year - 1)
        return span.from.year <= last ? span.from.year...last : nil
    }

    /// Warns each municipality's coordinators once per rule and deadline that is at risk.
    /// The warning's row is unique, so two servers running this at once send one mail.
    @discardableResult
    static func warnCoordinators(app: Application, now: Date) async throws -> Int {
        var sent = 0
        let t = Translator(catalogue: app.catalogue, locale: .sv)
        for m in try await Municipality.query(on: app.db).all() {
            let outcome = try await evaluate(m, on: app.db, warningDays: app.config.obligationWarningDays, now: now)
            for result in outcome.results {
                guard let year = result.current, year.status == .atRisk else { continue }
                let key = "\(outcome.agreement?.version ?? 0):\(result.index):\(result.rule.type.rawValue):\(year.year):\(year.deadline?.description ?? "")"
                let already = try await ObligationWarning.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                    .filter(\.$key == key).count()
                guard already == 0 else { continue }
                do {
                    try await app.db.writeTransaction { tx in
                        let warning = ObligationWarning()
                        warning.$municipality.id = try m.requireID()
                        warning.key = key
                        try await warning.create(on: tx)
                        let mailer = Mailer(db: tx, app: app)
                        try await mailer.toCoordinators(
                            of: m.requireID(), subjectKey: "mail.ruleAtRisk.subject", bodyKey: "mail.ruleAtRisk.body",
                            [m.name, RuleText.describe(result.rule, t), String(year.year),
                             RuleText.needed(result.rule, year, t), mailer.link(SiteURL.rulesAdmin(m.slug))],
                            kind: "obligation")
                    }
                    sent += 1
                } catch {
                    // Another server inserted the same warning first: it sends the mail.
                    app.logger.debug("Obligation warning \(key) not sent here: \(error)")
                }
            }
        }
        return sent
    }
}

/// How a rule and its status read in the catalogue's words.
enum RuleText {
    static func describe(_ rule: AgreementDocument.Rule, _ t: Translator) -> String {
        switch rule {
        case .meetingsPerYear(let kind, let minimum, _):
            t("rules.describe.meetingsPerYear", String(minimum),
              t("meetingKind.\(kind.rawValue).\(minimum == 1 ? "one" : "other")"))
        case .followUp(let months, _):
            months == 12 ? t("rules.describe.followUpYearly") : t("rules.describe.followUp", String(months))
        case .planReview(let months, _):
            t("rules.describe.planReview", String(months))
        case .revisionDue(let date, _):
            t("rules.describe.revisionDue", date.description)
        case .responseTime(let percent, _):
            t("rules.describe.responseTime", String(percent))
        }
    }

    /// What is still needed (or why nothing is), for one year's row.
    static func needed(_ rule: AgreementDocument.Rule, _ year: Obligations.Year, _ t: Translator) -> String {
        let deadline = year.deadline?.description ?? ""
        switch (rule, year.status) {
        case (.responseTime(let percent, _), let status):
            let judged = year.judged ?? 0, inTime = year.inTime ?? 0
            guard judged > 0 else { return t("rules.needed.noInquiries") }
            let share = String(inTime * 100 / judged)
            switch status {
            case .missed: return t("rules.needed.responseTimeMissed", String(inTime), String(judged), share, String(percent))
            case .atRisk: return t("rules.needed.responseTimeShort", String(inTime), String(judged), share, String(year.stillNeeded), String(percent))
            default: return t("rules.needed.responseTimeHolds", String(inTime), String(judged), share)
            }
        case (.meetingsPerYear, .met):
            return year.required == 0 ? t("rules.needed.nothingThisYear") : t("rules.needed.metMeetings", String(year.evidence.count), String(year.required ?? 0))
        case (.meetingsPerYear, .missed):
            return t("rules.needed.missedMeetings", String(year.evidence.count), String(year.required ?? 0))
        case (.meetingsPerYear, _):
            return t(year.stillNeeded == 1 ? "rules.needed.oneMoreMeeting" : "rules.needed.moreMeetings", String(year.stillNeeded), deadline)
        case (_, .met) where year.deadline != nil:
            return t("rules.needed.doneInTime", deadline)
        case (_, .met):
            return year.evidence.isEmpty ? t("rules.needed.nothingDue") : t("rules.needed.done")
        case (_, .missed):
            return t("rules.needed.missedDeadline", deadline)
        case (_, .onTrack) where year.deadline == nil:
            return t("rules.needed.nothingDue")
        default:
            return t("rules.needed.dueBy", deadline)
        }
    }
}

extension ObligationCheck {
    static let warningJob = ScheduledJob(name: "rule-warnings", everySeconds: 3600) { app in
        let count = try await warnCoordinators(app: app, now: app.clock.now)
        return count > 0 ? app.say("rules.job.warnings", String(count)) : nil
    }
}

extension Inquiry {
    /// How the response-time rule sees it; one waiting for the inquirer without a first answer
    /// is not judged (the clock stands still).
    var response: Obligations.Response? {
        guard let due = dueOn.flatMap(CalendarDate.init), firstAnsweredAt != nil || status != .waiting else { return nil }
        return .init(received: StockholmTime.local(fromUTC: verifiedAt ?? receivedAt).date, due: due,
                     firstAnswered: firstAnsweredAt.map { StockholmTime.local(fromUTC: $0).date })
    }
}
