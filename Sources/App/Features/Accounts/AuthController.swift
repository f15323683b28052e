import Crypto
import Fluent
import SamverkanCore
import Vapor

/// `/logga-in` and `/logga-ut`: sessions in the database, throttled failures, a fresh session id at login.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.login, access: .anyone, use: loginForm)
        routes.on(.POST, SiteURL.login, access: .anyone, use: login)
        routes.on(.POST, SiteURL.logout, access: .anyone, use: logout)
    }

    struct LoginPage: Encodable {
        let chrome: Chrome
        let csrf: String
        let next: String
        let fields: [FormField]
        let error: String?
        var action = SiteURL.login()
        var forgotURL = SiteURL.forgotPassword()
        var resendURL = SiteURL.resendVerification()
    }

    @Sendable func loginForm(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: SiteURL.admin()) }
        return try await render(req, email: "", error: nil, status: .ok)
    }

    @Sendable func login(req: Request) async throws -> Response {
        let input = FormInput(req)
        let email = User.normalise(email: input["email"] ?? "")
        let password = input.values["password"] ?? ""
        let client = req.clientAddress
        let throttle = LoginThrottle(db: req.db, config: req.application.config)
        let user = email.isEmpty ? nil : try await User.query(on: req.db).filter(\.$email == email).first()
        let key = try await req.application.signingKey.key(on: req.db)
        let knownDevice = try user.map { try Self.isKnownDevice(req, userID: $0.requireID(), key: key) } ?? false

        let reservation = try await throttle.reserve(client: client, email: email, knownDevice: knownDevice, now: req.clock.now)
        switch reservation.verdict {
        case .refuse(let seconds):
            let response = try await render(req, email: email, error: req.t("login.throttled"), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .allow(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
        }

        // The same work whether or not the account exists: one bcrypt verification, against a
        // dummy hash when there is no such user, so the answer's timing tells nothing.
        let hasher = req.application.passwordHasher
        let dummy = try await hasher.dummyHash()
        let hash = user?.passwordHash ?? dummy
        let matches = try await hasher.verify(password, against: hash)
        // A deactivated account is refused as a wrong password is, so the form tells nobody it exists.
        guard let user, matches, !password.isEmpty, user.isActive else {
            try await throttle.failed(now: req.clock.now)
            return try await render(req, email: email, error: req.t("login.failed"), status: .unauthorized)
        }
        try await throttle.succeeded(reservation, client: client, email: email)
        guard user.emailVerifiedAt != nil else {
            return try await render(req, email: email, error: req.t("login.unverified"), status: .forbidden)
        }

        // A new session id at login: the old session (and any id an attacker planted) is dropped.
        if let oldID = req.session.id {
            try await req.application.sessions.driver.deleteSession(oldID, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionKey.userID] = try user.requireID().uuidString
        let response = req.redirect(to: Self.safeNext(input.values["next"]))
        response.cookies[Self.deviceCookie(req)] = HTTPCookies.Value(
            string: SigningKey.sign(try user.requireID().uuidString, purpose: "device", key: key),
            maxAge: 365 * 86_400, path: "/", isSecure: req.application.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func deviceCookie(_ req: Request) -> String { req.application.config.cookieName("samverkan_device") }

    /// Whether this browser has logged in to this account before (its signed device cookie names it).
    static func isKnownDevice(_ req: Request, userID: UUID, key: SymmetricKey) throws -> Bool {
        guard let value = req.cookies[deviceCookie(req)]?.string else { return false }
        return SigningKey.verify(value, purpose: "device", key: key) == userID.uuidString
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if req.hasSession { req.session.destroy() }
        return req.redirect(to: SiteURL.home())
    }

    private func render(_ req: Request, email: String, error: String?, status: HTTPStatus) async throws -> Response {
        let next = (try? req.query.get(String.self, at: "next")) ?? FormInput(req).values["next"] ?? ""
        let page = LoginPage(chrome: req.chrome(title: req.t("login.title")), csrf: req.csrfToken,
                             next: Self.safeNext(next), fields: [
                                FormField(name: "email", label: req.t("login.email"), kind: .email, value: email, required: true, autocomplete: "username", idPrefix: ""),
                                FormField(name: "password", label: req.t("login.password"), kind: .password, required: true, autocomplete: "current-password", idPrefix: ""),
                             ], error: error)
        let response = try await req.view.render("accounts/login", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// Only local paths of printable characters, so the login page cannot send people elsewhere:
    /// browsers drop tabs and line breaks and read `\\` as `/`, so `/\t/host` and `/\\host` are
    /// off-site addresses, as is `//host`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.count <= 2000, next.hasPrefix("/"),
              !next.unicodeScalars.contains(where: { $0.value <= 0x20 || EmailAddress.isControl($0) || $0 == "\\" }),
              !next.hasPrefix("//") else { return SiteURL.admin() }
        return next
    }
}
