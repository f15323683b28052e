import Fluent
import Vapor

/// `/admin/{kommun}`: a municipality's versions, starting a revision and publishing it.
struct AdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.adminMunicipality, access: .coordinator, use: municipality)
        routes.on(.POST, SiteURL.adminRevision, access: .coordinator, use: startRevision)
        routes.on(.GET, SiteURL.adminVersion, access: .coordinator, use: version)
        routes.on(.POST, SiteURL.versionPublish, access: .coordinator, use: publish)
        routes.on(.POST, SiteURL.versionDiscard, access: .coordinator, use: discard)
    }

    @Sendable func municipality(req: Request) async throws -> View {
        let m = try await req.municipality()
        let versions = try await AdminMunicipalityPage.query(db: req.db, municipality: m, t: req.translator)
        let draft = versions.first { $0.status == Agreement.Status.draft.rawValue }
        return try await req.view.render("municipalities/admin", AdminMunicipalityPage(
            chrome: req.chrome(title: req.t("admin.municipality.title", m.name)), name: m.name, csrf: req.csrfToken,
            versions: versions, draftURL: draft?.url, revisionAction: SiteURL.adminRevision(m.slug),
            canStartRevision: draft == nil && versions.contains { $0.status == Agreement.Status.inForce.rawValue }))
    }

    @Sendable func startRevision(req: Request) async throws -> Response {
        let m = try await req.municipality()
        do {
            let draft = try await AgreementStore.startRevision(of: m, on: req.db, now: req.clock.now)
            req.flash(req.t("admin.revision.started", String(draft.version)))
            return req.redirect(to: SiteURL.adminVersion(m.slug, draft.version))
        } catch let error as AgreementStoreError {
            req.flash(req.t(error))
            return req.redirect(to: SiteURL.adminMunicipality(m.slug))
        }
    }

    @Sendable func version(req: Request) async throws -> View {
        let (m, agreement) = try await req.agreementVersion()
        let snapshot = try await AgreementSnapshot.load(agreement, on: req.db)
        let page = AdminVersionPage.build(
            snapshot: snapshot, municipality: m, t: req.translator,
            chrome: req.chrome(title: req.t("admin.version.title", m.name, String(agreement.version))), csrf: req.csrfToken)
        return try await req.view.render("agreement/admin-version", page)
    }

    /// Publishing asks first: the signatories are mailed to confirm the new version.
    @Sendable func publish(req: Request) async throws -> Response {
        let (m, agreement) = try await req.agreementVersion()
        guard agreement.status == .draft else { throw Abort(.conflict, reason: req.t("error.notDraft")) }
        let application = req.application, now = req.clock.now
        let act: @Sendable (any Database) async throws -> Void = { tx in
            try await AgreementStore.publish(agreement, on: tx, now: now)
            try await Signatories.requestConfirmation(of: agreement, municipality: m, on: tx, app: application)
        }
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("admin.confirmPublish.heading", String(agreement.version)),
                message: req.t(mail.isEmpty ? "admin.confirmPublish.nobody" : "admin.confirmPublish.message"),
                mail: mail, button: req.t("admin.publish"), cancelURL: SiteURL.adminVersion(m.slug, agreement.version), municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("admin.published", String(agreement.version)))
        return req.redirect(to: SiteURL.adminVersion(m.slug, agreement.version))
    }

    @Sendable func discard(req: Request) async throws -> Response {
        let (m, agreement) = try await req.agreementVersion()
        guard agreement.status == .draft else { throw Abort(.conflict, reason: req.t("error.notDraft")) }
        guard FormInput(req).isConfirmed else {
            return try await req.confirmation(
                heading: req.t("admin.confirmDiscard.heading", String(agreement.version)),
                message: req.t("admin.confirmDiscard.message"), button: req.t("admin.discard"),
                cancelURL: SiteURL.adminVersion(m.slug, agreement.version), municipality: m)
        }
        try await AgreementStore.discard(agreement, on: req.db)
        req.flash(req.t("admin.discarded", String(agreement.version)))
        return req.redirect(to: SiteURL.adminMunicipality(m.slug))
    }
}
