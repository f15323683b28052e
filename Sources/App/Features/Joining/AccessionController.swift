import Fluent
import SamverkanCore
import Vapor

/// A representative's side of joining the agreement.
struct AccessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.apply, access: .organisationMember, use: applyForm)
        routes.on(.POST, SiteURL.apply, access: .organisationMember, use: apply)
        routes.on(.POST, SiteURL.accessionReply, access: .organisationMember, use: answer)
        routes.on(.POST, SiteURL.accessionSign, access: .organisationMember, use: sign)
        routes.on(.GET, SiteURL.withdraw, access: .organisationMember, use: withdrawForm)
        routes.on(.POST, SiteURL.withdraw, access: .organisationMember, use: withdraw)
        routes.on(.POST, SiteURL.confirmVersion, access: .organisationMember, use: confirmVersion)
        routes.on(.GET, SiteURL.protocolFile, access: .organisationMember, use: protocolFile)
    }

    struct ApplyPage: Encodable {
        let chrome: Chrome
        let csrf: String
        let action: String
        let cancelURL: String
        let organisationName: String
        let agreementTitle: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
    }

    struct ApplyInput: Content {
        var method: String?
        var decisionDate: String?
        var text: String?
        var protokoll: File?
    }

    private func renderApply(_ req: Request, _ m: Municipality, _ o: Organisation, _ agreement: Agreement,
                             input: ApplyInput, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let typed = ["method": input.method ?? "protocol", "decisionDate": input.decisionDate ?? "", "text": input.text ?? ""]
        let fields: [FormField] = [
            .shown("method", label: t("apply.method"), kind: .radios, values: typed, errors: errors,
                   options: [("protocol", t("apply.method.protocol")), ("written", t("apply.method.written"))]),
            .shown("decisionDate", label: t("apply.decisionDate"), kind: .date, values: typed, errors: errors, hint: t("apply.decisionDateHint")),
            FormField(name: "protokoll", label: t("apply.file"), kind: .file,
                      hint: t("apply.fileHint", String(req.application.config.uploadMaxBytes / (1024 * 1024))),
                      error: errors["protokoll"], accept: "application/pdf,.pdf"),
            .shown("text", label: t("apply.text"), kind: .textarea, values: typed, errors: errors, hint: t("apply.textHint"), maxLength: 5000),
        ]
        let page = ApplyPage(
            chrome: req.chrome(title: req.t("apply.title", o.name), municipality: m), csrf: req.csrfToken,
            action: SiteURL.apply(m.slug, o.id!), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!),
            organisationName: o.name, agreementTitle: agreement.title, fields: fields,
            errorSummary: FormPage.ErrorLink.summary(errors))
        return try await req.renderForm("joining/apply", page, failed: !errors.isEmpty)
    }

    /// The version in force, if the organisation may apply to it now; otherwise a clear refusal.
    private func applicable(_ req: Request, _ m: Municipality, _ o: Organisation) async throws -> Agreement {
        guard o.status == .approved else { throw Abort(.conflict, reason: req.t("apply.error.notApproved")) }
        guard let agreement = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first() else { throw Abort(.conflict, reason: req.t("error.noAgreement")) }
        let current = try await Accession.query(on: req.db).filter(\.$organisation.$id == o.requireID())
            .filter(\.$status ~~ [.submitted, .moreInfoRequested, .approved, .signed]).count()
        guard current == 0 else { throw Abort(.conflict, reason: req.t("apply.error.alreadyOpen")) }
        return agreement
    }

    @Sendable func applyForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let agreement = try await applicable(req, m, o)
        return try await renderApply(req, m, o, agreement, input: ApplyInput(), errors: [:])
    }

    @Sendable func apply(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let agreement = try await applicable(req, m, o)
        var input = (try? req.content.decode(ApplyInput.self)) ?? ApplyInput()
        input.text = input.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        let method: Accession.Method? = input.method == "written" ? .written : input.method == "protocol" ? .protocol_ : nil
        if method == nil { errors["method"] = req.t("validation.choice") }
        let decisionDate = input.decisionDate.flatMap { $0.isEmpty ? nil : $0 }
        if method == .protocol_ {
            if let decisionDate {
                if CalendarDate(decisionDate) == nil { errors["decisionDate"] = req.t("validation.date") }
            } else {
                errors["decisionDate"] = req.t("apply.error.decisionDate")
            }
            if let file = input.protokoll, file.data.readableBytes > 0 {
                try FileStore.checkSize(file.data, req)
                if !FileCheck.isPDF(file.data.readableBytesView) { errors["protokoll"] = req.t("apply.error.notPDF") }
            } else {
                errors["protokoll"] = req.t("apply.error.noFile")
            }
        } else if method == .written {
            if (input.text ?? "").isEmpty { errors["text"] = req.t("apply.error.text") }
            if (input.text ?? "").count > 5000 { errors["text"] = req.t("validation.tooLong", "5000") }
            if let decisionDate, CalendarDate(decisionDate) == nil { errors["decisionDate"] = req.t("validation.date") }
        }
        guard errors.isEmpty, let method else {
            return try await renderApply(req, m, o, agreement, input: input, errors: errors)
        }
        let user = try req.requireUser()
        let store = FileStore(app: req.application)
        let stored: StoredFile? = method == .protocol_ ? try input.protokoll.map { file in
            try store.save(file.data, originalName: file.filename, contentType: "application/pdf",
                           organisationID: try o.requireID(), uploadedBy: user.id)
        } : nil
        let applicationText = input.text.flatMap { $0.isEmpty ? nil : $0 }
        let app = req.application
        do {
            try await req.db.writeTransaction { tx in
                try await stored?.create(on: tx)
                let a = Accession()
                a.$organisation.id = try o.requireID()
                a.$municipality.id = try m.requireID()
                a.$agreement.id = try agreement.requireID()
                a.$protocolFile.id = stored?.id
                a.method = method
                a.status = .submitted
                a.decisionDate = decisionDate
                a.applicationText = applicationText
                try await a.create(on: tx)
                try await AccessionEvent(accessionID: a.requireID(), user: user, action: .submitted, message: nil).create(on: tx)
                let mailer = Mailer(db: tx, app: app)
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.applied.subject", bodyKey: "mail.applied.body",
                                                   [mailer.link(SiteURL.organisationAdmin(m.slug, o.requireID()))], kind: "accession")
                try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.newApplication.subject",
                                                bodyKey: "mail.newApplication.body",
                                                [o.name, mailer.link(SiteURL.accession(m.slug, a.requireID()))], kind: "accession")
            }
        } catch {
            if let stored { store.remove(stored) }
            throw error
        }
        req.flash(req.t("apply.done"))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    private func accession(_ req: Request, _ o: Organisation) async throws -> Accession {
        guard let id = req.parameters.get("accession", as: UUID.self),
              let a = try await Accession.query(on: req.db).filter(\.$id == id).filter(\.$organisation.$id == o.requireID()).first()
        else { throw Abort(.notFound, reason: req.t("error.itemNotFound")) }
        return a
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let a = try await accession(req, o)
        guard a.status == .moreInfoRequested else { throw Abort(.conflict, reason: req.t("accession.error.state")) }
        let input = FormInput(req)
        guard let message = input["message"], message.count <= 5000 else {
            req.flash(req.t("accession.error.message"))
            return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
        }
        let user = try req.requireUser()
        let app = req.application
        try await req.db.writeTransaction { tx in
            a.status = .submitted
            try await a.save(on: tx)
            try await AccessionEvent(accessionID: a.requireID(), user: user, action: .answered, message: message).create(on: tx)
            try await Mailer(db: tx, app: app).toCoordinators(
                of: m.requireID(), subjectKey: "mail.answered.subject", bodyKey: "mail.answered.body",
                [o.name, Mailer(db: tx, app: app).link(SiteURL.accession(m.slug, a.requireID()))], kind: "accession")
        }
        req.flash(req.t("accession.answered"))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    /// The organisation's signature: who signs, in what role, on which day.
    @Sendable func sign(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let a = try await accession(req, o)
        guard a.status == .approved, a.organisationSignedOn == nil else { throw Abort(.conflict, reason: req.t("accession.error.state")) }
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let name = check.required("signatoryName", max: 200)
        let role = check.required("signatoryRole", max: 200)
        let date = check.date("signedOn") ?? (input["signedOn"] == nil ? CalendarDate(DayFormat.string(req.clock.now)) : nil)
        guard check.isValid, let name, let role, let date else {
            req.flash(req.t("accession.error.signature"))
            return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
        }
        let user = try req.requireUser()
        try await Signing.record(.organisation, name: name, role: role, on: date.description, accession: a,
                                 organisation: o, municipality: m, user: user, req: req)
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    @Sendable func withdrawForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        return try await renderWithdraw(req, m, o, values: ["date": DayFormat.string(req.clock.now)], errors: [:])
    }

    private func renderWithdraw(_ req: Request, _ m: Municipality, _ o: Organisation, values: [String: String],
                                errors: [String: String]) async throws -> Response {
        let t = req.translator
        let page = FormPage(
            chrome: req.chrome(title: t("withdraw.title", o.name), municipality: m), heading: t("withdraw.title", o.name),
            intro: t("withdraw.intro"), action: SiteURL.withdraw(m.slug, o.id!), csrf: req.csrfToken,
            fields: [
                FormField(name: "date", label: t("withdraw.field.date"), kind: .date, value: values["date"] ?? "",
                          hint: t("hint.date"), error: errors["date"], required: true),
                FormField(name: "reason", label: t("withdraw.field.reason"), kind: .textarea, value: values["reason"] ?? "",
                          error: errors["reason"], maxLength: 2000),
            ],
            submitLabel: t("withdraw.submit"), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard let a = try await Accession.query(on: req.db).filter(\.$organisation.$id == o.requireID())
            .filter(\.$status == .signed).first() else { throw Abort(.conflict, reason: req.t("withdraw.error.notSignatory")) }
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let date = check.date("date", required: true)
        let reason = check.optional("reason", max: 2000)
        if let date, let signed = a.signedOn.flatMap(CalendarDate.init), date < signed {
            check.fail("date", req.t("withdraw.error.beforeSigning", signed.description))
        }
        guard check.isValid, let date else { return try await renderWithdraw(req, m, o, values: input.values, errors: check.errors) }
        let user = try req.requireUser()
        let app = req.application
        try await req.db.writeTransaction { tx in
            a.status = .withdrawn
            a.withdrawnOn = date.description
            a.withdrawalReason = reason
            try await a.save(on: tx)
            try await AccessionEvent(accessionID: a.requireID(), user: user, action: .withdrawn, message: reason).create(on: tx)
            try await SignatoryStatus.refresh([o.requireID()], on: tx)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.toRepresentatives(of: o, subjectKey: "mail.withdrawn.subject", bodyKey: "mail.withdrawn.body",
                                               [date.description], kind: "accession")
            try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.withdrawnCoordinator.subject",
                                            bodyKey: "mail.withdrawnCoordinator.body", [o.name, date.description, reason ?? "–"],
                                            kind: "accession")
        }
        req.flash(req.t("withdraw.done"))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    @Sendable func confirmVersion(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard let inForce = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .inForce).first(),
              let signed = try await Accession.query(on: req.db).filter(\.$organisation.$id == o.requireID())
                .filter(\.$status == .signed).first() else {
            throw Abort(.conflict, reason: req.t("withdraw.error.notSignatory"))
        }
        let already = try await VersionConfirmation.query(on: req.db).filter(\.$organisation.$id == o.requireID())
            .filter(\.$agreement.$id == inForce.requireID()).count() > 0
        if !already && signed.$agreement.id != inForce.id {
            let user = try req.requireUser()
            try await req.db.writeTransaction { tx in
                let confirmation = VersionConfirmation()
                confirmation.$organisation.id = try o.requireID()
                confirmation.$agreement.id = try inForce.requireID()
                confirmation.$user.id = user.id
                try await confirmation.create(on: tx)
                try await AccessionEvent(accessionID: signed.requireID(), user: user, action: .confirmedVersion,
                                         message: req.t("accession.confirmedVersion", String(inForce.version))).create(on: tx)
            }
        }
        req.flash(req.t("accession.confirmedVersion", String(inForce.version)))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    /// The board protocol: only to the organisation's representatives and the municipality's staff,
    /// always as an attachment, never shown inline.
    @Sendable func protocolFile(req: Request) async throws -> Response {
        let o = try await req.organisation()
        guard let id = req.parameters.get("file", as: UUID.self),
              let file = try await StoredFile.query(on: req.db).filter(\.$id == id)
                .filter(\.$organisation.$id == o.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let path = FileStore(app: req.application).path(for: file)
        guard let data = FileManager.default.contents(atPath: path) else { throw Abort(.notFound, reason: req.t("error.itemNotFound")) }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: FileStore.attachment(file.originalName, fallback: "protokoll"))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}
