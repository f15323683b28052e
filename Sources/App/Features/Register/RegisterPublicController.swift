import Fluent
import SamverkanCore
import Vapor

/// The public side of the register: the catalogue, an organisation's page, registering an
/// organisation (which creates its first representative's account), verifying the address,
/// and accepting an invitation to represent an organisation.
struct RegisterPublicController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.catalogue, access: .anyone, use: catalogue)
        routes.on(.GET, SiteURL.register, access: .anyone, use: registerForm)
        routes.on(.POST, SiteURL.register, access: .anyone, use: register)
        routes.on(.GET, SiteURL.organisation, access: .anyone, use: organisation)
        routes.on(.GET, SiteURL.verify, access: .anyone, use: verify)
        routes.on(.GET, SiteURL.invitation, access: .anyone, use: invitationForm)
        routes.on(.POST, SiteURL.invitation, access: .anyone, use: acceptInvitation)
    }

    @Sendable func catalogue(req: Request) async throws -> View {
        let m = try await req.municipality()
        // The query string is decoded once; each `req.query.get` decoded all of it again.
        let given = (try? req.query.decode([String: String].self)) ?? [:]
        func param(_ name: String) -> String? {
            given[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        let filters = CataloguePage.Filters(
            query: param("q").map { String($0.prefix(100)) },
            areaID: param("omrade").flatMap(UUID.init(uuidString:)),
            legalForm: param("form").flatMap(Organisation.LegalForm.init(rawValue:)),
            district: param("distrikt").map { String($0.prefix(100)) },
            signed: param("undertecknat").flatMap { $0 == "ja" ? true : $0 == "nej" ? false : nil },
            page: param("sida").flatMap(Int.init).map { min(max($0, 1), 100_000) } ?? 1)
        let base = ["q", "omrade", "form", "distrikt", "undertecknat"].compactMap { key in param(key).map { (key, $0) } }
        let page = try await CataloguePage.query(
            db: req.db, municipality: m, filters: filters, t: req.translator,
            chrome: req.chrome(title: req.t("catalogue.title", m.name), municipality: m), baseQuery: base)
        return page.render(req.translator)
    }

    @Sendable func organisation(req: Request) async throws -> View {
        let o = try await req.organisation()
        // Pending and merged records are not public.
        guard o.status == .approved else { throw Abort(.notFound, reason: req.t("error.organisationNotFound")) }
        let m = try await req.municipality()
        let page = try await OrganisationPublicPage.query(db: req.db, organisation: o, t: req.translator,
                                                          chrome: req.chrome(title: o.name, municipality: m))
        return try await req.view.render("register/organisation", page)
    }

    // MARK: - Registering

    private func personFields(_ v: [String: String?], _ errors: [String: String], _ t: Translator) -> [FormField] {
        func value(_ name: String) -> String { (v[name] ?? nil) ?? "" }
        return [
            FormField(name: "personName", label: t("register.field.personName"), kind: .text, value: value("personName"),
                      error: errors["personName"], required: true, maxLength: 200, autocomplete: "name"),
            FormField(name: "personEmail", label: t("register.field.personEmail"), kind: .email, value: value("personEmail"),
                      hint: t("register.hint.personEmail"), error: errors["personEmail"], required: true, maxLength: 254,
                      autocomplete: "email"),
            FormField(name: "password", label: t("register.field.password"), kind: .password,
                      hint: t("register.hint.password"), error: errors["password"], required: true, maxLength: 256,
                      autocomplete: "new-password"),
        ]
    }

    private func renderRegister(_ req: Request, values: [String: String?], areasChosen: Set<String>,
                                errors: [String: String]) async throws -> Response {
        let m = try await req.municipality()
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all()
        let t = req.translator
        var page = FormPage(
            chrome: req.chrome(title: t("register.title"), municipality: m), heading: t("register.title"),
            intro: t("register.intro", m.name), action: SiteURL.register(m.slug), csrf: req.csrfToken,
            fields: personFields(values, errors, t)
                + OrganisationForm.fields(values, areasChosen: areasChosen, areas: areas, districts: m.districtList, errors: errors, t: t),
            submitLabel: t("register.submit"), cancelURL: SiteURL.catalogue(m.slug))
        page.privacyNote = t("trust.note.register")
        page.privacyURL = SiteURL.privacy(m.slug)
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func registerForm(req: Request) async throws -> Response {
        try await renderRegister(req, values: [:], areasChosen: [], errors: [:])
    }

    @Sendable func register(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let mid = try m.requireID()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let personName = check.required("personName", max: 200)
        let personEmail = check.email("personEmail").map { User.normalise(email: $0) }
        if input["personEmail"] == nil { check.fail("personEmail", req.t("validation.required")) }
        let password = input.values["password"] ?? ""
        if let problem = PasswordPolicy.problems(password).first { check.fail("password", req.passwordMessage(problem)) }
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == mid).sort(\.$position).all()
        let values = try await OrganisationForm.read(&check, areas: areas, municipalityID: mid, districts: m.districtList,
                                                     excluding: nil, db: req.db)
        guard check.isValid, let values, let personName, let personEmail else {
            var shown = input.values.mapValues { Optional($0) }
            shown["password"] = nil
            return try await renderRegister(req, values: shown, areasChosen: Set(input.lists["areas"] ?? []), errors: check.errors)
        }
        let hash = try await req.application.passwordHasher.hash(password)
        let app = req.application
        let done = try await req.view.render("partials/message", MessagePage(
            chrome: req.chrome(title: req.t("register.done.title"), municipality: m),
            heading: req.t("register.done.title"), message: req.t("register.done.message", personEmail),
            linkURL: SiteURL.catalogue(m.slug), linkLabel: req.t("register.done.back"))).encodeResponse(status: .created, for: req)
        // An address that has an account already gets the same answer on the page; the mail tells
        // its owner, so the form cannot be used to find out who has an account.
        if try await User.query(on: req.db).filter(\.$email == personEmail).count() > 0 {
            let mailer = req.mailer
            try await mailer.send(to: personEmail, in: req.locale, subjectKey: "mail.registerExisting.subject", bodyKey: "mail.registerExisting.body",
                                  [personName, values.name, mailer.link(SiteURL.login())], municipalityID: mid, kind: "verify")
            return done
        }
        try await req.db.writeTransaction { tx in
            let user = User(email: personEmail, name: personName, passwordHash: hash, role: .representative,
                            municipalityID: mid, verifiedAt: nil)
            user.language = req.locale.rawValue
            try await user.create(on: tx)
            let o = Organisation()
            o.$municipality.id = mid
            o.status = .pending
            o.confirmedAt = req.clock.now
            try await OrganisationForm.apply(values, to: o, on: tx)
            try await OrganisationRepresentative(organisationID: o.requireID(), userID: user.requireID()).create(on: tx)
            let token = try await EmailToken.issue(.verifyEmail, userID: user.id, organisationID: o.id, email: personEmail,
                                                   validFor: 7 * 24 * 3600, on: tx, now: req.clock.now)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.send(to: personEmail, in: user.mailLanguage, subjectKey: "mail.verify.subject", bodyKey: "mail.verify.body",
                                  [personName, o.name, mailer.link(SiteURL.verify(token))], municipalityID: mid, kind: "verify")
            try await mailer.toCoordinators(of: mid, subjectKey: "mail.newOrganisation.subject",
                                            bodyKey: "mail.newOrganisation.body",
                                            [o.name, mailer.link(SiteURL.registerAdmin(m.slug))], kind: "newOrganisation")
        }
        return done
    }

    @Sendable func verify(req: Request) async throws -> View {
        guard let token = req.parameters.get("token"),
              let row = try await EmailToken.find(token, .verifyEmail, on: req.db, now: req.clock.now),
              let user = try await row.$user.get(on: req.db) else {
            throw Abort(.notFound, reason: req.t("verify.invalid"))
        }
        try await req.db.writeTransaction { tx in
            user.emailVerifiedAt = req.clock.now
            try await user.save(on: tx)
            row.usedAt = req.clock.now
            try await row.save(on: tx)
        }
        return try await req.view.render("partials/message", MessagePage(
            chrome: req.chrome(title: req.t("verify.done.title")), heading: req.t("verify.done.title"),
            message: req.t("verify.done.message"), linkURL: SiteURL.login(), linkLabel: req.t("layout.login")))
    }

    // MARK: - Invitations

    private func invitation(_ req: Request) async throws -> (EmailToken, Organisation) {
        guard let token = req.parameters.get("token"),
              let row = try await EmailToken.find(token, .invitation, on: req.db, now: req.clock.now),
              let organisation = try await row.$organisation.get(on: req.db) else {
            throw Abort(.notFound, reason: req.t("invitation.invalid"))
        }
        return (row, organisation)
    }

    private func renderInvitation(_ req: Request, _ o: Organisation, email: String, values: [String: String?],
                                  errors: [String: String]) async throws -> Response {
        let t = req.translator
        let fields = personFields(values, errors, t).filter { $0.name != "personEmail" }
        let page = FormPage(
            chrome: req.chrome(title: t("invitation.title", o.name)), heading: t("invitation.title", o.name),
            intro: t("invitation.intro", email), action: req.url.path, csrf: req.csrfToken, fields: fields,
            submitLabel: t("invitation.submit"), cancelURL: SiteURL.home())
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func invitationForm(req: Request) async throws -> Response {
        let (row, o) = try await invitation(req)
        if row.$user.id != nil {
            // Someone who has an account already says yes (or no) to representing the organisation.
            return try await req.confirmation(heading: req.t("consent.heading", o.name), message: req.t("consent.message", row.email ?? "", o.name),
                                              button: req.t("consent.accept"), cancelURL: SiteURL.home())
        }
        return try await renderInvitation(req, o, email: row.email ?? "", values: [:], errors: [:])
    }

    /// The yes of a person who has an account: they become a representative of the organisation.
    private func consent(_ req: Request, _ row: EmailToken, _ o: Organisation) async throws -> Response {
        guard FormInput(req).isConfirmed, let user = try await row.$user.get(on: req.db), user.isActive else {
            throw Abort(.notFound, reason: req.t("invitation.invalid"))
        }
        let oid = try o.requireID()
        try await req.db.writeTransaction { tx in
            if try await OrganisationRepresentative.query(on: tx).filter(\.$organisation.$id == oid)
                .filter(\.$user.$id == user.requireID()).count() == 0 {
                try await OrganisationRepresentative(organisationID: oid, userID: user.requireID()).create(on: tx)
            }
            row.usedAt = req.clock.now
            try await row.save(on: tx)
        }
        req.flash(req.t("invitation.done", o.name))
        let slug = try await o.$municipality.get(on: req.db).slug
        return req.redirect(to: req.currentUser?.id == user.id ? SiteURL.organisationAdmin(slug, oid) : SiteURL.login(next: SiteURL.organisationAdmin(slug, oid)))
    }

    @Sendable func acceptInvitation(req: Request) async throws -> Response {
        let (row, o) = try await invitation(req)
        if row.$user.id != nil { return try await consent(req, row, o) }
        let email = row.email ?? ""
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let name = check.required("personName", max: 200)
        let password = input.values["password"] ?? ""
        if let problem = PasswordPolicy.problems(password).first { check.fail("password", req.passwordMessage(problem)) }
        if try await User.query(on: req.db).filter(\.$email == email).count() > 0 {
            check.fail("personName", req.t("invitation.accountExists"))
        }
        guard check.isValid, let name else {
            return try await renderInvitation(req, o, email: email, values: ["personName": input.values["personName"]],
                                              errors: check.errors)
        }
        let hash = try await req.application.passwordHasher.hash(password)
        try await req.db.writeTransaction { tx in
            // Following the link proved the address.
            let user = User(email: email, name: name, passwordHash: hash, role: .representative,
                            municipalityID: o.$municipality.id, verifiedAt: req.clock.now)
            user.language = req.locale.rawValue
            try await user.create(on: tx)
            try await OrganisationRepresentative(organisationID: o.requireID(), userID: user.requireID()).create(on: tx)
            row.usedAt = req.clock.now
            try await row.save(on: tx)
        }
        req.flash(req.t("invitation.done", o.name))
        let slug = try await o.$municipality.get(on: req.db).slug
        return req.redirect(to: SiteURL.login(next: SiteURL.organisationAdmin(slug, try o.requireID())))
    }
}
