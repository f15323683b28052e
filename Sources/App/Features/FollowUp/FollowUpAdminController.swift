import Fluent
import SamverkanCore
import Vapor

/// The coordinator runs the follow-up: departments, rounds, extra questions, opening, reminders,
/// closing, reviewing comments, linking reworded commitments, and publishing the report.
struct FollowUpAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.followUpAdmin, access: .coordinator, use: list)
        routes.on(.POST, SiteURL.followUpAdmin, access: .coordinator, use: create)
        routes.on(.POST, SiteURL.departments, access: .coordinator, use: addDepartment)
        routes.on(.POST, SiteURL.departmentRemove, access: .coordinator, use: removeDepartment)
        routes.on(.GET, SiteURL.followUpRound, access: .coordinator, use: show)
        routes.on(.POST, SiteURL.followUpQuestions, access: .coordinator, use: addQuestion)
        routes.on(.POST, SiteURL.followUpQuestionRemove, access: .coordinator, use: removeQuestion)
        routes.on(.POST, SiteURL.followUpOpen, access: .coordinator, use: open)
        routes.on(.POST, SiteURL.followUpRemind, access: .coordinator, use: remind)
        routes.on(.POST, SiteURL.followUpReopen, access: .coordinator, use: reopen)
        routes.on(.POST, SiteURL.followUpClose, access: .coordinator, use: close)
        routes.on(.POST, SiteURL.followUpPublish, access: .coordinator, use: publish)
        routes.on(.POST, SiteURL.followUpComment, access: .coordinator, use: reviewComment)
        routes.on(.POST, SiteURL.followUpLinks, access: .coordinator, use: link)
    }


    @Sendable func list(req: Request) async throws -> Response {
        try await renderList(req, errors: [:], values: [:])
    }

    private func renderList(_ req: Request, errors: [String: String], values: [String: String]) async throws -> Response {
        let m = try await req.municipality()
        let page = try await FollowUpAdminPages.list(req, m, errors: errors, values: values)
        return try await req.renderForm("follow-up/admin-list", page, failed: !errors.isEmpty)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let year = v.integer("year", in: 2000...2100)
        if input["year"] == nil { v.fail("year", req.t("validation.required")) }
        let opens = v.date("opensOn", required: true)
        let closes = v.date("closesOn", required: true)
        v.order(opens, closes, field: "closesOn")
        let minimum = v.integer("minimum", in: 1...100) ?? FollowUpRounds.defaultMinimum
        guard v.isValid, let year, let opens, let closes else { return try await renderList(req, errors: v.errors, values: input.values) }
        do {
            _ = try await FollowUpRounds.create(year: year, municipality: m, opensOn: opens, closesOn: closes, minimum: minimum, on: req.db)
        } catch let error as FollowUpError {
            return try await renderList(req, errors: ["year": req.t(error)], values: input.values)
        }
        req.flash(req.t("followUpAdmin.created", String(year)))
        return req.redirect(to: SiteURL.followUpRound(m.slug, year))
    }

    @Sendable func addDepartment(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let name = v.required("departmentName", max: 200)
        let email = v.email("departmentEmail")
        guard v.isValid, let name else { return try await renderList(req, errors: v.errors, values: input.values) }
        if try await Department.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$name == name).count() > 0 {
            return try await renderList(req, errors: ["departmentName": req.t("followUpAdmin.departmentExists")], values: input.values)
        }
        let d = Department()
        d.$municipality.id = try m.requireID()
        d.name = name
        d.email = email.map(User.normalise(email:))
        try await d.create(on: req.db)
        req.flash(req.t("followUpAdmin.departmentAdded", name))
        return req.redirect(to: SiteURL.followUpAdmin(m.slug))
    }

    @Sendable func removeDepartment(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let d = try await req.find(Department.self, "department", in: m)
        if let ask = try await req.unconfirmedDeletion(of: d.name, detail: req.t("followUpAdmin.departmentRemoveDetail"),
                                                       back: SiteURL.followUpAdmin(m.slug), municipality: m) { return ask }
        // Its earlier answers stay in the reports; the department just no longer gets new rounds.
        try await d.delete(on: req.db)
        req.flash(req.t("followUpAdmin.departmentRemoved", d.name))
        return req.redirect(to: SiteURL.followUpAdmin(m.slug))
    }

    // MARK: One round

    private func render(_ req: Request, _ m: Municipality, _ round: FollowUpRound, errors: [String: String] = [:],
                        values: [String: String] = [:]) async throws -> Response {
        let page = try await FollowUpAdminPages.round(req, m, round, errors: errors, values: values)
        return try await req.renderForm("follow-up/admin-round", page, failed: !errors.isEmpty)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let m = try await req.municipality()
        return try await render(req, m, try await FollowUpController.round(req, m))
    }

    @Sendable func addQuestion(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        guard round.status == .draft else { throw Abort(.conflict, reason: req.t(FollowUpError.notDraft.key)) }
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let text = v.required("questionText", max: 500)
        let kind = v.choice("questionKind", as: FollowUpQuestion.Kind.self)
        if kind == .commitment { v.fail("questionKind", req.t("validation.choice")) }
        let options = input["questionOptions"].map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        if kind == .single || kind == .multiple {
            if options.count < 2 { v.fail("questionOptions", req.t("followUpAdmin.error.options")) }
            if options.count > 20 || options.contains(where: { $0.count > 200 }) { v.fail("questionOptions", req.t("followUpAdmin.error.tooManyOptions")) }
        }
        guard v.isValid, let text, let kind else { return try await render(req, m, round, errors: v.errors, values: input.values) }
        let last = try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == round.requireID()).max(\.$position) ?? 0
        let q = FollowUpQuestion()
        q.$round.id = try round.requireID()
        q.position = last + 1
        q.kind = kind
        q.text = text
        q.options = kind == .single || kind == .multiple ? options.joined(separator: "\n") : nil
        try await q.create(on: req.db)
        req.flash(req.t("followUpAdmin.questionAdded"))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year) + "#fragor")
    }

    @Sendable func removeQuestion(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        guard round.status == .draft else { throw Abort(.conflict, reason: req.t(FollowUpError.notDraft.key)) }
        guard let id = req.parameters.get("question", as: UUID.self),
              let q = try await FollowUpQuestion.query(on: req.db).filter(\.$id == id).filter(\.$round.$id == round.requireID()).first(),
              q.kind != .commitment else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        if let ask = try await req.unconfirmedDeletion(of: req.t("edit.commitment.named", String(q.text.prefix(120))),
                                                       back: SiteURL.followUpRound(m.slug, round.year) + "#fragor", municipality: m) { return ask }
        try await q.delete(on: req.db)
        req.flash(req.t("followUpAdmin.questionRemoved"))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year) + "#fragor")
    }

    private func step(_ req: Request, _ action: (Municipality, FollowUpRound) async throws -> String) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        req.flash(try await action(m, round))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year))
    }

    /// A step that mails people: first a confirmation with the recipients and the message (from a
    /// dry run), then, confirmed, the step itself.
    private func mailingStep(_ req: Request, confirm key: String,
                             _ action: @escaping @Sendable (Municipality, FollowUpRound, any Database) async throws -> String) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in _ = try await action(m, round, tx) }
            return try await req.confirmation(
                heading: req.t("\(key).heading", String(round.year)),
                message: req.t(mail.isEmpty ? "followUpAdmin.confirm.nobody" : "\(key).message"),
                mail: mail, button: req.t("\(key).button"), cancelURL: SiteURL.followUpRound(m.slug, round.year), municipality: m)
        }
        req.flash(try await action(m, round, req.db))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year))
    }

    @Sendable func open(req: Request) async throws -> Response {
        let application = req.application, translator = req.translator, today = req.clock.today
        return try await mailingStep(req, confirm: "followUpAdmin.confirmOpen") { m, round, db in
            let n = try await FollowUpRounds.open(round, municipality: m, app: application, on: db, today: today)
            return translator("followUpAdmin.opened", String(n))
        }
    }

    @Sendable func remind(req: Request) async throws -> Response {
        let application = req.application, translator = req.translator
        return try await mailingStep(req, confirm: "followUpAdmin.confirmRemind") { m, round, db in
            let n = try await FollowUpRounds.remind(round, municipality: m, app: application, on: db)
            return translator("followUpAdmin.reminded", String(n))
        }
    }

    /// Opens one submitted answer again, after a confirmation that shows the mail to the respondent.
    @Sendable func reopen(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        guard let id = req.parameters.get("response", as: UUID.self),
              let response = try await FollowUpResponse.query(on: req.db).filter(\.$id == id).filter(\.$round.$id == round.requireID())
                .with(\.$organisation).with(\.$department).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        guard FollowUpPolicy.mayReopen(response, in: round, today: req.clock.today.description) else {
            throw Abort(.conflict, reason: req.t("followUpAdmin.error.notReopenable"))
        }
        let name = response.organisation?.name ?? response.department?.name ?? ""
        let application = req.application
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in
                try await FollowUpRounds.reopen(response, round: round, municipality: m, app: application, on: tx)
            }
            return try await req.confirmation(
                heading: req.t("followUpAdmin.confirmReopen.heading", name), message: req.t("followUpAdmin.confirmReopen.message"),
                mail: mail, button: req.t("followUpAdmin.reopen"), cancelURL: SiteURL.followUpRound(m.slug, round.year) + "#svarande",
                municipality: m)
        }
        try await FollowUpRounds.reopen(response, round: round, municipality: m, app: application, on: req.db)
        req.flash(req.t("followUpAdmin.reopened", name))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year) + "#svarande")
    }

    @Sendable func close(req: Request) async throws -> Response {
        try await step(req) { _, round in
            guard round.status == .open else { throw FollowUpError.notOpen }
            round.status = .closed
            // The round ends today if it is closed before its date.
            if round.closesOn > req.clock.today.description { round.closesOn = req.clock.today.description }
            try await round.save(on: req.db)
            return req.t("followUpAdmin.closed")
        }
    }

    @Sendable func publish(req: Request) async throws -> Response {
        try await step(req) { m, round in
            guard round.status == .closed else { throw FollowUpError.notClosed }
            round.status = .published
            round.publishedAt = req.clock.now
            try await round.save(on: req.db)
            return req.t("followUpAdmin.published", SiteURL.followUpReport(m.slug, round.year))
        }
    }

    @Sendable func reviewComment(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        guard let id = req.parameters.get("answer", as: UUID.self),
              let answer = try await FollowUpAnswer.query(on: req.db).filter(\.$id == id).filter(\.$roundID == round.requireID()).first(),
              answer.comment != nil else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        guard let decision = FormInput(req)["decision"].flatMap(FollowUpAnswer.CommentStatus.init(rawValue:)) else {
            throw Abort(.unprocessableEntity, reason: req.t("validation.choice"))
        }
        answer.commentStatus = decision
        try await answer.save(on: req.db)
        req.flash(req.t("followUpAdmin.comment.\(decision.rawValue)"))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year) + "#kommentarer")
    }

    /// Says that a commitment of this round continues an earlier commitment whose text changed.
    @Sendable func link(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await FollowUpController.round(req, m)
        let input = FormInput(req)
        guard let to = input["to"].flatMap(UUID.init(uuidString:)), let from = input["from"].flatMap(UUID.init(uuidString:)),
              try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == round.requireID()).filter(\.$commitment.$id == to).count() > 0,
              let earlier = try await Commitment.find(from, on: req.db),
              let earlierAgreement = try await Agreement.find(earlier.$agreement.id, on: req.db),
              earlierAgreement.$municipality.id == m.id, from != to else {
            throw Abort(.unprocessableEntity, reason: req.t("followUpAdmin.error.link"))
        }
        try await CommitmentLink.query(on: req.db).filter(\.$to.$id == to).auditedDelete()
        let link = CommitmentLink()
        link.$municipality.id = try m.requireID()
        link.$from.id = from
        link.$to.id = to
        try await link.create(on: req.db)
        req.flash(req.t("followUpAdmin.linked"))
        return req.redirect(to: SiteURL.followUpRound(m.slug, round.year) + "#kopplingar")
    }
}
