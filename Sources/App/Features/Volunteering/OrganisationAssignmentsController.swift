import Fluent
import SamverkanCore
import Vapor

/// An organisation's assignments at `/admin/{kommun}/foreningar/{org}/frivilliguppdrag`: its
/// representatives post one (the coordinator reviews it before it is public), edit it (which
/// sends it for review again), see the offers that reached them, answer each (the answer is
/// mailed), and mark it filled or take it down; an offer not yet answered then gets an answer
/// too, after a confirmation that shows the mail. `VolunteerPolicy` decides.
struct OrganisationAssignmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.organisationAssignments, access: .organisationMember, use: list)
        routes.on(.GET, SiteURL.organisationAssignmentNew, access: .organisationMember, use: newForm)
        routes.on(.POST, SiteURL.organisationAssignments, access: .organisationMember, use: create)
        routes.on(.GET, SiteURL.organisationAssignment, access: .organisationMember, use: show)
        routes.on(.GET, SiteURL.organisationAssignmentEdit, access: .organisationMember, use: editForm)
        routes.on(.POST, SiteURL.organisationAssignmentEdit, access: .organisationMember, use: update)
        routes.on(.POST, SiteURL.organisationAssignmentFilled, access: .organisationMember, use: markFilled)
        routes.on(.POST, SiteURL.organisationAssignmentWithdraw, access: .organisationMember, use: withdraw)
        routes.on(.POST, SiteURL.organisationInterestAnswer, access: .organisationMember, use: answer)
    }

    // MARK: The list

    struct ListPage: Encodable {
        struct Row: Encodable { let title: String; let url: String; let status: String; let statusKey: String; let lastDay: String; let open: Int; let answered: Int }
        let chrome: Chrome
        let organisation: String
        let backURL: String
        let newURL: String?
        let mayNotPost: String?
        let rows: [Row]?
    }

    /// Three queries whatever the number: the assignments, and the offers the organisation sees.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let t = req.translator, today = req.clock.today
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$organisation.$id == o.requireID())
            .sort(\.$postedAt, .descending).all()
        let interests = assignments.isEmpty ? [] : try await VolunteerInterest.query(on: req.db)
            .filter(\.$assignment.$id ~~ assignments.compactMap(\.id)).filter(\.$status ~~ [.open, .accepted, .declined]).all()
        let may = VolunteerPolicy.mayPost(o, in: m)
        return try await req.view.render("volunteering/organisation", ListPage(
            chrome: req.chrome(title: t("volunteerOrg.title", o.name), municipality: m), organisation: o.name,
            backURL: SiteURL.organisationAdmin(m.slug, o.id!), newURL: may ? SiteURL.organisationAssignmentNew(m.slug, o.id!) : nil,
            mayNotPost: may ? nil : t(o.status != .approved ? "volunteerOrg.notApproved" : "volunteerOrg.signatoriesOnly"),
            rows: assignments.map { a in
                let mine = interests.filter { $0.$assignment.id == a.id }
                let key = AssignmentSummary.statusKey(a, today: today)
                return .init(title: a.title, url: SiteURL.organisationAssignment(m.slug, o.id!, a.id!), status: t("volunteer.status.\(key)"),
                             statusKey: key, lastDay: a.lastDay, open: mine.filter { $0.status == .open }.count,
                             answered: mine.filter { $0.status.isAnswered }.count)
            }.nilIfEmpty))
    }

    // MARK: Posting and editing

    private func formContext(_ req: Request, _ m: Municipality) async throws -> (areas: [ActivityArea], districts: [String]) {
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all()
        let districts = (m.districts ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (areas, districts)
    }

    private func renderForm(_ req: Request, _ m: Municipality, _ o: Organisation, _ a: VolunteerAssignment?, values: [String: String],
                            lists: [String: [String]], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let (areas, districts) = try await formContext(req, m)
        let heading = a.map { t("volunteerOrg.edit", $0.title) } ?? t("volunteerOrg.new")
        let page = FormPage(
            chrome: req.chrome(title: heading, municipality: m), heading: heading,
            intro: t(a?.status == .published ? "volunteerOrg.editIntroPublished" : "volunteerOrg.newIntro"),
            action: a.map { SiteURL.organisationAssignmentEdit(m.slug, o.id!, $0.id!) } ?? SiteURL.organisationAssignments(m.slug, o.id!),
            csrf: req.csrfToken,
            fields: AssignmentForm.fields(values: values, lists: lists, errors: errors, areas: areas, districts: districts, t: t),
            submitLabel: t("volunteerOrg.submit"),
            cancelURL: a.map { SiteURL.organisationAssignment(m.slug, o.id!, $0.id!) } ?? SiteURL.organisationAssignments(m.slug, o.id!))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    private func posting(_ req: Request) async throws -> (Municipality, Organisation) {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard VolunteerPolicy.mayPost(o, in: m) else {
            throw Abort(.forbidden, reason: req.t(o.status != .approved ? "volunteerOrg.notApproved" : "volunteerOrg.signatoriesOnly"))
        }
        return (m, o)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let (m, o) = try await posting(req)
        let lastDay = req.clock.today.adding(days: 30).description
        return try await renderForm(req, m, o, nil, values: ["lastDay": lastDay, "wanted": "1", "schedule": "once", "days": "any"],
                                    lists: ["languages": ["sv"]], errors: [:])
    }

    /// Sent for review: the coordinators are told; nothing is public before one approves it.
    @Sendable func create(req: Request) async throws -> Response {
        let (m, o) = try await posting(req)
        let input = FormInput(req)
        let (areas, districts) = try await formContext(req, m)
        let a = VolunteerAssignment()
        a.$municipality.id = try m.requireID()
        a.$organisation.id = try o.requireID()
        a.$createdBy.id = req.currentUser?.id
        a.status = .pending
        a.postedAt = req.clock.seconds
        let errors = AssignmentForm.apply(input, to: a, areas: areas, districts: districts, today: req.clock.today, t: req.translator)
        guard errors.isEmpty else { return try await renderForm(req, m, o, nil, values: input.values, lists: input.lists, errors: errors) }
        let app = req.application
        try await req.db.writeTransaction { tx in
            try await a.create(on: tx)
            try await Self.askForReview(a, o, m, app: app, on: tx)
        }
        req.flash(req.t("volunteerOrg.sentForReview"))
        return req.redirect(to: SiteURL.organisationAssignment(m.slug, try o.requireID(), try a.requireID()))
    }

    static func askForReview(_ a: VolunteerAssignment, _ o: Organisation, _ m: Municipality, app: Application, on db: any Database) async throws {
        let mailer = Mailer(db: db, app: app)
        try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.volunteer.review.subject", bodyKey: "mail.volunteer.review.body",
                                        [o.name, a.title, mailer.link(SiteURL.assignmentReview(m.slug, try a.requireID()))], kind: "volunteer")
    }

    /// The organisation's own assignment; 404 for another organisation's.
    private func assignment(_ req: Request) async throws -> (Municipality, Organisation, VolunteerAssignment) {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)),
              let a = try await VolunteerAssignment.query(on: req.db).filter(\.$id == id).filter(\.$organisation.$id == o.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("volunteer.error.notFound"))
        }
        a.$organisation.value = o
        return (m, o, a)
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let (m, o, a) = try await assignment(req)
        guard VolunteerPolicy.mayEdit(a, today: req.clock.today) else { throw Abort(.conflict, reason: req.t("volunteerOrg.error.cannotEdit")) }
        let (values, lists) = AssignmentForm.values(of: a)
        return try await renderForm(req, m, o, a, values: values, lists: lists, errors: [:])
    }

    /// Every change goes to review again (a published assignment leaves the public list until approved).
    @Sendable func update(req: Request) async throws -> Response {
        let (m, o, a) = try await assignment(req)
        guard VolunteerPolicy.mayEdit(a, today: req.clock.today) else { throw Abort(.conflict, reason: req.t("volunteerOrg.error.cannotEdit")) }
        let input = FormInput(req)
        let (areas, districts) = try await formContext(req, m)
        let errors = AssignmentForm.apply(input, to: a, areas: areas, districts: districts, today: req.clock.today, t: req.translator)
        guard errors.isEmpty else { return try await renderForm(req, m, o, a, values: input.values, lists: input.lists, errors: errors) }
        let app = req.application
        try await req.db.writeTransaction { tx in
            a.status = .pending
            try await a.save(on: tx)
            try await Self.askForReview(a, o, m, app: app, on: tx)
        }
        req.flash(req.t("volunteerOrg.sentForReview"))
        return req.redirect(to: SiteURL.organisationAssignment(m.slug, try o.requireID(), try a.requireID()))
    }

    // MARK: The assignment and its offers

    struct Page: Encodable {
        struct Offer: Encodable {
            let id: String; let name: String; let email: String; let phone: String?; let message: [String]; let received: String
            let status: String; let statusKey: String; let answer: [String]?; let answerAction: String?; let waitingDays: Int?
            let acceptedChecked: Bool
        }
        let chrome: Chrome
        let csrf: String
        let summary: AssignmentSummary
        let description: [String]
        let returnReason: String?
        let editURL: String?
        let filledAction: String?
        let withdrawAction: String?
        let publicURL: String?
        let offers: [Offer]?
        let backURL: String
        let errorSummary: [FormPage.ErrorLink]?
        let answerError: String?
        /// The offer whose answer failed; empty when none did.
        let answerErrorFor: String
    }

    private func render(_ req: Request, _ m: Municipality, _ o: Organisation, _ a: VolunteerAssignment,
                        answerError: (id: UUID, message: String)? = nil) async throws -> Response {
        let t = req.translator, today = req.clock.today, now = req.clock.seconds
        let area = try await a.$area.get(on: req.db)
        let interests = try await VolunteerInterest.query(on: req.db).filter(\.$assignment.$id == a.requireID())
            .filter(\.$status != .unconfirmed).sort(\.$confirmedAt).all()
        let oid = try o.requireID(), aid = try a.requireID()
        let page = Page(
            chrome: req.chrome(title: a.title, municipality: m), csrf: req.csrfToken,
            summary: AssignmentSummary(a, organisation: o.name, area: area?.name, slug: m.slug, today: today, t: t),
            description: FlowingText.paragraphs(a.description) ?? [],
            returnReason: a.status == .returned ? a.returnReason : nil,
            editURL: VolunteerPolicy.mayEdit(a, today: today) ? SiteURL.organisationAssignmentEdit(m.slug, oid, aid) : nil,
            filledAction: VolunteerPolicy.mayMarkFilled(a, today: today) ? SiteURL.organisationAssignmentFilled(m.slug, oid, aid) : nil,
            withdrawAction: VolunteerPolicy.mayEdit(a, today: today) ? SiteURL.organisationAssignmentWithdraw(m.slug, oid, aid) : nil,
            publicURL: a.isOpen(today: today) || a.status == .filled ? SiteURL.assignment(m.slug, aid) : nil,
            offers: interests.map { i in
                Page.Offer(
                    id: i.id!.uuidString, name: i.erasedAt == nil ? i.name : t("volunteerOrg.erased"), email: i.email, phone: i.phone,
                    message: FlowingText.paragraphs(i.message) ?? [], received: DayFormat.string(seconds: i.confirmedAt ?? i.createdAt),
                    status: t("offer.status.\(i.status.rawValue)"), statusKey: i.status.rawValue, answer: FlowingText.paragraphs(i.answer),
                    answerAction: VolunteerPolicy.mayAnswer(i, of: a, organisationID: oid) ? SiteURL.organisationInterestAnswer(m.slug, oid, aid, i.id!) : nil,
                    waitingDays: i.status == .open ? (now - (i.confirmedAt ?? now)) / 86_400 : nil,
                    acceptedChecked: i.status != .declined)
            }.nilIfEmpty,
            backURL: SiteURL.organisationAssignments(m.slug, oid),
            errorSummary: answerError.map { [FormPage.ErrorLink(fieldID: "answer-\($0.id.uuidString)", message: $0.message)] },
            answerError: answerError?.message, answerErrorFor: answerError?.id.uuidString ?? "")
        return try await req.renderForm("volunteering/org-assignment", page, failed: answerError != nil)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (m, o, a) = try await assignment(req)
        return try await render(req, m, o, a)
    }

    /// Accepted or not this time, with a message that is mailed to the volunteer.
    @Sendable func answer(req: Request) async throws -> Response {
        let (m, o, a) = try await assignment(req)
        guard let id = req.parameters.get("interest").flatMap(UUID.init(uuidString:)),
              let interest = try await VolunteerInterest.query(on: req.db).filter(\.$id == id).filter(\.$assignment.$id == a.requireID()).first(),
              VolunteerPolicy.organisationSees(interest) else {
            throw Abort(.notFound, reason: req.t("offer.error.notFound"))
        }
        guard VolunteerPolicy.mayAnswer(interest, of: a, organisationID: o.id) else { throw Abort(.conflict, reason: req.t("volunteerOrg.error.cannotAnswer")) }
        let input = FormInput(req)
        guard let decision = input["decision"].flatMap(VolunteerInterest.Status.init(rawValue:)), decision.isAnswered else {
            return try await render(req, m, o, a, answerError: (id, req.t("volunteerOrg.error.decision")))
        }
        guard let text = input["answer"], text.count <= 3_000 else {
            return try await render(req, m, o, a, answerError: (id, req.t(input["answer"] == nil ? "volunteerOrg.error.answer" : "validation.tooLong", "3000")))
        }
        let now = req.clock.seconds, app = req.application
        let who = req.currentUser?.name ?? o.name
        try await req.db.writeTransaction { tx in
            interest.status = decision
            interest.answer = text
            interest.answeredBy = who
            // The first answer is what the figures time.
            if interest.answeredAt == nil { interest.answeredAt = now }
            try await interest.save(on: tx)
            try await Volunteering.mailVolunteer(interest, a, municipality: m, key: decision == .accepted ? "accepted" : "declined", [text],
                                                 app: app, on: tx)
        }
        req.flash(req.t("volunteerOrg.answered", interest.name))
        return req.redirect(to: SiteURL.organisationAssignment(m.slug, try o.requireID(), try a.requireID()))
    }

    // MARK: Filled or taken down

    /// Ends the assignment; every offer not yet answered gets an answer by mail, after a
    /// confirmation that shows it.
    private func end(_ req: Request, as status: VolunteerAssignment.Status) async throws -> Response {
        let (m, o, a) = try await assignment(req)
        let today = req.clock.today
        let allowed = status == .filled ? VolunteerPolicy.mayMarkFilled(a, today: today) : VolunteerPolicy.mayEdit(a, today: today)
        guard allowed else { throw Abort(.conflict, reason: req.t("volunteerOrg.error.cannotEnd")) }
        let back = SiteURL.organisationAssignment(m.slug, try o.requireID(), try a.requireID())
        let app = req.application, now = req.clock.seconds
        let who = req.currentUser?.name ?? o.name
        let answerKey = status == .filled ? "volunteerOrg.autoAnswer.filled" : "volunteerOrg.autoAnswer.withdrawn"
        let act: @Sendable (any Database) async throws -> Void = { tx in
            let open = try await VolunteerInterest.query(on: tx).filter(\.$assignment.$id == a.requireID()).filter(\.$status == .open).all()
            for interest in open {
                let text = Mailer(db: tx, app: app).t(answerKey, o.name)
                interest.status = .declined
                interest.answer = text
                interest.answeredBy = who
                if interest.answeredAt == nil { interest.answeredAt = now }
                try await interest.save(on: tx)
                try await Volunteering.mailVolunteer(interest, a, municipality: m, key: "declined", [text], app: app, on: tx)
            }
            a.status = status
            if status == .filled { a.filledAt = now }
            a.endedOn = StockholmTime.local(fromUTC: now).date.description
            try await a.save(on: tx)
        }
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db, act)
            let key = status == .filled ? "filled" : "withdraw"
            if mail.isEmpty {
                return try await req.confirmation(heading: req.t("volunteerOrg.confirm.\(key).heading", a.title), message: req.t("volunteerOrg.confirm.\(key).message"),
                                                  button: req.t("volunteerOrg.confirm.\(key).button"), cancelURL: back, municipality: m)
            }
            return try await req.confirmation(heading: req.t("volunteerOrg.confirm.\(key).heading", a.title),
                                              message: req.t("volunteerOrg.confirm.\(key).messageMail", String(mail.count)), mail: mail,
                                              button: req.t("volunteerOrg.confirm.\(key).button"), cancelURL: back, municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t(status == .filled ? "volunteerOrg.filled" : "volunteerOrg.withdrawn"))
        return req.redirect(to: back)
    }

    @Sendable func markFilled(req: Request) async throws -> Response { try await end(req, as: .filled) }
    @Sendable func withdraw(req: Request) async throws -> Response { try await end(req, as: .withdrawn) }
}
