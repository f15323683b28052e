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
            let before = try #require(client.sessionCookie)
            let res = try await client.login(Demo.coordinator("boras"))
            #expect(res.status == .seeOther)
            #expect(res.location == "/admin")
            let after = try #require(client.sessionCookie)
            #expect(after != before)
            // The old session is gone from the database, so a planted id is worthless.
            #expect(try await SessionRecord.query(on: app.db).filter(\.$key == SessionID(string: before)).count() == 0)
            let admin = try await client.get("/admin")
            #expect(admin.status == .ok)
            #expect(admin.text.contains("Borås Stad"))

            try await client.post("/logga-ut")
            #expect(try await client.get("/admin").status == .seeOther)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndLaxAndSecureWhenConfigured() async throws {
        try await withTestApp { app in
            let res = try await app.testing().sendRequest(.GET, "/logga-in")
            let cookie = try #require(res.headers[.setCookie].first { $0.hasPrefix("samverkan_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
        }
        var config = AppConfig.load(.production)
        config.database = .sqliteMemory
        #expect(config.secureCookies)
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
            #expect(try await throttle.check(address: "10.0.0.1", email: "a@b.se") == .allow(delay: .zero))
            for _ in 0..<app.config.loginSlowdownAfter {
                try await throttle.recordFailure(address: "10.0.0.1", email: "a@b.se")
            }
            guard case .allow(let delay) = try await throttle.check(address: "10.0.0.1", email: "other@b.se") else {
                Issue.record("expected a delayed attempt")
                return
            }
            #expect(delay > .zero)
            for _ in app.config.loginSlowdownAfter..<app.config.loginBlockAfter {
                try await throttle.recordFailure(address: "10.0.0.2", email: "a@b.se")
            }
            #expect(try await throttle.check(address: "10.0.0.3", email: "a@b.se") != .allow(delay: .zero))
            if case .refuse = try await throttle.check(address: "10.0.0.3", email: "a@b.se") {} else {
                Issue.record("expected refusal for the account")
            }
        }
    }

    @Test func idleSessionsEnd() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.login(Demo.coordinator("orebro"))
            #expect(try await client.get("/admin").status == .ok)
            let key = SessionID(string: try #require(client.sessionCookie))
            let record = try #require(try await SessionRecord.query(on: app.db).filter(\.$key == key).first())
            let stale = Int(Date().timeIntervalSince1970) - app.config.sessionIdleMinutes * 60 - 10
            record.data[SessionKey.lastSeen] = String(stale)
            try await record.save(on: app.db)
            let res = try await client.get("/admin")
            #expect(res.status == .seeOther)
            #expect(res.location?.hasPrefix("/logga-in") == true)
        }
    }

    @Test func loginOnlyRedirectsToLocalPaths() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/logga-in")
            let res = try await client.post("/logga-in", [
                ("email", Demo.coordinator("boras")), ("password", Client.demoPassword), ("next", "//evil.example/x"),
            ])
            #expect(res.location == "/admin")
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
