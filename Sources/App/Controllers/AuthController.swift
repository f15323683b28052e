import Fluent
import Vapor

/// `/logga-in` and `/logga-ut`: sessions in the database, throttled failures, a fresh session id at login.
struct AuthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, Paths.loginPattern, access: .anyone, use: loginForm)
        routes.on(.POST, Paths.loginPattern, access: .anyone, use: login)
        routes.on(.POST, Paths.logoutPattern, access: .anyone, use: logout)
    }

    struct LoginPage: Encodable {
        let chrome: Chrome
        let csrf: String
        let next: String
        let email: String
        let error: String?
    }

    @Sendable func loginForm(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: Paths.admin()) }
        return try await render(req, email: "", error: nil, status: .ok)
    }

    @Sendable func login(req: Request) async throws -> Response {
        let input = FormInput(req)
        let email = User.normalise(email: input["email"] ?? "")
        let password = input.values["password"] ?? ""
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = LoginThrottle(db: req.db, config: req.application.config)

        switch try await throttle.check(address: address, email: email) {
        case .refuse(let seconds):
            let response = try await render(req, email: email, error: req.t("login.throttled"), status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            return response
        case .allow(let delay):
            if delay > .zero { try await Task.sleep(for: delay) }
        }

        let hasher = req.application.passwordHasher
        let user = email.isEmpty ? nil : try await User.query(on: req.db).filter(\.$email == email).first()
        // Verify against a dummy hash when there is no such user, so timing tells nothing.
        let hash: String
        if let user { hash = user.passwordHash } else { hash = try await hasher.dummyHash() }
        guard let user, !password.isEmpty, try await hasher.verify(password, against: hash) else {
            try await throttle.recordFailure(address: address, email: email)
            return try await render(req, email: email, error: req.t("login.failed"), status: .unauthorized)
        }
        try await throttle.recordSuccess(email: email)
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
        req.session.data[SessionKey.lastSeen] = String(Int(Date().timeIntervalSince1970))
        return req.redirect(to: safeNext(input["next"]))
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if req.hasSession { req.session.destroy() }
        return req.redirect(to: Paths.home())
    }

    private func render(_ req: Request, email: String, error: String?, status: HTTPStatus) async throws -> Response {
        let next = (try? req.query.get(String.self, at: "next")) ?? FormInput(req)["next"] ?? ""
        let page = LoginPage(chrome: req.chrome(title: req.t("login.title")), csrf: req.csrfToken,
                             next: safeNext(next), email: email, error: error)
        let response = try await req.view.render("public/login", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// Only local paths, so the login page cannot be used to send people elsewhere.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return Paths.admin() }
        return next
    }
}
