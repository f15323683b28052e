import Fluent
import SamverkanCore
import Vapor

/// The pages anyone can read.
struct PublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.home, access: .anyone, use: home)
        routes.on(.GET, SiteURL.municipality, access: .anyone, use: municipality)
        routes.on(.GET, SiteURL.agreement, access: .anyone, use: agreement)
        routes.on(.GET, SiteURL.agreementVersion, access: .anyone, use: agreementVersion)
        routes.on(.GET, SiteURL.developmentAreas, access: .anyone, use: developmentAreas)
    }

    @Sendable func home(req: Request) async throws -> View {
        let page = HomePage(chrome: req.chrome(title: req.t("home.title")),
                            municipalities: try await HomePage.query(db: req.db))
        return try await req.view.render("municipalities/home", page)
    }

    @Sendable func municipality(req: Request) async throws -> View {
        let m = try await req.municipality()
        let upcoming = try await MeetingQueries.upcoming(m, limit: 3, now: req.clock.seconds,
                                                         t: req.translator, on: req.db)
        let page = MunicipalityPage(chrome: req.chrome(title: m.name, municipality: m), name: m.name,
                                    agreement: try await MunicipalityPage.query(db: req.db, municipality: m, t: req.translator),
                                    upcoming: upcoming.isEmpty ? nil : upcoming, meetingsURL: SiteURL.meetings(m.slug))
        return try await req.view.render("municipalities/municipality", page)
    }

    @Sendable func agreement(req: Request) async throws -> View {
        try await renderAgreement(req, version: nil)
    }

    @Sendable func agreementVersion(req: Request) async throws -> View {
        guard let version = req.parameters.get("version", as: Int.self) else {
            throw Abort(.notFound, reason: req.t("error.versionNotFound"))
        }
        return try await renderAgreement(req, version: version)
    }

    private func renderAgreement(_ req: Request, version: Int?) async throws -> View {
        let m = try await req.municipality()
        let selection = AgreementPage.Selection(
            party: (try? req.query.get(String.self, at: "part")).flatMap(Party.init(rawValue:)),
            principleKey: (try? req.query.get(String.self, at: "princip")).flatMap { $0.isEmpty ? nil : $0 }
        )
        let title = version.map { req.t("agreement.titleVersion", m.name, String($0)) } ?? req.t("agreement.title", m.name)
        guard let page = try await AgreementPage.query(
            db: req.db, municipality: m, version: version, selection: selection,
            t: req.translator, chrome: req.chrome(title: title, municipality: m), today: req.application.clock.today
        ) else {
            throw Abort(.notFound, reason: req.t(version == nil ? "error.noAgreement" : "error.versionNotFound"))
        }
        return try await req.view.render("agreement/agreement", page)
    }

    @Sendable func developmentAreas(req: Request) async throws -> View {
        let m = try await req.municipality()
        let plan = try await DevelopmentAreasPage.query(db: req.db, municipality: m, t: req.translator, now: req.clock.seconds)
        let page = DevelopmentAreasPage(chrome: req.chrome(title: req.t("areas.title", m.name), municipality: m), plan: plan, t: req.translator)
        return try await req.view.render("agreement/development-areas", page)
    }
}
