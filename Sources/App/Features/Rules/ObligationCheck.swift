import Fluent
import SamverkanCore
import Vapor

/// Gathers what happened in a municipality and checks the rules of its agreement in force
/// (`Obligations.evaluate`), and warns the coordinators before a rule would be missed.
enum ObligationCheck {
    struct Outcome: Sendable {
        let agreement: Agreement?
        let results: [Obligations.Result]
        let judgedFrom: CalendarDate?
        let meetingIDs: Set<String>
    }

    static func localDate(_ date: Date) -> CalendarDate {
        StockholmTime.local(fromUTC: Int(date.timeIntervalSince1970)).date
    }

    /// Six queries, seven with a response-time rule, whatever the number of meetings, records and inquiries.
    static func evaluate(_ m: Municipality, on db: any Database, warningDays: Int, now: Date) async throws -> Outcome {
        let mid = try m.requireID()
        guard let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$status == .inForce).first() else {
            return Outcome(agreement: nil, results: [], judgedFrom: nil, meetingIDs: [])
        }
        let rules = try await AgreementRule.query(on: db).filter(\.$agreement.$id == agreement.requireID())
            .sort(\.$position).all().compactMap(\.document)
        let meetings = try await Meeting.query(on: db).filter(\.$municipality.$id == mid).all()
        let records = try await ObligationRecord.query(on: db).filter(\.$municipality.$id == mid).all()
        let versions = try await Agreement.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$version > 1).filter(\.$status != .draft).all()
        // A follow-up round that has closed is a follow-up done, on the day it closed.
        let rounds = try await FollowUpRound.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$status ~~ [.closed, .published]).all()

        let today = localDate(now)
        var responses: [Obligations.Response] = []
        if rules.contains(where: { $0.type == .responseTime }) {
            responses = try await Inquiry.query(on: db).filter(\.$municipality.$id == mid)
                .filter(\.$status != .unverified).filter(\.$dueOn != nil).all().compactMap(\.response)
        }
        let inForceFrom = agreement.validFrom.flatMap(CalendarDate.init) ?? agreement.adoptedOn.flatMap(CalendarDate.init)
            ?? (agreement.publishedAt ?? agreement.createdAt).map(localDate) ?? today
        // Years before the municipality began keeping its meetings here are not judged; a
        // follow-up recorded afterwards for an earlier date still counts as evidence.
        let recordsSince = ([m.createdAt.map(localDate)].compactMap { $0 } + meetings.map { $0.localStart.date }).min()
        func evidence(_ kind: ObligationRecord.Kind) -> [Obligations.Evidence] {
            records.filter { $0.kind == kind }.compactMap { r in
                CalendarDate(r.date).map { Obligations.Evidence(id: r.id?.uuidString ?? "", date: $0, title: r.title) }
            }
        }
        let revisions = evidence(.revision) + versions.compactMap { v in
            v.publishedAt.map { Obligations.Evidence(id: "version-\(v.version)", date: localDate($0), title: "version \(v.version)") }
        }
        let input = Obligations.Input(
            rules: rules, inForceFrom: inForceFrom, recordsSince: recordsSince, today: today, warningDays: warningDays,
            meetings: meetings.map { .init(id: $0.id!.uuidString, date: $0.localStart.date, title: $0.title,
                                           kind: $0.builtInKind, cancelled: $0.status == .cancelled) },
            followUps: evidence(.followUp) + rounds.compactMap { r in
                CalendarDate(r.closesOn).map { Obligations.Evidence(id: "round-\(r.year)", date: $0, title: "followUp-\(r.year)") }
            },
            planReviews: evidence(.planReview), revisions: revisions, responses: responses)
        return Outcome(agreement: agreement, results: Obligations.evaluate(input),
                       judgedFrom: recordsSince.map { max($0, inForceFrom) } ?? inForceFrom,
                       meetingIDs: Set(meetings.compactMap { $0.id?.uuidString }))
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
                    try await app.db.transaction { tx in
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
