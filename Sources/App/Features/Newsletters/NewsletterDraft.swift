import Fluent
import SamverkanCore
import Vapor

/// The draft the system assembles for the next issue, from what happened since the last one:
/// new signatories, coming meetings, published minutes, decisions, news and changed support
/// rules. The coordinator edits it before anything is sent.
enum NewsletterDraft {
    /// Since the last issue sent, or the last 30 days for the first one.
    static func since(_ m: Municipality, on db: any Database, now: Int) async throws -> Int {
        let last = try await NewsletterIssue.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .sent).sort(\.$sentAt, .descending).first()
        return last?.sentAt ?? now - 30 * 86_400
    }

    /// A Swedish text in the safe Markdown subset: a heading and a list per kind of news, with links.
    static func assemble(_ m: Municipality, since: Int, on db: any Database, base: String, t: Translator, now: Int) async throws -> String {
        let mid = try m.requireID()
        let sinceDay = StockholmTime.local(fromUTC: since).date.description
        let today = StockholmTime.local(fromUTC: now).date.description
        var sections: [String] = []
        func section(_ heading: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            sections.append("## \(heading)\n\n" + lines.map { "- \($0)" }.joined(separator: "\n"))
        }
        func link(_ text: String, _ path: String) -> String {
            "[\(text.replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: "[", with: "("))](\(base + path))"
        }
        let signed = try await Organisation.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .approved)
            .filter(\.$signatorySince >= sinceDay).sort(\.$name).all()
        section(t("newsletter.draft.signatories"), signed.map { link($0.name, SiteURL.organisation(m.slug, $0.id!)) })
        let coming = try await Meeting.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .scheduled)
            .filter(\.$startsAt > now).filter(\.$startsAt < now + 60 * 86_400).filter(\.$audience != .council).sort(\.$startsAt).all()
        section(t("newsletter.draft.meetings"), coming.map { "\(link($0.title, SiteURL.meeting(m.slug, $0.id!))) – \($0.when(t))" })
        let minutes = try await Meeting.query(on: db).filter(\.$municipality.$id == mid).filter(\.$minutesPublishedAt >= since)
            .sort(\.$startsAt).all()
        section(t("newsletter.draft.minutes"), minutes.map { link($0.title, SiteURL.meeting(m.slug, $0.id!)) })
        let decisions = try await Decision.query(on: db).filter(\.$municipality.$id == mid).filter(\.$decidedOn >= sinceDay)
            .sort(\.$decidedOn).all()
        section(t("newsletter.draft.decisions"), decisions.map { "\($0.decidedOn) \($0.decidedBy): \(link($0.title, SiteURL.decisions(m.slug)))" })
        let news = try await Article.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .published)
            .filter(\.$publishOn >= sinceDay).filter(\.$publishOn <= today).sort(\.$publishOn).all()
        section(t("newsletter.draft.news"), news.map { "\(link($0.title, SiteURL.article(m.slug, $0.slug))) – \($0.summary)" })
        let rules = try await SupportRuleVersion.query(on: db).join(SupportForm.self, on: \SupportRuleVersion.$form.$id == \SupportForm.$id)
            .filter(SupportForm.self, \.$municipality.$id == mid).filter(\.$createdAt >= since).all()
        let forms = try rules.map { try $0.joined(SupportForm.self) }
        section(t("newsletter.draft.support"), zip(rules, forms).map { rule, form in
            t("newsletter.draft.supportLine", link(form.name, SiteURL.supportForm(m.slug, form.slug)), rule.effectiveFrom)
        })
        return sections.isEmpty ? t("newsletter.draft.empty") : sections.joined(separator: "\n\n")
    }
}
