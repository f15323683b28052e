import Fluent
import SamverkanCore
import Vapor

/// `/konto`: a logged-in person's own account. A new password needs the current one; a new
/// address needs the current password and counts only once it is confirmed from that address,
/// and the old address is told.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.account, access: .signedIn, use: show)
        routes.on(.POST, SiteURL.accountPassword, access: .signedIn, use: changePassword)
        routes.on(.POST, SiteURL.accountEmail, access: .signedIn, use: changeEmail)
        routes.on(.POST, SiteURL.accountLanguage, access: .signedIn, use: changeLanguage)
        routes.on(.GET, SiteURL.confirmEmailChange, access: .anyone, use: confirmEmailForm)
        routes.on(.POST, SiteURL.confirmEmailChange, access: .anyone, use: confirmEmail)
    }

    /// A link to confirm a new address works for a day.
    static let changeValidSeconds: TimeInterval = 24 * 3600

    // MARK: The new-password fields, shared with the reset

    static func newPasswordFields(_ t: Translator, errors: [String: String]) -> [FormField] {
        [FormField(name: "newPassword", label: t("account.newPassword"), kind: .password, hint: t("register.hint.password"),
                   error: errors["newPassword"], required: true, maxLength: PasswordPolicy.maximumLength, autocomplete: "new-password"),
         FormField(name: "repeatPassword", label: t("account.repeatPassword"), kind: .password, error: errors["repeatPassword"],
                   required: true, maxLength: PasswordPolicy.maximumLength, autocomplete: "new-password")]
    }

    /// The policy's verdict on `newPassword`, and whether `repeatPassword` is the same.
    static func newPasswordErrors(_ req: Request, _ input: FormInput) -> [String: String] {
        var errors: [String: String] = [:]
        let password = input.values["newPassword"] ?? ""
        if let problem = PasswordPolicy.problems(password).first { errors["newPassword"] = req.passwordMessage(problem) }
        if (input.values["repeatPassword"] ?? "") != password { errors["repeatPassword"] = req.t("account.error.repeat") }
        return errors
    }

    struct Page: Encodable {
        let chrome: Chrome
        let csrf: String
        let name: String
        let email: String
        let role: String
        let municipality: String?
        let pendingEmail: String?
        let passwordAction: String
        let passwordFields: [FormField]
        let emailAction: String
        let emailFields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
        let languageAction: String
        let languageFields: [FormField]
        var exportURL = SiteURL.personalDataExport()
        var erasureURL = SiteURL.erasure()
    }

    private func render(_ req: Request, passwordErrors: [String: String] = [:], emailErrors: [String: String] = [:],
                        newEmail: String = "") async throws -> Response {
        let user = try req.requireUser()
        let t = req.translator
        let current = FormField(name: "currentPassword", label: t("account.currentPassword"), kind: .password,
                                error: passwordErrors["currentPassword"], required: true, maxLength: PasswordPolicy.maximumLength,
                                autocomplete: "current-password", idPrefix: "p")
        var passwordFields = [current] + Self.newPasswordFields(t, errors: passwordErrors)
        for i in passwordFields.indices { passwordFields[i].idPrefix = "p" }
        let emailFields = [
            FormField(name: "newEmail", label: t("account.newEmail"), kind: .email, value: newEmail, hint: t("account.newEmailHint"),
                      error: emailErrors["newEmail"], required: true, maxLength: 254, autocomplete: "email", idPrefix: "e"),
            FormField(name: "currentPassword", label: t("account.currentPassword"), kind: .password,
                      error: emailErrors["currentPassword"], required: true, maxLength: PasswordPolicy.maximumLength,
                      autocomplete: "current-password", idPrefix: "e"),
        ]
        let pending = try await EmailToken.query(on: req.db).filter(\.$user.$id == user.requireID()).filter(\.$purpose == .changeEmail)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > req.clock.now).sort(\.$expiresAt, .descending).first()
        let summary = (passwordErrors.sorted { $0.key < $1.key }.map { FormPage.ErrorLink(fieldID: "p-\($0.key)", message: $0.value) }
            + emailErrors.sorted { $0.key < $1.key }.map { FormPage.ErrorLink(fieldID: "e-\($0.key)", message: $0.value) })
        let municipality = try await user.$municipality.get(on: req.db)
        let page = Page(
            chrome: req.chrome(title: t("account.title")), csrf: req.csrfToken, name: user.name, email: user.email,
            role: t("role.\(user.role.rawValue)"), municipality: municipality?.name, pendingEmail: pending?.email,
            passwordAction: SiteURL.accountPassword(), passwordFields: passwordFields,
            emailAction: SiteURL.accountEmail(), emailFields: emailFields, errorSummary: summary.isEmpty ? nil : summary,
            languageAction: SiteURL.accountLanguage(), languageFields: [Self.languageField(user.mailLanguage, t)])
        return try await req.renderForm("accounts/account", page, failed: !summary.isEmpty)
    }

    @Sendable func show(req: Request) async throws -> Response { try await render(req) }

    /// Each language named in itself, so a person who cannot read the page's language still finds theirs.
    static func languageField(_ chosen: Language, _ t: Translator) -> FormField {
        FormField(name: "language", label: t("account.language.label"), kind: .select, value: chosen.rawValue,
                  hint: t("account.language.hint"), required: true,
                  options: Language.allCases.map { .init(value: $0.rawValue, label: t("language.\($0.rawValue)"), selected: $0 == chosen) },
                  idPrefix: "l")
    }

    /// The language the person's mail is written in.
    @Sendable func changeLanguage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        var check = FormValidation(FormInput(req), req.translator)
        guard let language = check.choice("language", as: Language.self) else {
            throw Abort(.unprocessableEntity, reason: req.t("validation.choice"))
        }
        user.language = language.rawValue
        try await user.save(on: req.db)
        req.flash(req.t("account.language.saved", req.application.catalogue.text("language.\(language.rawValue)", language, [])))
        return req.redirect(to: SiteURL.account() + "#sprak")
    }

    private func currentPasswordMatches(_ req: Request, _ user: User, _ input: FormInput) async throws -> Bool {
        let typed = input.values["currentPassword"] ?? ""
        guard !typed.isEmpty else { return false }
        return try await req.application.passwordHasher.verify(typed, against: user.passwordHash)
    }

    /// A new password, with the current one: every other session of the person ends, and the
    /// address is told (so a stranger who changed it is noticed).
    @Sendable func changePassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = FormInput(req)
        var errors = Self.newPasswordErrors(req, input)
        if !(try await currentPasswordMatches(req, user, input)) { errors["currentPassword"] = req.t("account.error.current") }
        guard errors.isEmpty, let password = input.values["newPassword"] else { return try await render(req, passwordErrors: errors) }
        let hash = try await req.application.passwordHasher.hash(password)
        let app = req.application
        let keep = req.session.id
        try await req.db.writeTransaction { tx in
            user.passwordHash = hash
            try await user.save(on: tx)
            try await DatabaseSessions.end(sessionsOf: user.requireID(), keeping: keep, on: tx)
            try await EmailToken.revoke(.passwordReset, userID: user.requireID(), on: tx, now: app.clock.now)
            try await Mailer(db: tx, app: app).tellPasswordChanged(user)
        }
        req.flash(req.t("account.passwordChanged"))
        return req.redirect(to: SiteURL.account())
    }

    /// Sends a link to the new address; the account keeps the old one until it is opened.
    @Sendable func changeEmail(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let typed = check.email("newEmail")
        var errors = check.errors
        let newEmail = typed.map(User.normalise(email:))
        if typed == nil && errors["newEmail"] == nil { errors["newEmail"] = req.t("validation.email") }
        if let newEmail, newEmail == user.email { errors["newEmail"] = req.t("account.error.sameEmail") }
        if !(try await currentPasswordMatches(req, user, input)) { errors["currentPassword"] = req.t("account.error.current") }
        guard errors.isEmpty, let newEmail else {
            return try await render(req, emailErrors: errors, newEmail: input.values["newEmail"] ?? "")
        }
        let app = req.application
        let now = req.clock.now
        // Whether the address has an account already is told only to that address, at confirmation.
        try await req.db.writeTransaction { tx in
            try await EmailToken.revoke(.changeEmail, userID: user.requireID(), on: tx, now: now)
            let token = try await EmailToken.issue(.changeEmail, userID: user.id, organisationID: nil, email: newEmail,
                                                   validFor: Self.changeValidSeconds, on: tx, now: now)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.send(to: newEmail, in: user.mailLanguage, subjectKey: "mail.changeEmail.subject", bodyKey: "mail.changeEmail.body",
                                  [user.name, mailer.link(SiteURL.confirmEmailChange(token))], municipalityID: user.$municipality.id,
                                  kind: "changeEmail")
        }
        req.flash(req.t("account.emailSent", newEmail))
        return req.redirect(to: SiteURL.account())
    }

    private func changeToken(_ req: Request) async throws -> (EmailToken, User, String)? {
        guard let token = req.parameters.get("token"), (16...128).contains(token.count),
              let row = try await EmailToken.find(token, .changeEmail, on: req.db, now: req.clock.now),
              let email = row.email, let user = try await row.$user.get(on: req.db), user.isActive else { return nil }
        return (row, user, email)
    }

    private func message(_ req: Request, _ heading: String, _ text: String, status: HTTPStatus = .ok) async throws -> Response {
        try await req.messagePage(heading: heading, message: text, linkURL: req.currentUser == nil ? SiteURL.login() : SiteURL.account(),
                                  linkLabel: req.t(req.currentUser == nil ? "layout.login" : "account.title"), status: status)
    }

    /// The link shows a button: a mail program that opens links to check them changes nothing.
    @Sendable func confirmEmailForm(req: Request) async throws -> Response {
        let t = req.translator
        guard let (_, user, email) = try await changeToken(req) else {
            return try await message(req, t("account.changeInvalidTitle"), t("account.changeInvalid"), status: .notFound)
        }
        return try await req.confirmation(heading: t("account.confirmChange.heading"),
                                          message: t("account.confirmChange.message", user.email, email),
                                          button: t("account.confirmChange.button"), cancelURL: SiteURL.home())
    }

    @Sendable func confirmEmail(req: Request) async throws -> Response {
        let t = req.translator
        guard let (row, user, email) = try await changeToken(req) else {
            return try await message(req, t("account.changeInvalidTitle"), t("account.changeInvalid"), status: .notFound)
        }
        let now = req.clock.now
        if try await User.query(on: req.db).filter(\.$email == email).filter(\.$id != user.requireID()).count() > 0 {
            row.usedAt = now
            try await row.save(on: req.db)
            return try await message(req, t("account.changeTakenTitle"), t("account.changeTaken", email), status: .conflict)
        }
        let old = user.email
        let app = req.application
        try await req.db.writeTransaction { tx in
            user.email = email
            user.emailVerifiedAt = now
            try await user.save(on: tx)
            row.usedAt = now
            try await row.save(on: tx)
            // Links mailed to the old address for resetting the password stop working.
            try await EmailToken.revoke(.passwordReset, userID: user.requireID(), on: tx, now: now)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.send(to: old, in: user.mailLanguage, subjectKey: "mail.emailChanged.subject", bodyKey: "mail.emailChanged.body",
                                  [user.name, email], municipalityID: user.$municipality.id, kind: "emailChanged")
        }
        return try await message(req, t("account.changedTitle"), t("account.changed", email))
    }
}
