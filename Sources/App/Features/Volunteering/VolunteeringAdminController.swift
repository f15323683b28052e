import Fluent
import SamverkanCore
import Vapor

/// The coordinator's volunteering at `/admin/{kommun}/frivilliguppdrag`: assignments waiting for
/// review (approve, or send back with a reason that is mailed), offers no one has answered for
/// two weeks, every assignment, the year's figures, and the two settings (only signatories may
/// post; how long volunteers' details are kept).
struct VolunteeringAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.volunteeringAdmin, access: .coordinator, use: overview)
        routes.on(.POST, SiteURL.volunteeringSettings, access: .coordinator, use: saveSettings)
        routes.on(.GET, SiteURL.assignmentReview, access: .coordinator, use: review)
        routes.on(.POST, SiteURL.assignmentApprove, access: .coordinator, use: approve)
        routes.on(.POST, SiteURL.assignmentReturn, access: .coordinator, use: sendBack)
    }

    struct Overview: Encodable {
        struct Row: Encodable {
            let title: String; let organisation: String; let url: String; let status: String; let statusKey: String
            let posted: String; let lastDay: String; let offers: Int
        }
        struct Waiting: Encodable { let assignment: String; let organisation: String; let url: String; let since: String; let days: Int }
        let chrome: Chrome
        let csrf: String
        let pending: [Row]?
        let waiting: [Waiting]?
        let rows: [Row]?
        let volunteerFigures: VolunteerFigures
        let years: [Chrome.NavLink]
        let settingsAction: String
        let settingsFields: [FormField]
        let publicURL: String
        let errorSummary: [FormPage.ErrorLink]?
    }

    /// A fixed number of queries, whatever the number of assignments and offers.
    private func render(_ req: Request, _ m: Municipality, values: [String: String]? = nil, errors: [String: String] = [:]) async throws -> Response {
        let t = req.translator, today = req.clock.today, now = req.clock.seconds
        let mid = try m.requireID()
        let year = (try? req.query.get(Int.self, at: "ar")).flatMap { (2000...2100).contains($0) ? $0 : nil } ?? today.year
        let assignments = try await VolunteerAssignment.query(on: req.db).filter(\.$municipality.$id == mid).with(\.$organisation)
            .sort(\.$postedAt, .descending).all()
        let offers = assignments.isEmpty ? [] : try await VolunteerInterest.query(on: req.db)
            .filter(\.$assignment.$id ~~ assignments.compactMap(\.id)).filter(\.$status != .unconfirmed).all()
        func row(_ a: VolunteerAssignment) -> Overview.Row {
            let key = AssignmentSummary.statusKey(a, today: today)
            return .init(title: a.title, organisation: a.organisation.name, url: SiteURL.assignmentReview(m.slug, a.id!),
                         status: t("volunteer.status.\(key)"), statusKey: key, posted: DayFormat.string(seconds: a.postedAt),
                         lastDay: a.lastDay, offers: offers.filter { $0.$assignment.id == a.id }.count)
        }
        let byID = Dictionary(uniqueKeysWithValues: assignments.map { ($0.id!, $0) })
        let late = offers.filter { $0.status == .open && now - ($0.confirmedAt ?? now) > VolunteerPolicy.coordinatorDays * 86_400 }
            .sorted { ($0.confirmedAt ?? 0) < ($1.confirmedAt ?? 0) }
        let shown = values ?? ["signatoriesOnly": m.volunteerSignatoriesOnly == true ? "1" : "", "retentionMonths": String(m.volunteerRetention)]
        let page = Overview(
            chrome: req.chrome(title: t("volunteerAdmin.title"), municipality: m), csrf: req.csrfToken,
            pending: assignments.filter { $0.status == .pending }.map(row).nilIfEmpty,
            waiting: late.compactMap { i in
                guard let a = byID[i.$assignment.id] else { return nil }
                return .init(assignment: a.title, organisation: a.organisation.name, url: SiteURL.assignmentReview(m.slug, a.id!),
                             since: DayFormat.string(seconds: i.confirmedAt ?? now), days: (now - (i.confirmedAt ?? now)) / 86_400)
            }.nilIfEmpty,
            rows: assignments.filter { $0.status != .pending }.map(row).nilIfEmpty,
            volunteerFigures: try await VolunteerFigures.load(m, year: year, now: now, on: req.db, t: t),
            years: ((today.year - 2)...today.year).reversed().map {
                .init(label: String($0), url: SiteURL.volunteeringAdmin(m.slug) + "?ar=\($0)", current: $0 == year)
            },
            settingsAction: SiteURL.volunteeringSettings(m.slug),
            settingsFields: [
                FormField(name: "signatoriesOnly", label: t("volunteerAdmin.field.who"), kind: .checkboxes, hint: t("volunteerAdmin.hint.who"),
                          error: errors["signatoriesOnly"],
                          options: [.init(value: "1", label: t("volunteerAdmin.signatoriesOnly"), selected: shown["signatoriesOnly"] == "1")]),
                FormField.shown("retentionMonths", label: t("volunteerAdmin.field.retention"), kind: .number, values: shown, errors: errors,
                                hint: t("volunteerAdmin.hint.retention"), required: true, maxLength: 3),
            ],
            publicURL: SiteURL.assignments(m.slug), errorSummary: FormPage.ErrorLink.summary(errors))
        return try await req.renderForm("volunteering/admin", page, failed: !errors.isEmpty)
    }

    @Sendable func overview(req: Request) async throws -> Response {
        try await render(req, try await req.municipality())
    }

    @Sendable func saveSettings(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let months = check.required("retentionMonths", max: 3).flatMap { _ in check.integer("retentionMonths", in: 1...120) }
        guard check.isValid, let months else { return try await render(req, m, values: input.values, errors: check.errors) }
        m.volunteerSignatoriesOnly = input["signatoriesOnly"] == "1"
        m.volunteerRetentionMonths = months
        try await m.save(on: req.db)
        req.flash(req.t("action.saved"))
        return req.redirect(to: SiteURL.volunteeringAdmin(m.slug))
    }

    // MARK: Review

    struct ReviewPage: Encodable {
        let chrome: Chrome
        let csrf: String
        let summary: AssignmentSummary
        let description: [String]
        let mayReview: Bool
        let approveAction: String
        let returnAction: String
        let reason: String
        let reasonError: String?
        let organisationURL: String
        let publicURL: String?
        let returnReason: String?
        let offers: Int
        let backURL: String
        let errorSummary: [FormPage.ErrorLink]?
    }

    private func find(_ req: Request, _ m: Municipality) async throws -> VolunteerAssignment {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)),
              let a = try await VolunteerAssignment.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID())
                .with(\.$organisation).with(\.$area).first() else {
            throw Abort(.notFound, reason: req.t("volunteer.error.notFound"))
        }
        return a
    }

    private func renderReview(_ req: Request, _ m: Municipality, _ a: VolunteerAssignment, reason: String = "", error: String? = nil) async throws -> Response {
        let t = req.translator, today = req.clock.today
        let offers = try await VolunteerInterest.query(on: req.db).filter(\.$assignment.$id == a.requireID()).filter(\.$status != .unconfirmed).count()
        let page = ReviewPage(
            chrome: req.chrome(title: t("volunteerAdmin.review", a.title), municipality: m), csrf: req.csrfToken,
            summary: AssignmentSummary(a, organisation: a.organisation.name, area: a.area?.name, slug: m.slug, today: today, t: t),
            description: FlowingText.paragraphs(a.description) ?? [], mayReview: VolunteerPolicy.mayReview(req.currentUser, a),
            approveAction: SiteURL.assignmentApprove(m.slug, a.id!), returnAction: SiteURL.assignmentReturn(m.slug, a.id!),
            reason: reason, reasonError: error, organisationURL: SiteURL.organisationAdmin(m.slug, a.$organisation.id),
            publicURL: a.isOpen(today: today) || a.status == .filled ? SiteURL.assignment(m.slug, a.id!) : nil,
            returnReason: a.status == .returned ? a.returnReason : nil, offers: offers,
            backURL: SiteURL.volunteeringAdmin(m.slug), errorSummary: error.map { [FormPage.ErrorLink(fieldID: "f-reason", message: $0)] })
        return try await req.renderForm("volunteering/review", page, failed: error != nil)
    }

    @Sendable func review(req: Request) async throws -> Response {
        let m = try await req.municipality()
        return try await renderReview(req, m, try await find(req, m))
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let a = try await find(req, m)
        guard VolunteerPolicy.mayReview(req.currentUser, a) else { throw Abort(.conflict, reason: req.t("volunteerAdmin.error.notPending")) }
        let now = req.clock.seconds, app = req.application
        try await req.db.writeTransaction { tx in
            a.status = .published
            a.returnReason = nil
            if a.publishedAt == nil { a.publishedAt = now }
            try await a.save(on: tx)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.toRepresentatives(of: a.organisation, subjectKey: "mail.volunteer.published.subject", bodyKey: "mail.volunteer.published.body",
                                               [a.title, mailer.link(SiteURL.assignment(m.slug, try a.requireID()))], kind: "volunteer")
        }
        req.flash(req.t("volunteerAdmin.approved", a.title))
        return req.redirect(to: SiteURL.volunteeringAdmin(m.slug))
    }

    @Sendable func sendBack(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let a = try await find(req, m)
        guard VolunteerPolicy.mayReview(req.currentUser, a) else { throw Abort(.conflict, reason: req.t("volunteerAdmin.error.notPending")) }
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        guard let reason = check.required("reason", max: 2_000) else {
            return try await renderReview(req, m, a, reason: input.values["reason"] ?? "", error: check.errors["reason"])
        }
        let app = req.application
        try await req.db.writeTransaction { tx in
            a.status = .returned
            a.returnReason = reason
            try await a.save(on: tx)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.toRepresentatives(of: a.organisation, subjectKey: "mail.volunteer.returned.subject", bodyKey: "mail.volunteer.returned.body",
                                               [a.title, reason, mailer.link(SiteURL.organisationAssignment(m.slug, a.$organisation.id, try a.requireID()))],
                                               kind: "volunteer")
        }
        req.flash(req.t("volunteerAdmin.returned", a.title))
        return req.redirect(to: SiteURL.volunteeringAdmin(m.slug))
    }
}
