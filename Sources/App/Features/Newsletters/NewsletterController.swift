import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/nyhetsbrev`: residents subscribe with double opt-in, and anyone reads the archive
/// of sent issues. Unsubscribing is the municipality's opt-out (`UnsubscribeController`), whose
/// link every issue carries, in the text and in `List-Unsubscribe`.
struct NewsletterController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.newsletter, access: .anyone, use: page)
        routes.on(.POST, SiteURL.newsletter, access: .anyone, use: subscribe)
        routes.on(.GET, SiteURL.newsletterConfirm, access: .anyone, use: confirmPage)
        routes.on(.POST, SiteURL.newsletterConfirm, access: .anyone, use: confirm)
        routes.on(.GET, SiteURL.newsletterIssue, access: .anyone, use: issue)
    }

    struct Page: Encodable {
        struct Item: Encodable { let subject: String; let url: String; let date: String }
        let chrome: Chrome
        let csrf: String
        let action: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
        let issues: [Item]?
        let privacyURL: String
    }

    static func languageOptions(_ chosen: String, t: Translator) -> [FormField.Option] {
        Language.allCases.map { FormField.Option(value: $0.rawValue, label: t("language.\($0.rawValue)"), selected: chosen == $0.rawValue) }
    }

    /// The archive of sent issues, newest first: one query whatever their number.
    static func archive(_ db: any Database, _ m: Municipality) async throws -> [NewsletterIssue] {
        try await NewsletterIssue.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .sent).sort(\.$sentAt, .descending).all()
    }

    /// The form and the archive.
    private func render(_ req: Request, _ m: Municipality, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let sent = try await Self.archive(req.db, m)
        let page = Page(
            chrome: req.chrome(title: t("newsletter.title", m.name), municipality: m), csrf: req.csrfToken,
            action: SiteURL.newsletter(m.slug),
            fields: [
                FormField(name: "email", label: t("registration.email"), kind: .email, value: values["email"] ?? "",
                          hint: t("newsletter.emailHint"), error: errors["email"], required: true, maxLength: 254, autocomplete: "email"),
                FormField(name: "language", label: t("newsletter.language"), kind: .select, error: errors["language"], required: true,
                          options: Self.languageOptions(values["language"] ?? req.locale.rawValue, t: t)),
            ],
            errorSummary: FormPage.ErrorLink.summary(errors),
            issues: sent.map { Page.Item(subject: $0.subject, url: SiteURL.newsletterIssue(m.slug, $0.id!),
                                         date: StockholmTime.local(fromUTC: $0.sentAt ?? 0).date.description) }.nilIfEmpty,
            privacyURL: SiteURL.privacy(m.slug))
        return try await req.renderForm("newsletters/public", page, failed: !errors.isEmpty)
    }

    @Sendable func page(req: Request) async throws -> Response {
        try await render(req, try await req.municipality(), values: [:], errors: [:])
    }

    /// Whatever the address's state, the answer is the same, so the form tells nobody who
    /// subscribes; a confirmed subscriber who has not unsubscribed gets no new mail.
    @Sendable func subscribe(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let email = check.email("email")
        if email == nil, check.errors["email"] == nil { check.fail("email", req.t("validation.required")) }
        let language = check.choice("language", as: Language.self)
        guard check.isValid, let email, let language else {
            return try await render(req, m, values: input.values, errors: check.errors)
        }
        let address = User.normalise(email: email)
        let mid = try m.requireID()
        let optedOut = try await MailOptOut.query(on: req.db).filter(\.$municipality.$id == mid).filter(\.$email == address)
            .filter(\.$optedOutAt != nil).count() > 0
        let existing = try await NewsletterSubscriber.query(on: req.db).filter(\.$municipality.$id == mid).filter(\.$email == address).first()
        if existing?.status != .confirmed || optedOut {
            let subscriber = existing ?? NewsletterSubscriber()
            subscriber.$municipality.id = mid
            subscriber.email = address
            subscriber.language = language.rawValue
            subscriber.status = .pending
            let (token, hash) = LinkToken.issue()
            subscriber.token = hash
            subscriber.confirmBy = req.clock.seconds + req.application.config.registrationConfirmHours * 3600
            let application = req.application
            try await req.db.writeTransaction { tx in
                try await subscriber.save(on: tx)
                let mailer = Mailer(db: tx, app: application)
                try await mailer.send(to: address, in: language, subjectKey: "mail.newsletterConfirm.subject", bodyKey: "mail.newsletterConfirm.body",
                                      [m.name, mailer.link(SiteURL.newsletterConfirm(m.slug, token)), String(application.config.registrationConfirmHours)],
                                      municipalityID: mid, kind: "newsletter-confirm")
            }
        }
        req.flash(req.t("newsletter.checkMail", address))
        return req.redirect(to: SiteURL.newsletter(m.slug))
    }

    private func pending(_ req: Request, _ m: Municipality) async throws -> NewsletterSubscriber {
        guard let hash = LinkToken.lookupHash(req.parameters.get("token")),
              let found = try await NewsletterSubscriber.query(on: req.db).filter(\.$token == hash)
                .filter(\.$municipality.$id == m.requireID()).first(),
              found.status == .confirmed || (found.confirmBy ?? 0) > req.clock.seconds else {
            throw Abort(.notFound, reason: req.t("newsletter.error.link"))
        }
        return found
    }

    /// Opening the link shows a button: a mail scanner that follows links confirms nothing.
    @Sendable func confirmPage(req: Request) async throws -> View {
        let m = try await req.municipality()
        let s = try await pending(req, m)
        let t = req.translator
        let done = s.status == .confirmed
        return try await req.view.render("partials/token-action", MeetingsController.TokenPage(
            chrome: req.chrome(title: t("newsletter.confirm.title"), municipality: m), heading: t("newsletter.confirm.title"),
            message: done ? t("newsletter.confirm.done", m.name) : t("newsletter.confirm.question", s.email, m.name),
            csrf: req.csrfToken, action: done ? nil : SiteURL.newsletterConfirm(m.slug, req.parameters.get("token") ?? ""),
            button: done ? nil : t("newsletter.confirm.button"), backURL: SiteURL.newsletter(m.slug), backLabel: t("newsletter.back")))
    }

    /// Confirming is a new consent: an earlier unsubscription from the municipality's mail is lifted.
    @Sendable func confirm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let s = try await pending(req, m)
        try await req.db.writeTransaction { tx in
            s.status = .confirmed
            s.confirmedAt = req.clock.seconds
            s.confirmBy = nil
            try await s.save(on: tx)
            try await MailOptOut.query(on: tx).filter(\.$municipality.$id == m.requireID()).filter(\.$email == s.email)
                .set(\.$optedOutAt, to: nil).update()
        }
        req.flash(req.t("newsletter.confirm.done", m.name))
        return req.redirect(to: SiteURL.newsletter(m.slug))
    }

    struct IssuePage: Encodable {
        struct Other: Encodable { let label: String; let url: String; let lang: String }
        let chrome: Chrome
        let subject: String
        let body: String
        let date: String
        let lang: String
        let others: [Other]?
        let backURL: String
    }

    /// A sent issue in the archive, in Swedish or (`?sprak=`) in one of its other languages.
    @Sendable func issue(req: Request) async throws -> View {
        let m = try await req.municipality()
        let issue = try await req.find(NewsletterIssue.self, "issue", in: m, notFound: "newsletter.error.notFound")
        guard issue.status == .sent else { throw Abort(.notFound, reason: req.t("newsletter.error.notFound")) }
        let translations = try await issue.$translations.query(on: req.db).sort(\.$language).all()
        let chosen = translations.first { $0.language == req.query[String.self, at: "sprak"] }
        let t = req.translator
        let url = SiteURL.newsletterIssue(m.slug, try issue.requireID())
        var others = translations.filter { $0.id != chosen?.id }.map {
            IssuePage.Other(label: t("language.\($0.language)"), url: url + "?sprak=\($0.language)", lang: $0.language)
        }
        if chosen != nil { others.insert(.init(label: t("language.sv"), url: url, lang: "sv"), at: 0) }
        return try await req.view.render("newsletters/issue", IssuePage(
            chrome: req.chrome(title: chosen?.subject ?? issue.subject, municipality: m),
            subject: chosen?.subject ?? issue.subject, body: SafeMarkdown.html(chosen?.body ?? issue.body),
            date: StockholmTime.local(fromUTC: issue.sentAt ?? 0).date.description, lang: chosen?.language ?? "sv",
            others: others.nilIfEmpty, backURL: SiteURL.newsletter(m.slug)))
    }
}

extension NewsletterIssue: MunicipalityScoped {
    static var municipalityKey: KeyPath<NewsletterIssue, FieldProperty<NewsletterIssue, UUID>> { \.$municipality.$id }
}
