import Fluent
import Vapor

/// `/{kommun}/avregistrera/{token}`: stop (or resume) invitations. The POST also answers an
/// e-mail client's one-click unsubscribe (RFC 8058), which carries no CSRF token; the token in
/// the path is the authority, and the action can be undone from the same page.
struct UnsubscribeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.unsubscribe, access: .anyone, use: page)
        routes.on(.POST, SiteURL.unsubscribe, access: .anyone, use: optOut)
        routes.on(.POST, SiteURL.unsubscribeUndo, access: .anyone, use: resume)
    }

    private func choice(_ req: Request, _ m: Municipality) async throws -> MailOptOut {
        guard let hash = LinkToken.lookupHash(req.parameters.get("token")),
              let found = try await MailOptOut.query(on: req.db).filter(\.$token == hash)
                .filter(\.$municipality.$id == m.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("unsubscribe.unknown"))
        }
        return found
    }

    @Sendable func page(req: Request) async throws -> View {
        let m = try await req.municipality()
        let c = try await choice(req, m)
        let t = req.translator
        let out = c.optedOutAt != nil
        return try await req.view.render("partials/token-action", MeetingsController.TokenPage(
            chrome: req.chrome(title: t("unsubscribe.title", m.name), municipality: m),
            heading: t("unsubscribe.title", m.name),
            message: out ? t("unsubscribe.done", m.name, c.email) : t("unsubscribe.question", m.name, c.email),
            csrf: req.csrfToken, action: out ? SiteURL.unsubscribeUndo(m.slug, req.parameters.get("token") ?? "") : SiteURL.unsubscribe(m.slug, req.parameters.get("token") ?? ""),
            button: out ? t("unsubscribe.undo") : t("unsubscribe.button"),
            backURL: SiteURL.municipality(m.slug), backLabel: t("unsubscribe.back")))
    }

    @Sendable func optOut(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let c = try await choice(req, m)
        if c.optedOutAt == nil {
            c.optedOutAt = req.clock.now
            try await c.save(on: req.db)
        }
        req.flash(req.t("unsubscribe.done", m.name, c.email))
        return req.redirect(to: SiteURL.unsubscribe(m.slug, req.parameters.get("token") ?? ""))
    }

    @Sendable func resume(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let c = try await choice(req, m)
        c.optedOutAt = nil
        try await c.save(on: req.db)
        req.flash(req.t("unsubscribe.resumed", m.name))
        return req.redirect(to: SiteURL.unsubscribe(m.slug, req.parameters.get("token") ?? ""))
    }
}
