import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/nyhetsbrev`: the coordinator composes an issue from the draft the system
/// assembles, chooses its segment (seeing the count and the list of recipients), adds texts in
/// other languages, and sends it after a confirmation; sent issues show how delivery went.
struct NewsletterAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.newsletterAdmin, access: .coordinator, use: list)
        routes.on(.GET, SiteURL.newsletterNew, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.newsletterAdmin, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.newsletterIssueAdmin, access: .coordinator, use: show)
        routes.on(.POST, SiteURL.newsletterIssueAdmin, access: .coordinator, use: save)
        routes.on(.POST, SiteURL.newsletterSend, access: .coordinator, use: send)
        routes.on(.POST, SiteURL.newsletterRemove, access: .coordinator, use: remove)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let subject: String; let url: String; let status: String; let date: String?
            let recipients: Int?; let waiting: Int; let sent: Int; let failed: Int
        }
        let chrome: Chrome
        let newURL: String
        let publicURL: String
        let subscribers: Int
        let rows: [Row]?
    }

    /// Issues, their delivery, the subscribers: three queries whatever their number.
    static func listRows(_ db: any Database, _ m: Municipality, t: Translator) async throws -> (rows: [ListPage.Row], subscribers: Int) {
        let issues = try await NewsletterIssue.query(on: db).filter(\.$municipality.$id == m.requireID())
            .sort(\.$createdAt, .descending).all()
        let delivery = try await NewsletterSending.delivery(of: issues.compactMap(\.id), on: db)
        let subscribers = try await NewsletterSubscriber.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .confirmed).count()
        let rows = issues.map { i in
            let d = delivery[i.id!] ?? .init()
            return ListPage.Row(subject: i.subject, url: SiteURL.newsletterIssueAdmin(m.slug, i.id!), status: t("newsletter.status.\(i.status.rawValue)"),
                                date: i.sentAt.map { StockholmTime.local(fromUTC: $0).date.description }, recipients: i.recipients,
                                waiting: d.waiting, sent: d.sent, failed: d.failed)
        }
        return (rows, subscribers)
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator
        let (rows, subscribers) = try await Self.listRows(req.db, m, t: t)
        return try await req.view.render("newsletters/admin-list", ListPage(
            chrome: req.chrome(title: t("newsletterAdmin.title"), municipality: m), newURL: SiteURL.newsletterNew(m.slug),
            publicURL: SiteURL.newsletter(m.slug), subscribers: subscribers, rows: rows.nilIfEmpty))
    }

    // MARK: The form

    static let otherLanguages = Language.allCases.filter { $0 != .default }

    struct Values: Sendable {
        var subject = "", body = "", segment = NewsletterSegment.organisations.rawValue, area = ""
        var translations: [String: (subject: String, body: String)] = [:]
    }

    private func fields(_ v: Values, errors: [String: String], areas: [ActivityArea], t: Translator) -> [FormField] {
        var fields = [
            FormField(name: "subject", label: t("newsletter.subject"), kind: .text, value: v.subject, error: errors["subject"],
                      required: true, maxLength: 200),
            FormField(name: "body", label: t("newsletter.body"), kind: .textarea, value: v.body, hint: t("newsletter.bodyHint"),
                      error: errors["body"], required: true, maxLength: 50_000, rows: 16),
            FormField(name: "segment", label: t("newsletter.segment"), kind: .select, hint: t("newsletter.segmentHint"), error: errors["segment"],
                      required: true, options: NewsletterSegment.allCases.map {
                          .init(value: $0.rawValue, label: t("newsletter.segment.\($0.rawValue)"), selected: v.segment == $0.rawValue)
                      }),
            FormField(name: "area", label: t("newsletter.area"), kind: .select, hint: t("newsletter.areaHint"), error: errors["area"],
                      options: [.init(value: "", label: "–", selected: v.area.isEmpty)]
                        + areas.map { .init(value: $0.id!.uuidString, label: $0.name, selected: v.area == $0.id!.uuidString) }),
        ]
        for language in Self.otherLanguages {
            let code = language.rawValue, name = t("language.\(code)")
            fields.append(FormField(name: "subject_\(code)", label: t("newsletter.subjectIn", name), kind: .text,
                                    value: v.translations[code]?.subject ?? "", hint: t("newsletter.translationHint"),
                                    error: errors["subject_\(code)"], maxLength: 200))
            fields.append(FormField(name: "body_\(code)", label: t("newsletter.bodyIn", name), kind: .textarea,
                                    value: v.translations[code]?.body ?? "", error: errors["body_\(code)"], maxLength: 50_000, rows: 8))
        }
        return fields
    }

    /// Reads and checks the form: the Markdown subset, no line break in a subject, an area for the
    /// area segment, and a translation with both its subject and its text or neither.
    private func read(_ req: Request, areas: [ActivityArea]) -> (Values, [String: String]) {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        var v = Values()
        func body(_ name: String, required: Bool) -> String? {
            let text = required ? check.required(name, max: 50_000) : check.optional(name, max: 50_000)
            if let text, let problem = SafeMarkdown.problems(text).first {
                switch problem {
                case .rawHTML(let line): check.fail(name, req.t("newsAdmin.error.html", String(line)))
                case .unsafeLink(let line, let target): check.fail(name, req.t("newsAdmin.error.link", String(line), String(target.prefix(60))))
                }
            }
            return text
        }
        func subject(_ name: String, required: Bool) -> String? {
            let text = required ? check.required(name, max: 200) : check.optional(name, max: 200)
            if let text, text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }) {
                check.fail(name, req.t("newsletter.error.lineBreak"))
            }
            return text
        }
        v.subject = subject("subject", required: true) ?? input["subject"] ?? ""
        v.body = body("body", required: true) ?? input["body"] ?? ""
        let segment = check.choice("segment", as: NewsletterSegment.self)
        v.segment = segment?.rawValue ?? input["segment"] ?? ""
        v.area = input["area"] ?? ""
        if segment == .area {
            if !areas.contains(where: { $0.id?.uuidString == v.area }) { check.fail("area", req.t("newsletter.error.area")) }
        } else {
            v.area = ""
        }
        for language in Self.otherLanguages {
            let code = language.rawValue
            let s = subject("subject_\(code)", required: false), b = body("body_\(code)", required: false)
            if (s == nil) != (b == nil) { check.fail(s == nil ? "subject_\(code)" : "body_\(code)", req.t("newsletter.error.translationHalf")) }
            if s != nil || b != nil { v.translations[code] = (s ?? input["subject_\(code)"] ?? "", b ?? input["body_\(code)"] ?? "") }
        }
        return (v, check.errors)
    }

    private func areas(_ m: Municipality, _ db: any Database) async throws -> [ActivityArea] {
        try await ActivityArea.query(on: db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all()
    }

    struct IssuePage: Encodable {
        struct Recipient: Encodable { let email: String; let language: String }
        let chrome: Chrome
        let csrf: String
        let heading: String
        let intro: String?
        let action: String?
        let fields: [FormField]?
        let errorSummary: [FormPage.ErrorLink]?
        let backURL: String
        let segment: String?
        let count: Int?
        let recipients: [Recipient]?
        let more: Int
        let sendAction: String?
        let removeAction: String?
        let sentOn: String?
        let preview: String?
        let waiting: Int
        let sent: Int
        let failed: Int
        let archiveURL: String?
    }

    private func render(_ req: Request, _ m: Municipality, issue: NewsletterIssue?, values: Values, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let areas = try await areas(m, req.db)
        var recipients: [NewsletterRecipient]?
        if let issue, issue.status == .draft {
            recipients = try await NewsletterSegments.recipients(NewsletterSegment(rawValue: issue.segment) ?? .organisations,
                                                                 area: issue.$area.id, in: m, on: req.db,
                                                                 today: StockholmTime.local(fromUTC: req.clock.seconds).date.description)
        }
        let shown = 200
        let id = issue?.id
        let editable = issue.map(NewsletterPolicy.mayEdit) ?? true
        let delivery = try await NewsletterSending.delivery(of: id.map { [$0] } ?? [], on: req.db)[id ?? UUID()] ?? .init()
        let page = IssuePage(
            chrome: req.chrome(title: issue?.subject ?? t("newsletterAdmin.new"), municipality: m), csrf: req.csrfToken,
            heading: issue?.subject ?? t("newsletterAdmin.new"), intro: editable ? t("newsletterAdmin.formIntro") : nil,
            action: editable ? (id.map { SiteURL.newsletterIssueAdmin(m.slug, $0) } ?? SiteURL.newsletterAdmin(m.slug)) : nil,
            fields: editable ? fields(values, errors: errors, areas: areas, t: t) : nil,
            errorSummary: FormPage.ErrorLink.summary(errors), backURL: SiteURL.newsletterAdmin(m.slug),
            segment: issue.map { t("newsletter.segment.\($0.segment)") + ($0.$area.id.flatMap { a in areas.first { $0.id == a }?.name }.map { ": \($0)" } ?? "") },
            count: recipients?.count,
            recipients: recipients?.prefix(shown).map { .init(email: $0.email, language: t("language.\($0.language)")) }.nilIfEmpty,
            more: max(0, (recipients?.count ?? 0) - shown),
            sendAction: id != nil && editable && recipients?.isEmpty == false ? SiteURL.newsletterSend(m.slug, id!) : nil,
            removeAction: id != nil && editable ? SiteURL.newsletterRemove(m.slug, id!) : nil,
            sentOn: issue?.sentAt.map { StockholmTime.local(fromUTC: $0).date.description },
            preview: issue.map { SafeMarkdown.html($0.body) }, waiting: delivery.waiting, sent: delivery.sent, failed: delivery.failed,
            archiveURL: issue?.status == .sent ? SiteURL.newsletterIssue(m.slug, id!) : nil)
        return try await req.renderForm("newsletters/admin-issue", page, failed: !errors.isEmpty)
    }

    /// The form starts from the assembled draft of what happened since the last issue.
    @Sendable func newForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let now = req.clock.seconds
        let since = try await NewsletterDraft.since(m, on: req.db, now: now)
        var v = Values()
        v.subject = req.t("newsletter.defaultSubject", m.name, StockholmTime.local(fromUTC: now).date.description)
        v.body = try await NewsletterDraft.assemble(m, since: since, on: req.db, base: req.application.config.publicBaseURL,
                                                    t: req.translator, now: now)
        return try await render(req, m, issue: nil, values: v, errors: [:])
    }

    private func apply(_ v: Values, to issue: NewsletterIssue, on db: any Database) async throws {
        issue.subject = v.subject
        issue.body = v.body
        issue.segment = v.segment
        issue.$area.id = UUID(uuidString: v.area)
        try await issue.save(on: db)
        try await issue.$translations.query(on: db).delete()
        for (code, text) in v.translations.sorted(by: { $0.key < $1.key }) {
            let translation = NewsletterTranslation()
            translation.$issue.id = try issue.requireID()
            translation.language = code
            translation.subject = text.subject
            translation.body = text.body
            try await translation.create(on: db)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let (v, errors) = read(req, areas: try await areas(m, req.db))
        guard errors.isEmpty else { return try await render(req, m, issue: nil, values: v, errors: errors) }
        let issue = NewsletterIssue()
        issue.$municipality.id = try m.requireID()
        issue.status = .draft
        issue.since = try await NewsletterDraft.since(m, on: req.db, now: req.clock.seconds)
        issue.$createdBy.id = req.currentUser?.id
        try await req.db.writeTransaction { try await apply(v, to: issue, on: $0) }
        req.flash(req.t("newsletterAdmin.saved"))
        return req.redirect(to: SiteURL.newsletterIssueAdmin(m.slug, try issue.requireID()))
    }

    private func values(_ issue: NewsletterIssue, on db: any Database) async throws -> Values {
        var v = Values()
        v.subject = issue.subject; v.body = issue.body; v.segment = issue.segment; v.area = issue.$area.id?.uuidString ?? ""
        for translation in try await issue.$translations.query(on: db).all() {
            v.translations[translation.language] = (translation.subject, translation.body)
        }
        return v
    }

    @Sendable func show(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let issue = try await req.find(NewsletterIssue.self, "issue", in: m, notFound: "newsletter.error.notFound")
        return try await render(req, m, issue: issue, values: try await values(issue, on: req.db), errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let issue = try await req.find(NewsletterIssue.self, "issue", in: m, notFound: "newsletter.error.notFound")
        guard NewsletterPolicy.mayEdit(issue) else { throw Abort(.conflict, reason: req.t("newsletter.error.sent")) }
        let (v, errors) = read(req, areas: try await areas(m, req.db))
        guard errors.isEmpty else { return try await render(req, m, issue: issue, values: v, errors: errors) }
        try await req.db.writeTransaction { try await apply(v, to: issue, on: $0) }
        req.flash(req.t("newsletterAdmin.saved"))
        return req.redirect(to: SiteURL.newsletterIssueAdmin(m.slug, try issue.requireID()))
    }

    /// Sending shows every copy first (recipients, and the message in each language).
    @Sendable func send(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let issue = try await req.find(NewsletterIssue.self, "issue", in: m, notFound: "newsletter.error.notFound")
        guard NewsletterPolicy.mayEdit(issue) else { throw Abort(.conflict, reason: req.t("newsletter.error.sent")) }
        let application = req.application, now = req.clock.now
        let act: @Sendable (any Database) async throws -> Int = { tx in
            try await NewsletterSending.send(issue, municipality: m, app: application, on: tx, now: now)
        }
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in _ = try await act(tx) }
            guard !mail.isEmpty else { throw Abort(.conflict, reason: req.t("newsletter.error.nobody")) }
            // The dry run changed the issue in memory only; what is stored is still the draft.
            issue.status = .draft
            issue.sentAt = nil
            issue.recipients = nil
            let perMinute = max(1, application.config.newsletterPerMinute)
            return try await req.confirmation(
                heading: req.t("newsletterAdmin.confirmSend.heading", issue.subject),
                message: req.t("newsletterAdmin.confirmSend.message", String(mail.count), String(perMinute),
                               String((mail.count + perMinute - 1) / perMinute)),
                mail: mail, button: req.t("newsletterAdmin.send"), cancelURL: SiteURL.newsletterIssueAdmin(m.slug, try issue.requireID()),
                municipality: m)
        }
        let sent = try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("newsletterAdmin.sent", String(sent)))
        return req.redirect(to: SiteURL.newsletterIssueAdmin(m.slug, try issue.requireID()))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let issue = try await req.find(NewsletterIssue.self, "issue", in: m, notFound: "newsletter.error.notFound")
        guard NewsletterPolicy.mayEdit(issue) else { throw Abort(.conflict, reason: req.t("newsletter.error.sent")) }
        if let ask = try await req.unconfirmedDeletion(of: issue.subject, back: SiteURL.newsletterIssueAdmin(m.slug, try issue.requireID()),
                                                       municipality: m) { return ask }
        try await issue.delete(on: req.db)
        req.flash(req.t("newsletterAdmin.removed", issue.subject))
        return req.redirect(to: SiteURL.newsletterAdmin(m.slug))
    }
}
