@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

@Suite struct AuthTests {
    @Test func loginGivesANewSessionIDAndLogoutEndsIt() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/logga-in")
            // A planted session id is not taken up: login always makes a new one.
            client.setCookie("samverkan_session", "planted-by-an-attacker")
            let res = try await client.login(Demo.coordinator("boras"))
            #expect(res.status == .seeOther)
            #expect(res.location == "/admin")
            let after = try #require(client.sessionCookie)
            #expect(after != "planted-by-an-attacker")
            // Only the id's hash is stored.
            #expect(try await SessionRow.query(on: app.db).filter(\.$keyHash == SigningKey.hash(after)).count() == 1)
            #expect(try await SessionRow.query(on: app.db).filter(\.$keyHash == after).count() == 0)
            let admin = try await client.get("/admin")
            #expect(admin.status == .ok)
            #expect(admin.text.contains("Borås Stad"))

            try await client.post("/logga-ut")
            #expect(try await client.get("/admin").status == .seeOther)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndLaxAndSecureWhenConfigured() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/logga-in")
            let res = try await client.login(Demo.coordinator("boras"))
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("samverkan_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
        }
        var config = AppConfig.load(.production)
        config.database = .sqliteMemory
        #expect(config.secureCookies)
        #expect(config.cookieName("samverkan_session") == "__Host-samverkan_session")
        #expect(config.hstsMaxAgeSeconds > 0)
    }

    @Test func wrongPasswordIsRefusedInSwedish() async throws {
        try await withTestApp { app in
            let res = try await Client(app).login(Demo.coordinator("boras"), password: "fel-lösenord-123")
            #expect(res.status == .unauthorized)
            #expect(res.text.contains("Fel e-postadress eller lösenord."))
            #expect(res.text.contains(#"value="samordnare.boras@samverkan.example""#))
            let unknown = try await Client(app).login("ingen@example.se")
            #expect(unknown.status == .unauthorized)
        }
    }

    @Test func repeatedFailuresAreSlowedAndThenRefusedWith429() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let limit = app.config.loginBlockAfter
            for _ in 0..<limit {
                #expect(try await client.login(Demo.coordinator("eslov"), password: "inte-rätt-lösenord").status == .unauthorized)
            }
            let blocked = try await client.login(Demo.coordinator("eslov"))
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers.first(name: .retryAfter) != nil)
            #expect(blocked.text.contains("För många misslyckade inloggningar"))
            // The account is protected from another address too: the count is per account as well.
            #expect(try await LoginFailure.query(on: app.db).count() == limit)
        }
    }

    @Test func throttleSlowsDownBeforeItRefuses() async throws {
        try await withTestApp(demo: false) { app in
            let throttle = LoginThrottle(db: app.db, config: app.config)
            #expect(try await throttle.reserve(client: "10.0.0.1", email: "a@b.se", knownDevice: false, now: app.clock.now).verdict == .allow(delay: .zero))
            for _ in 1..<app.config.loginSlowdownAfter {
                _ = try await throttle.reserve(client: "10.0.0.1", email: "a@b.se", knownDevice: false, now: app.clock.now)
            }
            guard case .allow(let delay) = try await throttle.reserve(client: "10.0.0.1", email: "other@b.se", knownDevice: false, now: app.clock.now).verdict else {
                Issue.record("expected a delayed attempt")
                return
            }
            #expect(delay > .zero)
            for _ in 0..<app.config.loginBlockAfter {
                _ = try await throttle.reserve(client: "10.0.0.2", email: "a@b.se", knownDevice: false, now: app.clock.now)
            }
            if case .refuse = try await throttle.reserve(client: "10.0.0.3", email: "a@b.se", knownDevice: false, now: app.clock.now).verdict {} else {
                Issue.record("expected refusal for the account from an unknown client")
            }
            // The owner's browser, which has logged in before, is not locked out by the attack.
            #expect(try await throttle.reserve(client: "10.0.0.4", email: "a@b.se", knownDevice: true, now: app.clock.now).verdict == .allow(delay: .zero))
        }
    }

    @Test func sessionsEndWhenIdleAndAfterTheAbsoluteLimit() async throws {
        try await withTestApp { app in
            let idle = TimeInterval(app.config.sessionIdleMinutes * 60)
            let client = Client(app)
            try await client.login(Demo.coordinator("orebro"))
            #expect(try await client.get("/admin").status == .ok)
            // Idle past the limit: the session is not read again.
            app.clock.advance(by: idle + 60)
            let res = try await client.get("/admin")
            #expect(res.status == .seeOther)
            #expect(res.location?.hasPrefix("/logga-in") == true)

            // However busy, a session ends `SESSION_MAX_HOURS` after login.
            let busy = Client(app)
            try await busy.login(Demo.coordinator("orebro"))
            var elapsed: TimeInterval = 0
            while elapsed + idle - 60 < TimeInterval(app.config.sessionMaxHours * 3600) {
                app.clock.advance(by: idle - 60)
                elapsed += idle - 60
                #expect(try await busy.get("/admin").status == .ok, "after \(Int(elapsed / 60)) minutes")
            }
            app.clock.advance(by: idle - 60)
            #expect(try await busy.get("/admin").status == .seeOther)
        }
    }

    @Test func loginOnlyRedirectsToLocalPaths() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/logga-in")
            for next in ["//evil.example/x", "/\t/127.0.0.2:8099/phish", "/\\evil.example", "https://evil.example", "/\n/evil.example"] {
                let visitor = Client(app)
                try await visitor.get("/logga-in?next=" + Client.encode(next))
                let res = try await visitor.post("/logga-in", [
                    ("email", Demo.coordinator("boras")), ("password", Client.demoPassword), ("next", next),
                ])
                #expect(res.location == "/admin", "\(next.debugDescription)")
            }
            let res = try await client.post("/logga-in", [
                ("email", Demo.coordinator("boras")), ("password", Client.demoPassword), ("next", "/boras/moten?typ=x"),
            ])
            #expect(res.location == "/boras/moten?typ=x")
        }
    }

    @Test func passwordsAreBcryptHashedAndLongPassphrasesWork() async throws {
        try await withTestApp(demo: false) { app in
            let long = String(repeating: "en lång lösenfras med å och ö ", count: 4)
            let hash = try await app.passwordHasher.hash(long)
            #expect(hash.hasPrefix("$2"))
            #expect(try await app.passwordHasher.verify(long, against: hash))
            // Differs only after bcrypt's 72-byte limit: still a different password.
            #expect(!(try await app.passwordHasher.verify(long + "x", against: hash)))
        }
    }
}
