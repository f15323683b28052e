import Fluent
import Vapor

/// `/admin`: every account's start page, what waits for it (`WorkspacePage`).
struct WorkspaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.admin, access: .signedIn, use: start)
    }

    @Sendable func start(req: Request) async throws -> View {
        let user = try req.requireUser()
        let now = req.clock.now
        let municipalities = try await WorkspacePage.municipalities(
            db: req.db, user: user, t: req.translator, warningDays: req.application.config.obligationWarningDays,
            now: now, today: req.clock.today)
        let organisations = try await WorkspacePage.organisations(db: req.db, user: user, t: req.translator, now: now)
        // Staff of one municipality get its admin menu on the start page too.
        if user.role != .platformAdmin, let mid = user.$municipality.id, req.loadedMunicipality == nil {
            req.loadedMunicipality = try await Municipality.find(mid, on: req.db)
        }
        let councilURL = user.role == .councilMember ? req.loadedMunicipality.map { SiteURL.councilMaterial($0.slug) } : nil
        return try await req.view.render("workspace/start", WorkspacePage(
            chrome: req.chrome(title: req.t("admin.title")), municipalities: municipalities, organisations: organisations,
            hasOrganisations: !organisations.isEmpty,
            nothingToAdminister: municipalities.isEmpty && organisations.isEmpty && councilURL == nil, councilURL: councilURL))
    }
}
