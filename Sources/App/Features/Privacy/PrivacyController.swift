import Fluent
import Foundation
import Vapor

/// A person's own data: `/konto/mina-uppgifter.zip` downloads everything the platform holds
/// about the logged-in person.
struct PrivacyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.personalDataExport, access: .signedIn, use: export)
    }

    @Sendable func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = req.translator
        let export = try await PersonalDataExport.collect(for: user, on: req.db)
        let municipality = try await user.$municipality.get(on: req.db)
        let files = export.tables.map { t("privacy.export.readmeFile", $0.table, String($0.rows.count)) }.joined(separator: "\n")
        let readme = t("privacy.export.readme", user.name, user.email, DayFormat.string(req.clock.now), files,
                       municipality.map { SiteURL.privacy($0.slug) }.map { req.application.config.publicBaseURL + $0 } ?? req.application.config.publicBaseURL)
        let bytes = try export.zip(readme: readme, t: t, now: req.clock.now)
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"mina-uppgifter-\(DayFormat.string(req.clock.now)).zip\"")
        return response
    }
}

extension SiteURL {
    static let personalDataExport = SiteURL("konto", "mina-uppgifter.zip")
}
