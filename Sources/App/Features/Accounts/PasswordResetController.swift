import Fluent
import SamverkanCore
import Vapor

/// "Forgot your password?" and "send the verification link again", for people who cannot log in.
/// Both answer the same whether or not the address has an account, so neither tells who has one;
/// both are anonymous forms, so the rate limit per address applies (`AccessMiddleware`).
struct PasswordResetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.forgotPassword, access: .anyone, use: forgotForm)
        routes.on(.POST, SiteURL.forgotPassword, access: .anyone, use: forgot)
        routes.on(.GET, SiteURL.resetPassword, access: .anyone, use: resetForm)
        routes.on(.POST, SiteURL.resetPassword, access: .anyone, use: reset)
        routes.on(.GET, SiteURL.resendVerification, access: .anyone, use: resendForm)
        routes.on(.POST, SiteURL.resendVerification, access: .anyone, use: resend)
    }

    /// A reset link works for an hour, and once.
    static let resetValidSeconds: TimeInterval = 3600
    /// A verification link works for seven days, as the first one does.
    static let verifyValidSeconds: TimeInterval = 7 * 24 * 3600

    private func emailForm(_ req: Request, title: String, intro: String, action: String, submit: String,
                           value: String, error: String?) async throws -> Response {
        let t = req.translator
        var field = FormField(name: "email", label: t("login.email"), kind: .email, value: value, error: error, required: true,
                              maxLength: 254, autocomplete: "username")
        field.idPrefix = "f"
        let page = FormPage(chrome: req.chrome(title: title), heading: title, intro: intro, action: action, csrf: req.csrfToken,
                            fields: [field], submitLabel: submit, cancelURL: SiteURL.login())
        return try await req.renderForm(page, failed: error != nil)
    }

    /// The address typed, checked as every address is; nil (with the form shown again) when it is none.
    private func address(_ req: Request) -> (String?, String) {
        let typed = FormInput(req)["email"] ?? ""
        let email = User.normalise(email: typed)
        return (EmailAddress.isValid(email) ? email : nil, typed)
    }

    private func sent(_ req: Request, heading: String, message: String) async throws -> Response {
        try await req.messagePage(heading: heading, message: message, linkURL: SiteURL.login(), linkLabel: req.t("layout.login"))
    }

    // MARK: Forgot password

    @Sendable func forgotForm(req: Request) async throws -> Response {
        let t = req.translator
        return try await emailForm(req, title: t("reset.title"), intro: t("reset.intro"), action: SiteURL.forgotPassword(),
                                   submit: t("reset.send"), value: "", error: nil)
    }

    @Sendable func forgot(req: Request) async throws -> Response {
        let t = req.translator
        let (email, typed) = address(req)
        guard let email else {
            return try await emailForm(req, title: t("reset.title"), intro: t("reset.intro"), action: SiteURL.forgotPassword(),
                                       submit: t("reset.send"), value: typed, error: t("validation.email"))
        }
        if let user = try await User.query(on: req.db).filter(\.$email == email).first(), user.isActive {
            let app = req.application
            let now = req.clock.now
            try await req.db.writeTransaction { tx in
                try await EmailToken.revoke(.passwordReset, userID: user.requireID(), on: tx, now: now)
                let token = try await EmailToken.issue(.passwordReset, userID: user.id, organisationID: nil, email: email,
                                                       validFor: Self.resetValidSeconds, on: tx, now: now)
                let mailer = Mailer(db: tx, app: app)
                try await mailer.send(to: email, in: user.mailLanguage, subjectKey: "mail.reset.subject", bodyKey: "mail.reset.body",
                                      [user.name, mailer.link(SiteURL.resetPassword(token))],
                                      municipalityID: user.$municipality.id, kind: "reset")
            }
        }
        return try await sent(req, heading: t("reset.sentTitle"), message: t("reset.sent", email))
    }

    private func resetToken(_ req: Request) async throws -> (EmailToken, User)? {
        guard let token = req.parameters.get("token"), (16...128).contains(token.count),
              let row = try await EmailToken.find(token, .passwordReset, on: req.db, now: req.clock.now),
              let user = try await row.$user.get(on: req.db), user.isActive else { return nil }
        return (row, user)
    }

    private func invalidLink(_ req: Request) async throws -> Response {
        let t = req.translator
        return try await req.messagePage(heading: t("reset.invalidTitle"), message: t("reset.invalid"), linkURL: SiteURL.forgotPassword(),
                                         linkLabel: t("reset.again"), status: .notFound)
    }

    private func renderReset(_ req: Request, _ user: User, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let page = FormPage(
            chrome: req.chrome(title: t("reset.newTitle")), heading: t("reset.newTitle"), intro: t("reset.newIntro", user.email),
            action: req.url.path, csrf: req.csrfToken, fields: AccountController.newPasswordFields(t, errors: errors),
            submitLabel: t("reset.save"), cancelURL: SiteURL.login())
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func resetForm(req: Request) async throws -> Response {
        guard let (_, user) = try await resetToken(req) else { return try await invalidLink(req) }
        return try await renderReset(req, user, errors: [:])
    }

    /// Sets the new password, uses the link up, logs the person out everywhere, and tells them by
    /// mail (so someone who did not ask learns of it). Opening the link proves the address, so an
    /// unverified account is verified too.
    @Sendable func reset(req: Request) async throws -> Response {
        guard let (row, user) = try await resetToken(req) else { return try await invalidLink(req) }
        let input = FormInput(req)
        let errors = AccountController.newPasswordErrors(req, input)
        guard errors.isEmpty, let password = input.values["newPassword"] else { return try await renderReset(req, user, errors: errors) }
        let hash = try await req.application.passwordHasher.hash(password)
        let app = req.application
        let now = req.clock.now
        try await req.db.writeTransaction { tx in
            user.passwordHash = hash
            if user.emailVerifiedAt == nil { user.emailVerifiedAt = now }
            try await user.save(on: tx)
            row.usedAt = now
            try await row.save(on: tx)
            try await DatabaseSessions.end(sessionsOf: user.requireID(), on: tx)
            try await Mailer(db: tx, app: app).tellPasswordChanged(user)
        }
        req.flash(req.t("reset.done"))
        return req.redirect(to: SiteURL.login())
    }

    // MARK: A new verification link

    @Sendable func resendForm(req: Request) async throws -> Response {
        let t = req.translator
        return try await emailForm(req, title: t("resend.title"), intro: t("resend.intro"), action: SiteURL.resendVerification(),
                                   submit: t("resend.send"), value: "", error: nil)
    }

    /// A new link for an account whose address is not confirmed yet; the earlier ones stop working.
    @Sendable func resend(req: Request) async throws -> Response {
        let t = req.translator
        let (email, typed) = address(req)
        guard let email else {
            return try await emailForm(req, title: t("resend.title"), intro: t("resend.intro"), action: SiteURL.resendVerification(),
                                       submit: t("resend.send"), value: typed, error: t("validation.email"))
        }
        if let user = try await User.query(on: req.db).filter(\.$email == email).first(), user.emailVerifiedAt == nil, user.isActive {
            let app = req.application
            let now = req.clock.now
            try await req.db.writeTransaction { tx in
                let earlier = try await EmailToken.query(on: tx).filter(\.$user.$id == user.requireID())
                    .filter(\.$purpose == .verifyEmail).sort(\.$expiresAt, .descending).first()
                try await EmailToken.revoke(.verifyEmail, userID: user.requireID(), on: tx, now: now)
                let token = try await EmailToken.issue(.verifyEmail, userID: user.id, organisationID: earlier?.$organisation.id,
                                                       email: email, validFor: Self.verifyValidSeconds, on: tx, now: now)
                let mailer = Mailer(db: tx, app: app)
                try await mailer.send(to: email, in: user.mailLanguage, subjectKey: "mail.resendVerify.subject", bodyKey: "mail.resendVerify.body",
                                      [user.name, mailer.link(SiteURL.verify(token))], municipalityID: user.$municipality.id,
                                      kind: "verify")
            }
        }
        return try await sent(req, heading: t("resend.sentTitle"), message: t("resend.sent", email))
    }
}
