import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/regler` and the coordinator's view: each rule of the agreement, year by year,
/// with its status, the evidence and what is still needed; the rules of earlier versions that
/// no longer apply after them; and which rules applied in each year.
struct RulesPage: Encodable {
    struct Link: Encodable { let title: String; let date: String; let url: String? }
    struct YearRow: Encodable {
        let year: String
        let status: String
        let statusLabel: String
        let evidence: [Link]?
        let planned: [Link]?
        let needed: String
        let partial: Bool
    }
    struct Rule: Encodable {
        let anchor: String
        let level: Int
        let description: String
        let note: String?
        /// When it applied and in which versions.
        let applies: String
        let status: String?
        let statusLabel: String?
        let years: [YearRow]?
    }
    /// One year and the rules that applied in it.
    struct YearSummary: Encodable {
        struct Entry: Encodable { let anchor: String; let description: String; let status: String; let statusLabel: String }
        let year: Int
        let rules: [Entry]
    }
    struct Record: Encodable { let kind: String; let date: String; let title: String; let removeAction: String }

    let chrome: Chrome
    let csrf: String
    let agreementTitle: String?
    let judgedFrom: String?
    let rules: [Rule]?
    let earlierRules: [Rule]?
    let yearSummary: [YearSummary]?
    let atRisk: Int
    let adminURL: String?
    let publicURL: String
    // The coordinator's view
    let records: [Record]?
    let recordAction: String
    let recordFields: [FormField]
    let judgedFromAction: String
    let judgedFromFields: [FormField]
    /// Where the rules themselves are changed: the draft's rules, or the versions page to start one.
    let editRulesURL: String
    let editRulesLabel: String
    let warningDays: Int
    let errorSummary: [FormPage.ErrorLink]?

    static func query(_ req: Request, _ m: Municipality, admin: Bool, errors: [String: String] = [:],
                      values: [String: String] = [:]) async throws -> RulesPage {
        let t = req.translator
        let warningDays = req.application.config.obligationWarningDays
        let outcome = try await ObligationCheck.evaluate(m, on: req.db, warningDays: warningDays, now: req.clock.now)
        let today = req.clock.today
        func links(_ items: [Obligations.Evidence]) -> [Link]? {
            items.isEmpty ? nil : items.map {
                if $0.id.hasPrefix("round-"), let year = Int($0.id.dropFirst("round-".count)) {
                    return Link(title: t("rules.followUpRound", String(year)), date: $0.date.description, url: SiteURL.followUpReport(m.slug, year))
                }
                return Link(title: $0.title, date: $0.date.description,
                            url: outcome.meetingIDs.contains($0.id) ? UUID(uuidString: $0.id).map { SiteURL.meeting(m.slug, $0) } : nil)
            }
        }
        let notJudgedReason = outcome.judgedFrom.map {
            t(outcome.judgedFromIsSet ? "rules.notJudged.set" : "rules.notJudged.records", $0.description)
        } ?? ""
        func rule(_ judged: ObligationCheck.Judged, level: Int) -> Rule {
            let result = judged.result, span = judged.span
            var years = result.years.map { y in
                YearRow(year: String(y.year), status: y.status.rawValue, statusLabel: t("rules.status.\(y.status.rawValue)"),
                        evidence: result.rule.type == .responseTime
                            ? [Link(title: t("rules.responseTimeEvidence", String(y.year)), date: "", url: SiteURL.contactStatistics(m.slug) + "?ar=\(y.year)")]
                            : links(y.evidence), planned: links(y.planned), needed: RuleText.needed(result.rule, y, t),
                        partial: y.partial)
            }
            if let range = judged.notJudged {
                years.append(YearRow(year: range.count == 1 ? String(range.lowerBound) : "\(range.lowerBound)–\(range.upperBound)",
                                     status: "notJudged", statusLabel: t("rules.status.notJudged"), evidence: nil, planned: nil,
                                     needed: notJudgedReason, partial: false))
            }
            let versions = span.versions.map(String.init).joined(separator: ", ")
            let key = switch (span.until, span.from > today) {
            case (nil, false): "rules.appliesSince"
            case (nil, true): "rules.appliesFrom"
            case (.some(let until), _) where until >= today: "rules.appliesUntil"
            case (.some, _): "rules.appliedBetween"
            }
            let applies = t(key + (span.versions.count == 1 ? ".one" : ".other"), span.from.description,
                            span.until?.description ?? "", versions)
            return Rule(anchor: "rule-\(result.index + 1)", level: level, description: RuleText.describe(result.rule, t),
                        note: result.rule.note, applies: applies,
                        status: result.current?.status.rawValue, statusLabel: result.current.map { t("rules.status.\($0.status.rawValue)") },
                        years: years.isEmpty ? nil : years)
        }
        let rules = outcome.current.map { rule($0, level: 2) }
        let earlier = outcome.earlier.map { rule($0, level: 3) }
        var byYear: [Int: [YearSummary.Entry]] = [:]
        for judged in outcome.all {
            for y in judged.result.years {
                byYear[y.year, default: []].append(.init(
                    anchor: "rule-\(judged.result.index + 1)", description: RuleText.describe(judged.result.rule, t),
                    status: y.status.rawValue, statusLabel: t("rules.status.\(y.status.rawValue)")))
            }
        }
        let summary = byYear.keys.sorted(by: >).map { YearSummary(year: $0, rules: byYear[$0] ?? []) }

        var records: [Record] = []
        var draft: Agreement?
        if admin {
            records = try await ObligationRecord.query(on: req.db).filter(\.$municipality.$id == m.requireID())
                .sort(\.$date, .descending).all().map {
                    Record(kind: t("rules.record.\($0.kind.rawValue)"), date: $0.date, title: $0.title,
                           removeAction: SiteURL.ruleRecordRemove(m.slug, $0.id!))
                }
            draft = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .draft).first()
        }
        var typed = ["date": req.clock.today.description, "judgedFrom": m.rulesJudgedFrom ?? ""]
        typed.merge(values) { $1 }
        let recordFields: [FormField] = [
            .shown("kind", label: t("rules.recordKind"), kind: .select, values: typed, errors: errors,
                   options: ObligationRecord.Kind.allCases.map { ($0.rawValue, t("rules.record.\($0.rawValue)")) }),
            .shown("date", label: t("rules.recordDate"), kind: .date, values: typed, errors: errors, required: true),
            .shown("title", label: t("rules.recordTitle"), kind: .text, values: typed, errors: errors,
                   hint: t("rules.recordTitleHint"), required: true, maxLength: 300),
        ]
        let judgedFromFields: [FormField] = [
            .shown("judgedFrom", label: t("rules.judgedFromField"), kind: .date, values: typed, errors: errors,
                   hint: t("rules.judgedFromHint")),
        ]
        let isCoordinator = RulesPolicy.mayRecord(req.currentUser, municipalityID: m.id)
        let judgedFromText = outcome.judgedFrom.map { t(outcome.judgedFromIsSet ? "rules.judgedFromSet" : "rules.judgedFrom", $0.description) }
        return RulesPage(
            chrome: req.chrome(title: admin ? t("rules.adminTitle") : t("rules.title", m.name), municipality: m),
            csrf: admin ? req.csrfToken : "", agreementTitle: outcome.agreement?.title, judgedFrom: judgedFromText,
            rules: rules.isEmpty ? nil : rules, earlierRules: earlier.isEmpty ? nil : earlier,
            yearSummary: summary.isEmpty ? nil : summary,
            atRisk: outcome.results.filter { $0.current?.status == .atRisk }.count,
            adminURL: isCoordinator && !admin ? SiteURL.rulesAdmin(m.slug) : nil, publicURL: SiteURL.rules(m.slug),
            records: records.isEmpty ? nil : records, recordAction: SiteURL.ruleRecords(m.slug),
            recordFields: recordFields, judgedFromAction: SiteURL.rulesJudgedFrom(m.slug), judgedFromFields: judgedFromFields,
            editRulesURL: draft.map { SiteURL.adminVersion(m.slug, $0.version) + "#regler" } ?? SiteURL.adminMunicipality(m.slug),
            editRulesLabel: t(draft == nil ? "rules.editInRevision" : "rules.editInDraft", draft.map { String($0.version) } ?? ""),
            warningDays: warningDays, errorSummary: FormPage.ErrorLink.summary(errors))
    }
}
