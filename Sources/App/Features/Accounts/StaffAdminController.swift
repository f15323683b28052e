import Fluent
import SamverkanCore
import Vapor

/// Who may do what to other people's accounts.
enum AccountPolicy {
    /// The municipality's coordinator (and the platform administrator) lists, invites,
    /// deactivates and reactivates the municipality's accounts, never their own.
    static func mayManage(_ actor: User?, _ target: User, municipalityID: UUID?) -> Bool {
        guard let actor, actor.isCoordinator(of: municipalityID), target.id != actor.id else { return false }
        return target.$municipality.id == municipalityID && target.role != .platformAdmin
    }

    /// The roles a coordinator may give by invitation.
    static let invitableRoles: [Role] = [.officer, .councilMember, .coordinator]
}

/// `/admin/{kommun}/konton`: the municipality's accounts with search and filters; inviting
/// officers and coordinators, who choose their own password from the invitation; deactivating and
/// reactivating accounts (after a confirmation).
struct StaffAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.accountsAdmin, access: .coordinator, use: list)
        routes.on(.POST, SiteURL.accountsAdmin, access: .coordinator, use: invite)
        routes.on(.POST, SiteURL.accountDeactivate, access: .coordinator, use: deactivate)
        routes.on(.POST, SiteURL.accountReactivate, access: .coordinator, use: reactivate)
        routes.on(.GET, SiteURL.activateAccount, access: .anyone, use: activateForm)
        routes.on(.POST, SiteURL.activateAccount, access: .anyone, use: activate)
    }

    /// An invitation works for fourteen days, as a representative's does.
    static let invitationValidSeconds: TimeInterval = 14 * 24 * 3600

    enum Show: String, CaseIterable, Sendable { case alla, aktiva, inbjudna, inaktiverade }

    struct Page: Encodable {
        struct Row: Encodable {
            let name: String; let email: String; let role: String; let department: String?; let status: String
            let deactivateAction: String?; let reactivateAction: String?
        }
        let chrome: Chrome
        let csrf: String
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
        let action: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
    }

    private func render(_ req: Request, _ m: Municipality, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> Response {
        let t = req.translator
        let mid = try m.requireID()
        let list = ListRequest<Show>(req, path: SiteURL.accountsAdmin(m.slug), default: .alla)
        func listed() -> QueryBuilder<User> {
            let query = User.query(on: req.db).filter(\.$municipality.$id == mid)
            switch list.show {
            case .alla: break
            case .aktiva: query.filter(\.$deactivatedAt == nil).filter(\.$emailVerifiedAt != nil)
            case .inbjudna: query.filter(\.$deactivatedAt == nil).filter(\.$emailVerifiedAt == nil)
            case .inaktiverade: query.filter(\.$deactivatedAt != nil)
            }
            if !list.q.isEmpty {
                query.group(.or) {
                    $0.filter(ListSearch.contains(User.schema, "name", list.q)).filter(ListSearch.contains(User.schema, "email", list.q))
                }
            }
            return query
        }
        let total = try await listed().count()
        let users = try await listed().sort(\.$name).sort(\.$id).range(list.range).all()
        let me = req.currentUser
        let rows = users.map { u in
            let manageable = AccountPolicy.mayManage(me, u, municipalityID: mid)
            return Page.Row(
                name: u.name, email: u.email, role: t("role.\(u.role.rawValue)"), department: u.department,
                status: t(u.deactivatedAt != nil ? "staff.status.deactivated" : u.emailVerifiedAt == nil ? "staff.status.invited" : "staff.status.active"),
                deactivateAction: manageable && u.isActive ? SiteURL.accountDeactivate(m.slug, u.id!) : nil,
                reactivateAction: manageable && !u.isActive ? SiteURL.accountReactivate(m.slug, u.id!) : nil)
        }
        func field(_ name: String, _ kind: FormField.Kind, required: Bool, hint: String? = nil, max: Int, autocomplete: String? = nil,
                   options: [(value: String, label: String)] = []) -> FormField {
            var f = FormField.shown(name, label: t("staff.field.\(name)"), kind: kind, values: values, errors: errors, hint: hint,
                                    required: required, maxLength: max, autocomplete: autocomplete, options: options)
            f.idPrefix = "f"
            return f
        }
        let controls = list.controls(total: total, keys: "staff.", t: t)
        let page = Page(
            chrome: req.chrome(title: t("staff.title", m.name), municipality: m), csrf: req.csrfToken,
            list: controls, rows: rows, pages: controls.pages, action: SiteURL.accountsAdmin(m.slug),
            fields: [
                field("name", .text, required: true, max: 200, autocomplete: "off"),
                field("email", .email, required: true, max: 254, autocomplete: "off"),
                field("role", .select, required: true, max: 20,
                      options: AccountPolicy.invitableRoles.map { ($0.rawValue, t("role.\($0.rawValue)")) }),
                field("department", .text, required: false, hint: t("staff.hint.department"), max: 200),
            ],
            errorSummary: FormPage.ErrorLink.summary(errors))
        return try await req.renderForm("accounts/staff", page, failed: !errors.isEmpty)
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req, try await req.municipality())
    }

    /// Creates the account, not yet active, and mails the person a link where they choose their
    /// password. An address that has an account already is refused with a message.
    @Sendable func invite(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        let input = FormInput(req)
        var check = FormValidation(input, t)
        let name = check.required("name", max: 200)
        let typed = check.required("email", max: 254).flatMap { _ in check.email("email") }
        let role = check.choice("role", as: Role.self)
        let department = check.optional("department", max: 200)
        if let role, !AccountPolicy.invitableRoles.contains(role) { check.fail("role", t("validation.choice")) }
        let email = typed.map(User.normalise(email:))
        if let email, try await User.query(on: req.db).filter(\.$email == email).count() > 0 {
            check.fail("email", t("staff.error.exists"))
        }
        guard check.isValid, let name, let email, let role else { return try await render(req, m, values: input.values, errors: check.errors) }
        // An unusable password until the person chooses one from the invitation.
        let placeholder = try await req.application.passwordHasher.hash(SigningKey.randomToken())
        let app = req.application
        let inviter = try req.requireUser()
        let now = req.clock.now
        try await req.db.writeTransaction { tx in
            let user = User(email: email, name: name, passwordHash: placeholder, role: role, municipalityID: m.id, verifiedAt: nil)
            user.department = department
            // Until they choose in My account, they read mail in the language the invitation was written in.
            user.language = req.locale.rawValue
            try await user.create(on: tx)
            let token = try await EmailToken.issue(.staffInvitation, userID: user.id, organisationID: nil, email: email,
                                                   validFor: Self.invitationValidSeconds, on: tx, now: now)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.send(to: email, in: user.mailLanguage, subjectKey: "mail.staffInvitation.subject", bodyKey: "mail.staffInvitation.body",
                                  [name, inviter.name, m.name, t("role.\(role.rawValue)"), mailer.link(SiteURL.activateAccount(token))],
                                  municipalityID: m.id, kind: "staffInvitation")
        }
        req.flash(t("staff.invited", email))
        return req.redirect(to: SiteURL.accountsAdmin(m.slug))
    }

    private func target(_ req: Request, _ m: Municipality) async throws -> User {
        guard let id = req.parameters.get("user", as: UUID.self),
              let user = try await User.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        guard AccountPolicy.mayManage(req.currentUser, user, municipalityID: m.id) else {
            throw Abort(.forbidden, reason: req.t("staff.error.notYours"))
        }
        return user
    }

    /// The account can no longer log in and its sessions end; what it did stays.
    @Sendable func deactivate(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let user = try await target(req, m)
        let t = req.translator
        guard FormInput(req).isConfirmed else {
            return try await req.confirmation(heading: t("staff.confirmDeactivate.heading", user.name),
                                              message: t("staff.confirmDeactivate.message", user.email),
                                              button: t("staff.confirmDeactivate.button"), cancelURL: SiteURL.accountsAdmin(m.slug),
                                              municipality: m)
        }
        let now = req.clock.now
        try await req.db.writeTransaction { tx in
            user.deactivatedAt = now
            try await user.save(on: tx)
            try await DatabaseSessions.end(sessionsOf: user.requireID(), on: tx)
        }
        req.flash(t("staff.deactivated", user.name))
        return req.redirect(to: SiteURL.accountsAdmin(m.slug))
    }

    @Sendable func reactivate(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let user = try await target(req, m)
        user.deactivatedAt = nil
        try await user.save(on: req.db)
        req.flash(req.t("staff.reactivated", user.name))
        return req.redirect(to: SiteURL.accountsAdmin(m.slug))
    }

    // MARK: The invited person

    private func invitation(_ req: Request) async throws -> (EmailToken, User)? {
        guard let token = req.parameters.get("token"), (16...128).contains(token.count),
              let row = try await EmailToken.find(token, .staffInvitation, on: req.db, now: req.clock.now),
              let user = try await row.$user.get(on: req.db), user.isActive else { return nil }
        return (row, user)
    }

    private func invalid(_ req: Request) async throws -> Response {
        let t = req.translator
        return try await req.messagePage(heading: t("invitation.invalidTitle"), message: t("invitation.invalid"), linkURL: SiteURL.login(),
                                         linkLabel: t("layout.login"), status: .notFound)
    }

    private func renderActivate(_ req: Request, _ user: User, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let m = try await user.$municipality.get(on: req.db)
        let page = FormPage(
            chrome: req.chrome(title: t("staff.activate.title")), heading: t("staff.activate.title"),
            intro: t("staff.activate.intro", user.email, t("role.\(user.role.rawValue)"), m?.name ?? ""),
            action: req.url.path, csrf: req.csrfToken, fields: AccountController.newPasswordFields(t, errors: errors),
            submitLabel: t("staff.activate.submit"), cancelURL: SiteURL.home())
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func activateForm(req: Request) async throws -> Response {
        guard let (_, user) = try await invitation(req) else { return try await invalid(req) }
        return try await renderActivate(req, user, errors: [:])
    }

    @Sendable func activate(req: Request) async throws -> Response {
        guard let (row, user) = try await invitation(req) else { return try await invalid(req) }
        let input = FormInput(req)
        let errors = AccountController.newPasswordErrors(req, input)
        guard errors.isEmpty, let password = input.values["newPassword"] else { return try await renderActivate(req, user, errors: errors) }
        let hash = try await req.application.passwordHasher.hash(password)
        let now = req.clock.now
        try await req.db.writeTransaction { tx in
            user.passwordHash = hash
            user.emailVerifiedAt = now
            try await user.save(on: tx)
            row.usedAt = now
            try await row.save(on: tx)
        }
        req.flash(req.t("staff.activate.done"))
        return req.redirect(to: SiteURL.login())
    }
}
