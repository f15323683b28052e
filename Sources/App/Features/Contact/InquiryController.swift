import Fluent
import SamverkanCore
import Vapor

/// The inquirer's side of one way in: asking (`/{kommun}/kontakt/fraga`), confirming the address
/// from the mailed link, and following the inquiry on its own page, where they write more and
/// can reopen an answer within thirty days. No account is needed; a logged-in person's address is
/// already confirmed.
struct InquiryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.ask, access: .anyone, use: askForm)
        routes.on(.POST, SiteURL.ask, access: .anyone, use: ask)
        routes.on(.GET, SiteURL.inquiryPage, access: .anyone, use: page)
        routes.on(.POST, SiteURL.inquiryConfirm, access: .anyone, use: confirm)
        routes.on(.POST, SiteURL.inquiryMessage, access: .anyone, use: message)
        routes.on(.POST, SiteURL.inquiryReopen, access: .anyone, use: reopen)
        routes.on(.GET, SiteURL.inquiryPageAttachment, access: .anyone, use: attachment)
    }

    // MARK: Asking

    private func renderAsk(_ req: Request, _ m: Municipality, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let topics = try await Topic.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).sort(\.$name).all()
        let texts = try await TranslatedTexts.load(.topic, ids: topics.compactMap(\.id), language: req.locale, on: req.db)
        let chosenTopic = values["topic"] ?? ""
        let chosenKind = values["kind"] ?? Inquiry.Kind.question.rawValue
        let user = req.currentUser
        var fields = [
            FormField(name: "kind", label: t("ask.kind"), kind: .radios, error: errors["kind"], required: true,
                      options: Inquiry.Kind.allCases.map { .init(value: $0.rawValue, label: t("inquiry.kind.\($0.rawValue)"), selected: chosenKind == $0.rawValue) }),
            FormField(name: "topic", label: t("ask.topic"), kind: .select, hint: t("ask.topicHint"), error: errors["topic"], required: true,
                      options: [.init(value: "", label: t("ask.dontKnow"), selected: chosenTopic.isEmpty)]
                          + topics.map { .init(value: $0.id!.uuidString, label: texts.text($0.id, "name", $0.name).text, selected: chosenTopic == $0.id!.uuidString) }),
            FormField(name: "subject", label: t("ask.subject"), kind: .text, value: values["subject"] ?? "", error: errors["subject"], required: true, maxLength: 150),
            FormField(name: "body", label: t("ask.body"), kind: .textarea, value: values["body"] ?? "", hint: t("ask.bodyHint"), error: errors["body"],
                      required: true, maxLength: 10_000, rows: 8),
        ]
        fields.append(FormField(name: "attachment", label: t("ask.attachment"), kind: .file, hint: t("ask.attachmentHint", String(req.application.config.uploadMaxBytes / 1_048_576)),
                                error: errors["attachment"], accept: "application/pdf,image/png,image/jpeg"))
        if user == nil {
            fields += [
                FormField(name: "name", label: t("ask.name"), kind: .text, value: values["name"] ?? "", error: errors["name"], required: true,
                          maxLength: 200, autocomplete: "name"),
                FormField(name: "email", label: t("ask.email"), kind: .email, value: values["email"] ?? "", hint: t("ask.emailHint"),
                          error: errors["email"], required: true, maxLength: 254, autocomplete: "email"),
            ]
        }
        var page = FormPage(chrome: req.chrome(title: t("ask.title", m.name), municipality: m), heading: t("ask.heading"),
                            intro: user.map { t("ask.introSignedIn", $0.email) } ?? t("ask.intro"),
                            action: SiteURL.ask(m.slug), csrf: req.csrfToken, fields: fields, submitLabel: t("ask.send"),
                            cancelURL: SiteURL.contact(m.slug))
        page.privacyNote = t("ask.privacy")
        page.multipart = true
        page.privacyURL = SiteURL.privacy(m.slug)
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func askForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        var values: [String: String] = [:]
        if let topic = try? req.query.get(String.self, at: "amne") { values["topic"] = topic }
        return try await renderAsk(req, m, values: values, errors: [:])
    }

    /// The form as a browser posts it with its file field.
    struct AskUpload: Content {
        var kind: String?
        var topic: String?
        var subject: String?
        var body: String?
        var name: String?
        var email: String?
        var attachment: File?
    }

    @Sendable func ask(req: Request) async throws -> Response {
        let m = try await req.municipality()
        var input = FormInput(req)
        var upload: File?
        if req.headers.contentType?.type == "multipart" {
            let form = (try? req.content.decode(AskUpload.self)) ?? AskUpload()
            input = FormInput(values: ["kind": form.kind, "topic": form.topic, "subject": form.subject, "body": form.body,
                                       "name": form.name, "email": form.email].compactMapValues { $0?.replacingOccurrences(of: "\r\n", with: "\n") })
            upload = form.attachment.flatMap { $0.data.readableBytes > 0 ? $0 : nil }
        }
        var check = FormValidation(input, req.translator)
        let kind = check.choice("kind", as: Inquiry.Kind.self)
        let subject = check.required("subject", max: 150)
        let body = check.required("body", max: 10_000)
        let user = req.currentUser
        let name = user == nil ? check.required("name", max: 200) : user?.name
        let email = user == nil ? check.email("email") : user?.email
        if user == nil, email == nil, check.errors["email"] == nil { check.fail("email", req.t("validation.required")) }
        var topic: Topic?
        if let raw = input["topic"], !raw.isEmpty {
            topic = try await UUID(uuidString: raw).asyncFlatMap { id in
                try await Topic.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).first()
            }
            if topic == nil { check.fail("topic", req.t("validation.choice")) }
        }
        var attachmentType: (contentType: String, ext: String)?
        if let upload {
            try FileStore.checkSize(upload.data, req)
            attachmentType = InquiryAttachments.recognise(upload.data)
            if attachmentType == nil { check.fail("attachment", req.t("ask.error.attachment")) }
        }
        guard check.isValid, let kind, let subject, let body, let name, let email else {
            return try await renderAsk(req, m, values: input.values, errors: check.errors)
        }
        let now = req.clock.seconds
        let inquiry = Inquiry()
        inquiry.id = UUID()
        inquiry.$municipality.id = try m.requireID()
        inquiry.$topic.id = topic?.id
        inquiry.$department.id = topic?.$department.id
        inquiry.kind = kind
        inquiry.subject = subject
        inquiry.body = body
        inquiry.inquirerName = name
        inquiry.inquirerEmail = User.normalise(email: email)
        inquiry.$user.id = user?.id
        inquiry.inquirerLanguage = (user?.mailLanguage ?? req.locale).rawValue
        inquiry.receivedAt = now
        inquiry.targetDays = topic?.targetDays ?? m.answerTargetDays
        // A logged-in person's address is confirmed; anyone else's from the mailed link.
        let confirmed = user?.emailVerifiedAt != nil
        inquiry.status = confirmed ? .new : .unverified
        let app = req.application
        let attachment: InquiryAttachment? = if let upload, let attachmentType {
            try InquiryAttachments.store(upload, type: attachmentType, for: inquiry, app: app)
        } else { nil }
        let token: String
        do {
            token = try await req.db.writeTransaction { tx in
            if confirmed { inquiry.verifiedAt = now }
            try await inquiry.create(on: tx)
            try await attachment?.create(on: tx)
            try await InquiryEvent(inquiry, .received, at: now, author: user, name: name, text: nil).create(on: tx)
            if confirmed {
                try await Inquiries.refreshDue(inquiry, on: tx, today: app.clock.today)
                try await inquiry.save(on: tx)
                try await Inquiries.mailInquirer(inquiry, municipality: m, subjectKey: "mail.inquiryReceived.subject",
                                                 bodyKey: "mail.inquiryReceived.body", [inquiry.dueOn ?? ""], app: app, on: tx)
                try await Inquiries.tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.new.subject", bodyKey: "mail.inquiry.new.body", app: app, on: tx)
            } else {
                try await Inquiries.mailInquirer(inquiry, municipality: m, subjectKey: "mail.inquiryConfirm.subject",
                                                 bodyKey: "mail.inquiryConfirm.body", [String(app.config.registrationConfirmHours)], app: app, on: tx)
            }
            return confirmed ? try await Inquiries.issueLink(inquiry, on: tx, now: now) : ""
            }
        } catch {
            if let attachment { FileStore(app: app).remove(storedName: attachment.storedName) }
            throw error
        }
        if confirmed { return req.redirect(to: SiteURL.inquiryPage(m.slug, token)) }
        // The same answer whatever the address: the mail says the rest.
        return try await req.messagePage(heading: req.t("ask.sent.heading"), message: req.t("ask.sent.message", inquiry.inquirerEmail,
                                                                                        String(app.config.registrationConfirmHours)),
                                         linkURL: SiteURL.contact(m.slug), linkLabel: req.t("ask.sent.back"))
    }

    // MARK: The inquirer's page

    struct Page: Encodable {
        struct Step: Encodable { let when: String; let who: String; let what: String; let text: [String]? }
        let chrome: Chrome
        let csrf: String
        let needsConfirmation: Bool
        let confirmAction: String
        let subject: String
        let status: String
        let kind: String
        let topic: String
        let due: String?
        let referenceNumber: String?
        let body: [String]
        let steps: [Step]?
        let attachments: [InquiryAttachments.Link]?
        let messageAction: String?
        let reopenAction: String?
        let messageError: String?
    }

    private func inquiry(_ req: Request) async throws -> (Municipality, Inquiry) {
        let m = try await req.municipality()
        guard let inquiry = try await Inquiries.find(token: req.parameters.get("token"), municipality: m, on: req.db) else {
            throw Abort(.notFound, reason: req.t("inquiry.error.notFound"))
        }
        return (m, inquiry)
    }

    private func mayReopen(_ inquiry: Inquiry, now: Int) -> Bool {
        guard [.answered, .closed].contains(inquiry.status) else { return false }
        let since = inquiry.closedAt ?? inquiry.firstAnsweredAt ?? inquiry.receivedAt
        return now - since <= InquiryPolicy.reopenSeconds
    }

    private func render(_ req: Request, _ m: Municipality, _ inquiry: Inquiry, messageError: String? = nil) async throws -> Response {
        let t = req.translator
        let token = req.parameters.get("token") ?? ""
        let events = try await InquiryEvent.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID())
            .filter(\.$isInternal == false).sort(\.$at).sort(\.$id).all()
        let topic = try await inquiry.$topic.get(on: req.db)
        let now = req.clock.seconds
        let canWrite = [.new, .assigned, .waiting, .reopened].contains(inquiry.status)
        let page = Page(
            chrome: req.chrome(title: t("inquiry.title", inquiry.subject), municipality: m), csrf: req.csrfToken,
            needsConfirmation: inquiry.status == .unverified, confirmAction: SiteURL.inquiryConfirm(m.slug, token),
            subject: inquiry.subject, status: t("inquiry.status.\(inquiry.status.rawValue)"), kind: t("inquiry.kind.\(inquiry.kind.rawValue)"),
            topic: topic?.name ?? t("ask.dontKnow"),
            due: inquiry.firstAnsweredAt == nil && inquiry.status.isOpen ? inquiry.dueOn.map { t("inquiry.due", $0) } : nil,
            referenceNumber: inquiry.referenceNumber, body: FlowingText.paragraphs(inquiry.body) ?? [],
            steps: events.isEmpty ? nil : events.map { e in
                Page.Step(when: DayFormat.string(seconds: e.at),
                          who: e.$author.id == nil ? t("inquiry.you") : e.authorName,
                          what: t("inquiry.event.\(e.kind.rawValue)"), text: FlowingText.paragraphs(e.text))
            },
            attachments: InquiryAttachments.links(try await InquiryAttachments.of(inquiry, on: req.db)) { SiteURL.inquiryPageAttachment(m.slug, token, $0) },
            messageAction: canWrite ? SiteURL.inquiryMessage(m.slug, token) : nil,
            reopenAction: mayReopen(inquiry, now: now) ? SiteURL.inquiryReopen(m.slug, token) : nil,
            messageError: messageError)
        let response = try await req.renderForm("contact/inquiry", page, failed: messageError != nil)
        // The page's address is the inquirer's key: it is not cached and not sent on as a referrer.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    @Sendable func attachment(req: Request) async throws -> Response {
        let (_, inquiry) = try await inquiry(req)
        let response = try await InquiryAttachments.serve(req, of: inquiry)
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (m, inquiry) = try await inquiry(req)
        return try await render(req, m, inquiry)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let (m, inquiry) = try await inquiry(req)
        guard inquiry.status == .unverified else { return req.redirect(to: SiteURL.inquiryPage(m.slug, req.parameters.get("token") ?? "")) }
        let now = req.clock.seconds, app = req.application
        try await req.db.writeTransaction { tx in
            inquiry.status = .new
            inquiry.verifiedAt = now
            try await InquiryEvent(inquiry, .confirmed, at: now, author: nil, name: inquiry.inquirerName).create(on: tx)
            try await Inquiries.refreshDue(inquiry, on: tx, today: app.clock.today)
            try await inquiry.save(on: tx)
            try await Inquiries.mailInquirer(inquiry, municipality: m, subjectKey: "mail.inquiryReceived.subject",
                                             bodyKey: "mail.inquiryReceived.body", [inquiry.dueOn ?? ""], app: app, on: tx)
            try await Inquiries.tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.new.subject", bodyKey: "mail.inquiry.new.body", app: app, on: tx)
        }
        req.flash(req.t("inquiry.confirmed"))
        return req.redirect(to: SiteURL.inquiryPage(m.slug, req.parameters.get("token") ?? ""))
    }

    @Sendable func message(req: Request) async throws -> Response {
        let (m, inquiry) = try await inquiry(req)
        guard [.new, .assigned, .waiting, .reopened].contains(inquiry.status) else {
            throw Abort(.conflict, reason: req.t("inquiry.error.closedForMessages"))
        }
        let (text, error) = Inquiries.text(req)
        guard let text else { return try await render(req, m, inquiry, messageError: error) }
        let now = req.clock.seconds, today = req.clock.today, app = req.application
        try await req.db.writeTransaction { tx in
            try await InquiryEvent(inquiry, .message, at: now, author: nil, name: inquiry.inquirerName, text: text).create(on: tx)
            if inquiry.status == .waiting { inquiry.status = inquiry.$assignee.id == nil ? .new : .assigned }
            try await Inquiries.refreshDue(inquiry, on: tx, today: today)
            try await inquiry.save(on: tx)
            try await Inquiries.tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.update.subject", bodyKey: "mail.inquiry.update.body", app: app, on: tx)
        }
        req.flash(req.t("inquiry.messageSent"))
        return req.redirect(to: SiteURL.inquiryPage(m.slug, req.parameters.get("token") ?? ""))
    }

    @Sendable func reopen(req: Request) async throws -> Response {
        let (m, inquiry) = try await inquiry(req)
        guard mayReopen(inquiry, now: req.clock.seconds) else { throw Abort(.conflict, reason: req.t("inquiry.error.cannotReopen")) }
        let (text, error) = Inquiries.text(req)
        guard let text else { return try await render(req, m, inquiry, messageError: error) }
        let now = req.clock.seconds, app = req.application
        try await req.db.writeTransaction { tx in
            try await InquiryEvent(inquiry, .reopened, at: now, author: nil, name: inquiry.inquirerName, text: text).create(on: tx)
            inquiry.status = .reopened
            inquiry.closedAt = nil
            try await inquiry.save(on: tx)
            try await Inquiries.tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.update.subject", bodyKey: "mail.inquiry.update.body", app: app, on: tx)
        }
        req.flash(req.t("inquiry.reopened"))
        return req.redirect(to: SiteURL.inquiryPage(m.slug, req.parameters.get("token") ?? ""))
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
