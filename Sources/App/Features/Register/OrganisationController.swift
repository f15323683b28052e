import Fluent
import SamverkanCore
import Vapor

/// An organisation's own pages, for its representatives and the municipality's staff:
/// the overview, details, the yearly confirmation, contact persons and further representatives.
struct OrganisationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.organisationAdmin, access: .organisationMember, use: overview)
        routes.on(.GET, SiteURL.organisationDetails, access: .organisationMember, use: editForm)
        routes.on(.POST, SiteURL.organisationDetails, access: .organisationMember, use: save)
        routes.on(.POST, SiteURL.organisationConfirm, access: .organisationMember, use: confirm)
        routes.on(.GET, SiteURL.contactNew, access: .organisationMember, use: newContactForm)
        routes.on(.POST, SiteURL.contactNew, access: .organisationMember, use: createContact)
        routes.on(.POST, SiteURL.contactRemove, access: .organisationMember, use: deleteContact)
        routes.on(.GET, SiteURL.organisationRepresentatives, access: .organisationMember, use: inviteForm)
        routes.on(.POST, SiteURL.organisationRepresentatives, access: .organisationMember, use: invite)
    }

    @Sendable func overview(req: Request) async throws -> View {
        let m = try await req.municipality()
        let o = try await req.organisation()
        return try await req.view.render("register/org-admin", OrganisationAdminPage.build(
            req: req, municipality: m, organisation: o, chrome: req.chrome(title: o.name, municipality: m)))
    }

    private func renderEdit(_ req: Request, _ m: Municipality, _ o: Organisation, values: [String: String?],
                            areasChosen: Set<String>, errors: [String: String]) async throws -> Response {
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all()
        let t = req.translator
        let page = FormPage(
            chrome: req.chrome(title: t("org.edit.title", o.name), municipality: m), heading: t("org.edit.title", o.name),
            intro: t("org.edit.intro"), action: SiteURL.organisationDetails(m.slug, o.id!), csrf: req.csrfToken,
            fields: OrganisationForm.fields(values, areasChosen: areasChosen, areas: areas, districts: m.districtList, errors: errors, t: t),
            submitLabel: t("org.edit.submit"), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let chosen = try await o.$areas.query(on: req.db).all().compactMap { $0.id?.uuidString }
        return try await renderEdit(req, m, o, values: OrganisationForm.values(of: o), areasChosen: Set(chosen), errors: [:])
    }

    /// Saving the details also confirms that they are current.
    @Sendable func save(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all()
        let values = try await OrganisationForm.read(&check, areas: areas, municipalityID: m.requireID(), districts: m.districtList,
                                                     keeping: o.district, excluding: o.id, db: req.db)
        guard check.isValid, let values else {
            return try await renderEdit(req, m, o, values: input.values.mapValues { Optional($0) },
                                        areasChosen: Set(input.lists["areas"] ?? []), errors: check.errors)
        }
        try await req.db.writeTransaction { tx in
            o.confirmedAt = req.clock.now
            try await OrganisationForm.apply(values, to: o, on: tx)
        }
        return req.savedRedirect(SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        o.confirmedAt = req.clock.now
        try await o.save(on: req.db)
        req.flash(req.t("org.confirmed", DayFormat.string(req.clock.now)))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    // MARK: - Contact persons

    private func contactFields(_ v: [String: String?], _ errors: [String: String], _ t: Translator) -> [FormField] {
        func value(_ n: String) -> String { (v[n] ?? nil) ?? "" }
        return [
            FormField(name: "name", label: t("contact.field.name"), kind: .text, value: value("name"), error: errors["name"],
                      required: true, maxLength: 200),
            FormField(name: "role", label: t("contact.field.role"), kind: .text, value: value("role"),
                      hint: t("contact.hint.role"), error: errors["role"], maxLength: 200),
            FormField(name: "email", label: t("contact.field.email"), kind: .email, value: value("email"), error: errors["email"],
                      maxLength: 254),
            FormField(name: "phone", label: t("contact.field.phone"), kind: .text, value: value("phone"), error: errors["phone"],
                      maxLength: 50),
        ]
    }

    private func renderContact(_ req: Request, _ m: Municipality, _ o: Organisation, values: [String: String?],
                               errors: [String: String]) async throws -> Response {
        let t = req.translator
        var page = FormPage(
            chrome: req.chrome(title: t("contact.new"), municipality: m), heading: t("contact.new"), intro: t("contact.privacy"),
            action: SiteURL.contactNew(m.slug, o.id!), csrf: req.csrfToken,
            fields: contactFields(values, errors, t), submitLabel: t("action.save"), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!))
        page.privacyNote = t("trust.note.contact")
        page.privacyURL = SiteURL.privacy(m.slug)
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func newContactForm(req: Request) async throws -> Response {
        try await renderContact(req, try await req.municipality(), try await req.organisation(), values: [:], errors: [:])
    }

    @Sendable func createContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let name = check.required("name", max: 200)
        let role = check.optional("role", max: 200)
        let email = check.email("email")
        let phone = check.optional("phone", max: 50)
        if email == nil && phone == nil && check.isValid { check.fail("email", req.t("contact.error.reachable")) }
        guard check.isValid, let name else {
            return try await renderContact(req, m, o, values: input.values.mapValues { Optional($0) }, errors: check.errors)
        }
        let contact = ContactPerson()
        contact.$organisation.id = try o.requireID()
        contact.name = name
        contact.role = role
        contact.email = email
        contact.phone = phone
        try await contact.create(on: req.db)
        return req.savedRedirect(SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    @Sendable func deleteContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard let id = req.parameters.get("contact", as: UUID.self),
              let contact = try await ContactPerson.query(on: req.db).filter(\.$id == id)
                .filter(\.$organisation.$id == o.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        if let ask = try await req.unconfirmedDeletion(of: contact.name, back: SiteURL.organisationAdmin(m.slug, try o.requireID()),
                                                       municipality: m) { return ask }
        try await contact.delete(on: req.db)
        req.flash(req.t("contact.deleted", contact.name))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try o.requireID()))
    }

    // MARK: - Inviting representatives

    private func renderInvite(_ req: Request, _ m: Municipality, _ o: Organisation, value: String, error: String?) async throws -> Response {
        let t = req.translator
        let page = FormPage(
            chrome: req.chrome(title: t("invite.title", o.name), municipality: m), heading: t("invite.title", o.name),
            intro: t("invite.intro"), action: SiteURL.organisationRepresentatives(m.slug, o.id!), csrf: req.csrfToken,
            fields: [FormField(name: "email", label: t("invite.field.email"), kind: .email, value: value, error: error,
                               required: true, maxLength: 254)],
            submitLabel: t("invite.submit"), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!))
        return try await req.renderForm(page, failed: error != nil)
    }

    @Sendable func inviteForm(req: Request) async throws -> Response {
        try await renderInvite(req, try await req.municipality(), try await req.organisation(), value: "", error: nil)
    }

    @Sendable func invite(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let email = check.email("email").map { User.normalise(email: $0) }
        if input["email"] == nil { check.fail("email", req.t("validation.required")) }
        guard check.isValid, let email else {
            return try await renderInvite(req, m, o, value: input.values["email"] ?? "", error: check.errors["email"])
        }
        let inviter = try req.requireUser()
        let app = req.application
        let oid = try o.requireID()
        let existing = try await User.query(on: req.db).filter(\.$email == email).first()
        if let existing {
            // An existing representative of the same municipality is asked first: the link in the
            // mail shows who invites them to what, and only their yes adds them.
            guard RegisterPolicy.mayBeInvited(existing, municipalityID: m.id) else {
                return try await renderInvite(req, m, o, value: email, error: req.t("invite.error.otherAccount"))
            }
            if try await OrganisationRepresentative.query(on: req.db).filter(\.$organisation.$id == oid)
                .filter(\.$user.$id == existing.requireID()).count() == 0 {
                try await req.db.writeTransaction { tx in
                    let token = try await EmailToken.issue(.invitation, userID: existing.id, organisationID: oid, email: email,
                                                           validFor: 14 * 24 * 3600, on: tx, now: req.clock.now)
                    let mailer = Mailer(db: tx, app: app)
                    try await mailer.send(to: email, in: existing.mailLanguage, subjectKey: "mail.consent.subject", bodyKey: "mail.consent.body",
                                          [o.name, inviter.name, mailer.link(SiteURL.invitation(token))],
                                          municipalityID: m.id, kind: "invitation")
                }
            }
        } else {
            try await req.db.writeTransaction { tx in
                let token = try await EmailToken.issue(.invitation, userID: nil, organisationID: oid, email: email,
                                                       validFor: 14 * 24 * 3600, on: tx, now: req.clock.now)
                let mailer = Mailer(db: tx, app: app)
                // A new address's language is not known yet: the inviter's page language until they choose.
                try await mailer.send(to: email, in: req.locale, subjectKey: "mail.invite.subject", bodyKey: "mail.invite.body",
                                      [o.name, inviter.name, mailer.link(SiteURL.invitation(token))],
                                      municipalityID: m.id, kind: "invitation")
            }
        }
        req.flash(req.t("invite.sent", email))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, oid))
    }
}
