import Fluent
import Foundation
import Vapor

/// A person's own data: `/konto/mina-uppgifter.zip` downloads everything the platform holds
/// about the logged-in person.
struct PrivacyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.personalDataExport, access: .signedIn, use: export)
        routes.on(.GET, SiteURL.erasure, access: .signedIn, use: erasureForm)
        routes.on(.POST, SiteURL.erasure, access: .signedIn, use: erase)
    }

    /// Kinds of data in the order the page names them, each with what erasure does.
    static func rules(_ t: Translator) -> (deleted: [String], anonymised: [String], kept: [String]) {
        var deleted: [String] = [], anonymised: [String] = [], kept: [String] = []
        for table in PersonalData.tables where !table.subjects.isEmpty {
            let label = t("privacy.kind.\(table.name)")
            if table.personal.allSatisfy({ $0.erasure == .delete }) { deleted.append(label) }
            else {
                if table.personal.contains(where: { $0.erasure == .anonymise }) { anonymised.append(label) }
                if table.personal.contains(where: { $0.erasure == .keep }) { kept.append(label) }
            }
        }
        return (deleted, anonymised, kept)
    }

    struct ErasurePage: Encodable {
        let chrome: Chrome
        let csrf: String
        let deleted: [String]
        let anonymised: [String]
        let kept: [String]
        let action: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
        let cancelURL: String
        let exportURL: String
    }

    private func renderErasure(_ req: Request, error: String?) async throws -> Response {
        let t = req.translator
        let rules = Self.rules(t)
        let page = ErasurePage(
            chrome: req.chrome(title: t("privacy.erase.title")), csrf: req.csrfToken,
            deleted: rules.deleted, anonymised: rules.anonymised, kept: rules.kept, action: SiteURL.erasure(),
            fields: [FormField(name: "currentPassword", label: t("account.currentPassword"), kind: .password, error: error, required: true,
                               maxLength: 256, autocomplete: "current-password")],
            errorSummary: error.map { [.init(fieldID: "f-currentPassword", message: $0)] }, cancelURL: SiteURL.account(),
            exportURL: SiteURL.personalDataExport())
        return try await req.renderForm("accounts/erase", page, failed: error != nil)
    }

    @Sendable func erasureForm(req: Request) async throws -> Response { try await renderErasure(req, error: nil) }

    /// Erases the person at once, with their password as the confirmation, and logs them out;
    /// the page after says what was kept and why.
    @Sendable func erase(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let t = req.translator
        let typed = FormInput(req).values["currentPassword"] ?? ""
        guard !typed.isEmpty, try await req.application.passwordHasher.verify(typed, against: user.passwordHash) else {
            return try await renderErasure(req, error: t("account.error.current"))
        }
        let hasher = req.application.passwordHasher
        let now = req.clock.now
        let outcome = try await req.db.writeTransaction { tx in
            try await PersonalDataErasure.erase(user, on: tx, now: now, hasher: hasher)
        }
        req.session.destroy()
        req.currentUser = nil
        let kept = outcome.kept.keys.sorted().map { t("privacy.kind.\($0)") }
        let message = kept.isEmpty ? t("privacy.erased.nothingKept") : t("privacy.erased.kept", kept.joined(separator: ", "))
        return try await req.messagePage(heading: t("privacy.erased.title"), message: t("privacy.erased.message") + " " + message,
                                         linkURL: SiteURL.home(), linkLabel: t("error.home"))
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
    static let erasure = SiteURL("konto", "radera")
}
