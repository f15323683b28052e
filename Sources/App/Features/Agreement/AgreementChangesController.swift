import Fluent
import SamverkanCore
import Vapor

/// The change log of the agreement (public) and the comparison of a version with the one in force
/// (the coordinator's and the council's, since a draft is not public).
struct AgreementChangesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.agreementChanges, access: .anyone, use: changes)
        routes.on(.GET, SiteURL.versionCompare, access: .council, use: compare)
    }

    /// `?fran=1&till=3` compares two versions; numbers that are not versions are answered on the
    /// page rather than refused.
    @Sendable func changes(req: Request) async throws -> View {
        let m = try await req.municipality()
        func number(_ name: String) -> Int? { (try? req.query.get(String.self, at: name)).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        let asked = req.url.query.map { $0.contains("fran=") || $0.contains("till=") } ?? false
        guard let page = try await AgreementChangesPage.query(
            db: req.db, municipality: m, from: asked ? number("fran") ?? -1 : nil, to: asked ? number("till") ?? -1 : nil,
            t: req.translator, chrome: req.chrome(title: req.t("changes.title", m.name), municipality: m)
        ) else { throw Abort(.notFound, reason: req.t("error.noAgreement")) }
        return try await req.view.render("agreement/changes", page)
    }

    /// A version (usually the draft of a revision) against the version in force, or the version in
    /// force against the one before it.
    @Sendable func compare(req: Request) async throws -> View {
        let (m, agreement) = try await req.agreementVersion()
        let all = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$version).all()
        let inForce = all.first { $0.status == .inForce }
        let base = agreement.status == .inForce || inForce == nil
            ? all.last { $0.version < agreement.version && $0.status != .draft }
            : inForce
        let t = req.translator
        var comparison: AgreementChangesPage.Comparison?
        if let base, base.id != agreement.id {
            let pair = try await AgreementSnapshot.loadMany([base, agreement], on: req.db)
            let links = try await AgreementChangesPage.linkKeys(municipalityID: m.requireID(), snapshots: pair, on: req.db)
            comparison = AgreementChangesPage.build(AgreementComparison.compare(pair[0].document, pair[1].document, links: links),
                                                    old: pair[0], new: pair[1], t: t)
        }
        let page = AgreementComparePage(
            chrome: req.chrome(title: req.t("changes.compare.title", String(agreement.version))),
            heading: req.t("changes.compare.title", String(agreement.version)),
            comparison: comparison, nothing: comparison == nil ? req.t("changes.compare.nothing") : nil,
            backURL: req.currentUser?.isCoordinator(of: m.id) == true ? SiteURL.adminVersion(m.slug, agreement.version) : SiteURL.councilMaterial(m.slug),
            backLabel: req.t(req.currentUser?.isCoordinator(of: m.id) == true ? "changes.compare.back" : "changes.compare.backToCouncil"),
            changesURL: SiteURL.agreementChanges(m.slug))
        return try await req.view.render("agreement/compare", page)
    }
}

/// `/admin/{kommun}/version/{n}/jamfor`.
struct AgreementComparePage: Encodable, Sendable {
    let chrome: Chrome
    let heading: String
    let comparison: AgreementChangesPage.Comparison?
    let nothing: String?
    let backURL: String
    let backLabel: String
    let changesURL: String
}
