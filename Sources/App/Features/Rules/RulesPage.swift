import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/regler` and the coordinator's view: each rule of the agreement, year by year,
/// with its status, the evidence and what is still needed.
struct RulesPage: Encodable {
    struct Link: Encodable { let title: String; let date: String; let url: String? }
    struct YearRow: Encodable {
        let year: Int
        let status: String
        let statusLabel: String
        let evidence: [Link]?
        let planned: [Link]?
        let needed: String
        let partial: Bool
    }
    struct Rule: Encodable {
        let anchor: String
        let description: String
        let note: String?
        let status: String?
        let statusLabel: String?
        let years: [YearRow]?
    }
    struct Record: Encodable { let kind: String; let date: String; let title: String; let removeAction: String }
    struct Option: Encodable { let value: String; let label: String }

    let chrome: Chrome
    let csrf: String
    let agreementTitle: String?
    let judgedFrom: String?
    let rules: [Rule]?
    let atRisk: Int
    let adminURL: String?
    let publicURL: String
    // The coordinator's view
    let records: [Record]?
    let recordAction: String
    let recordFields: [FormField]
    let warningDays: Int
    let errorSummary: [FormPage.ErrorLink]?

    static func query(_ req: Request, _ m: Municipality, admin: Bool, errors: [String: String] = [:],
                      values: [String: String] = [:]) async throws -> RulesPage {
        let t = req.translator
        let warningDays = req.application.config.obligationWarningDays
        let outcome = try await ObligationCheck.evaluate(m, on: req.db, warningDays: warningDays, now: req.clock.now)
        func links(_ items: [Obligations.Evidence]) -> [Link]? {
            items.isEmpty ? nil : items.map {
                if $0.id.hasPrefix("round-"), let year = Int($0.id.dropFirst("round-".count)) {
                    return Link(title: t("rules.followUpRound", String(year)), date: $0.date.description, url: SiteURL.followUpReport(m.slug, year))
                }
                return Link(title: $0.title, date: $0.date.description,
                            url: outcome.meetingIDs.contains($0.id) ? UUID(uuidString: $0.id).map { SiteURL.meeting(m.slug, $0) } : nil)
            }
        }
        let rules = outcome.results.map { result in
            Rule(anchor: "rule-\(result.index + 1)", description: RuleText.describe(result.rule, t), note: result.rule.note,
                 status: result.current?.status.rawValue, statusLabel: result.current.map { t("rules.status.\($0.status.rawValue)") },
                 years: result.years.isEmpty ? nil : result.years.map { y in
                     YearRow(year: y.year, status: y.status.rawValue, statusLabel: t("rules.status.\(y.status.rawValue)"),
                             evidence: result.rule.type == .responseTime
                                 ? [Link(title: t("rules.responseTimeEvidence", String(y.year)), date: "", url: SiteURL.contactStatistics(m.slug) + "?ar=\(y.year)")]
                                 : links(y.evidence), planned: links(y.planned), needed: RuleText.needed(result.rule, y, t),
                             partial: y.partial)
                 })
        }
        var records: [Record] = []
        if admin {
            records = try await ObligationRecord.query(on: req.db).filter(\.$municipality.$id == m.requireID())
                .sort(\.$date, .descending).all().map {
                    Record(kind: t("rules.record.\($0.kind.rawValue)"), date: $0.date, title: $0.title,
                           removeAction: SiteURL.ruleRecordRemove(m.slug, $0.id!))
                }
        }
        var typed = ["date": req.clock.today.description]
        typed.merge(values) { $1 }
        let recordFields: [FormField] = [
            .shown("kind", label: t("rules.recordKind"), kind: .select, values: typed, errors: errors,
                   options: ObligationRecord.Kind.allCases.map { ($0.rawValue, t("rules.record.\($0.rawValue)")) }),
            .shown("date", label: t("rules.recordDate"), kind: .date, values: typed, errors: errors, required: true),
            .shown("title", label: t("rules.recordTitle"), kind: .text, values: typed, errors: errors,
                   hint: t("rules.recordTitleHint"), required: true, maxLength: 300),
        ]
        let isCoordinator = RulesPolicy.mayRecord(req.currentUser, municipalityID: m.id)
        return RulesPage(
            chrome: req.chrome(title: admin ? t("rules.adminTitle") : t("rules.title", m.name), municipality: m),
            csrf: admin ? req.csrfToken : "", agreementTitle: outcome.agreement?.title, judgedFrom: outcome.judgedFrom?.description,
            rules: rules.isEmpty ? nil : rules,
            atRisk: outcome.results.filter { $0.current?.status == .atRisk }.count,
            adminURL: isCoordinator && !admin ? SiteURL.rulesAdmin(m.slug) : nil, publicURL: SiteURL.rules(m.slug),
            records: records.isEmpty ? nil : records, recordAction: SiteURL.ruleRecords(m.slug),
            recordFields: recordFields, warningDays: warningDays, errorSummary: FormPage.ErrorLink.summary(errors))
    }
}
