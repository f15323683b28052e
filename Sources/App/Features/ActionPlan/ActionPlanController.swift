import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/handlingsplan`: staff record progress on the action plan (status and dated
/// notes); the coordinator sets the plan's period and next review.
struct ActionPlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.actionPlanAdmin, access: .staff, use: show)
        routes.on(.POST, SiteURL.actionPlanPeriod, access: .coordinator, use: savePeriod)
        routes.on(.POST, SiteURL.actionPlanActivity, access: .staff, use: progress)
    }

    struct Page: Encodable {
        struct Option: Encodable { let value: String; let label: String; let selected: Bool }
        struct Row: Encodable {
            let activity: DevelopmentAreasPage.Activity
            let action: String
            let statuses: [Option]
        }
        let chrome: Chrome
        let csrf: String
        let agreementTitle: String?
        let periodFields: [FormField]
        let isCoordinator: Bool
        let periodAction: String
        let overdue: [Row]?
        let areas: [AreaRows]
        let today: String
        let publicURL: String
        let errorSummary: [FormPage.ErrorLink]?
        struct AreaRows: Encodable { let name: String; let rows: [Row]? }
    }

    private func render(_ req: Request, errors: [String: String] = [:], typed: [String: String] = [:]) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        let today = req.clock.today.description
        let plan = try await DevelopmentAreasPage.query(db: req.db, municipality: m, t: t, now: req.clock.seconds)
        func row(_ a: DevelopmentAreasPage.Activity) -> Page.Row {
            Page.Row(activity: a, action: SiteURL.actionPlanActivity(m.slug, a.id),
                     statuses: ActivityStatus.allCases.map { .init(value: $0.rawValue, label: t("status.\($0.rawValue)"), selected: $0.rawValue == a.statusKey) })
        }
        var period = ["periodStart": plan.periodStart ?? "", "periodEnd": plan.periodEnd ?? "", "nextReview": plan.nextReview ?? ""]
        period.merge(typed) { $1 }
        let page = Page(
            chrome: req.chrome(title: t("plan.adminTitle", m.name), municipality: m), csrf: req.csrfToken,
            agreementTitle: plan.agreementTitle, 
            periodFields: [
                .shown("periodStart", label: t("plan.periodStart"), kind: .date, values: period, errors: errors),
                .shown("periodEnd", label: t("plan.periodEnd"), kind: .date, values: period, errors: errors),
                .shown("nextReview", label: t("plan.nextReviewLabel"), kind: .date, values: period, errors: errors),
            ],
            isCoordinator: ActionPlanPolicy.mayEditPeriod(req.currentUser, municipalityID: m.id),
            periodAction: SiteURL.actionPlanPeriod(m.slug),
            overdue: plan.overdue.isEmpty ? nil : plan.overdue.map(row),
            areas: plan.areas.map { Page.AreaRows(name: $0.name, rows: $0.activities.map { $0.map(row) }) },
            today: today, publicURL: SiteURL.developmentAreas(m.slug), errorSummary: FormPage.ErrorLink.summary(errors))
        return try await req.renderForm("action-plan/admin", page, failed: !errors.isEmpty)
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req) }

    @Sendable func savePeriod(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let start = v.date("periodStart")
        let end = v.date("periodEnd")
        let review = v.date("nextReview")
        v.order(start, end, field: "periodEnd")
        guard v.isValid else { return try await render(req, errors: v.errors, typed: input.values) }
        guard let agreement = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first() else { throw Abort(.conflict, reason: req.t("error.noAgreement")) }
        agreement.planPeriodStart = start?.description
        agreement.planPeriodEnd = end?.description
        agreement.planNextReview = review?.description
        try await agreement.save(on: req.db)
        req.flash(req.t("action.saved"))
        return req.redirect(to: SiteURL.actionPlanAdmin(m.slug))
    }

    /// A new status and/or a dated note on one activity of the version in force.
    @Sendable func progress(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let user = try req.requireUser()
        guard let id = req.parameters.get("activity", as: UUID.self),
              let activity = try await PlanActivity.query(on: req.db)
                .join(DevelopmentArea.self, on: \PlanActivity.$area.$id == \DevelopmentArea.$id)
                .join(Agreement.self, on: \DevelopmentArea.$agreement.$id == \Agreement.$id)
                .filter(Agreement.self, \.$municipality.$id == m.requireID()).filter(Agreement.self, \.$status == .inForce)
                .filter(\.$id == id).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let status = v.choice("status", as: ActivityStatus.self)
        let note = v.optional("note", max: 3000)
        let date = v.date("date") ?? req.clock.today
        if date > req.clock.today { v.fail("date", req.t("rules.error.future")) }
        guard v.isValid, let status else {
            return try await render(req, errors: v.errors.reduce(into: [:]) { $0["\($1.key)-\(id.uuidString)"] = $1.value })
        }
        try await req.db.writeTransaction { tx in
            activity.status = status.rawValue
            try await activity.save(on: tx)
            if let note {
                let n = ActivityNote()
                n.$activity.id = id
                n.date = date.description
                n.text = note
                n.authorName = user.name
                n.$author.id = user.id
                try await n.create(on: tx)
            }
        }
        req.flash(req.t("plan.progressSaved", activity.title))
        return req.redirect(to: SiteURL.actionPlanAdmin(m.slug) + "#a-\(id.uuidString)")
    }
}
