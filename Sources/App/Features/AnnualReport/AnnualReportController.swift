import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/arsrapport/{år}`: public once the coordinator has written an introduction and
/// published it; the municipality's staff see a preview before that.
struct AnnualReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.annualReport, access: .anyone, use: show)
        routes.on(.GET, SiteURL.annualReportAdmin, access: .coordinator, use: edit)
        routes.on(.POST, SiteURL.annualReportAdmin, access: .coordinator, use: save)
    }

    static func year(_ req: Request) throws -> Int {
        guard let year = req.parameters.get("year", as: Int.self), (2000...2100).contains(year) else {
            throw Abort(.notFound, reason: req.t("annual.error.year"))
        }
        return year
    }

    private func page(_ req: Request, _ m: Municipality, year: Int, report: AnnualReport?) async throws -> AnnualReportPage {
        return try await AnnualReportPage.query(
            db: req.db, municipality: m, year: year, report: report, t: req.translator,
            chrome: req.chrome(title: req.t("annual.title", m.name, String(year)), municipality: m),
            adminURL: AnnualReportPolicy.mayEdit(req.currentUser, municipalityID: m.id) ? SiteURL.annualReportAdmin(m.slug, year) : nil,
            warningDays: req.application.config.obligationWarningDays, now: req.clock.now)
    }

    private func report(_ req: Request, _ m: Municipality, _ year: Int) async throws -> AnnualReport? {
        try await AnnualReport.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$year == year).first()
    }

    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        let year = try Self.year(req)
        let report = try await report(req, m, year)
        guard AnnualReportPolicy.maySee(publishedAt: report?.publishedAt, user: req.currentUser, municipalityID: m.id) else {
            throw Abort(.notFound, reason: req.t("annual.error.notPublished"))
        }
        return try await req.view.render("annual-report/public", page(req, m, year: year, report: report))
    }

    @Sendable func edit(req: Request) async throws -> View {
        let m = try await req.municipality()
        let year = try Self.year(req)
        let report = try await report(req, m, year)
        var context = try await page(req, m, year: year, report: report)
        context.csrf = req.csrfToken
        context.editAction = SiteURL.annualReportAdmin(m.slug, year)
        context.publicURL = SiteURL.annualReport(m.slug, year)
        context.introductionFields = [FormField(name: "introduction", label: req.t("annual.introduction"), kind: .textarea,
                                                value: report?.introduction ?? "", hint: req.t("annual.introductionHint"),
                                                maxLength: 20000, rows: 8)]
        return try await req.view.render("annual-report/admin", context)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let year = try Self.year(req)
        let input = FormInput(req)
        guard (input["introduction"] ?? "").count <= 20_000 else { throw Abort(.unprocessableEntity, reason: req.t("validation.tooLong", "20000")) }
        let report = try await report(req, m, year) ?? {
            let r = AnnualReport()
            r.$municipality.id = try m.requireID()
            r.year = year
            return r
        }()
        report.introduction = input["introduction"]
        switch input["action"] {
        case "publish": report.publishedAt = report.publishedAt ?? req.clock.now
        case "unpublish": report.publishedAt = nil
        default: break
        }
        try await report.save(on: req.db)
        req.flash(req.t(report.publishedAt == nil ? "annual.saved" : "annual.published"))
        return req.redirect(to: SiteURL.annualReportAdmin(m.slug, year))
    }
}
