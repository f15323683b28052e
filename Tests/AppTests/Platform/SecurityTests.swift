@testable import App
import Fluent
import Foundation
import NIOCore
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// One test (or more) per finding of the security test; each reproduces the attack.
@Suite struct SecurityTests {
    // 1. E-mail header injection.
    @Test func anAddressWithALineBreakIsRefusedEverywhereAndNeverMailed() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            let visitor = Client(app)
            try await visitor.get("/orebro/moten/\(meeting.id!)")
            let injected = "x\r\nBcc:victim@evil.example"
            let res = try await visitor.post("/orebro/moten/\(meeting.id!)/anmalan", [("name", "X"), ("email", injected)])
            #expect(res.status == .unprocessableEntity)
            try await visitor.get("/orebro/foreningar/registrera")
            let org = try await visitor.post("/orebro/foreningar/registrera", [
                ("personName", "X"), ("personEmail", "a@b.example,victim@evil.example"), ("password", "en egen lång lösenfras"),
                ("name", "Spamklubben"), ("legalForm", "ideellForening")])
            #expect(org.status == .unprocessableEntity)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$toAddress ~~ "evil.example").count() == 0)

            // Whatever wrote the row, rendering checks the header again and the message is never sent.
            try await Outbox.enqueue(.init(to: injected, subject: "Hej", text: "x", kind: "test", municipalityID: nil), on: app.db, now: app.clock.now)
            let transport = RecordingTransport()
            app.mailTransport = transport
            let report = try await Outbox.deliverDue(app: app, now: { app.clock.now })
            #expect(report.failed >= 1)
            #expect(transport.sent.withLockedValue { $0 }.allSatisfy { !$0.to.contains("\n") })
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == injected).first())
            #expect(row.status == .failed)
        }
    }

    // 2. Equal work at login for known and unknown addresses.
    // The work is counted, not timed: a timing threshold fails on a loaded machine either way.
    @Test func aLoginDoesTheSameWorkForAnUnknownAddressAsForAKnownOne() async throws {
        try await withTestApp(demo: false) { app in
            let hash = try await app.passwordHasher.hash("rätt lösenord för testet")
            try await User(email: "finns@exempel.se", name: "Finns", passwordHash: hash, role: .coordinator,
                           municipalityID: nil, verifiedAt: app.clock.now).create(on: app.db)
            let client = Client(app)
            try await client.get("/logga-in")
            let attempts = [("finns@exempel.se", "fel lösenord"), ("finns-inte@exempel.se", "fel lösenord"),
                            ("finns@exempel.se", ""), ("finns-inte@exempel.se", ""), ("", "")]
            var pages: Set<String> = []
            for (email, password) in attempts {
                let before = app.passwordHasher.verifications.withLockedValue { $0 }
                let res = try await client.post("/logga-in", [("email", email), ("password", password)])
                let after = app.passwordHasher.verifications.withLockedValue { $0 }
                #expect(res.status == .unauthorized, "\(email)")
                #expect(after - before == 1, "one bcrypt verification for \(email.isEmpty ? "no address" : email)")
                // The same page but for the values of the fields (the address typed, the CSRF token).
                pages.insert(res.body.string.replacingOccurrences(of: #"value="[^"]*""#, with: "", options: .regularExpression))
            }
            #expect(pages.count == 1, "the same page whoever asks")
        }
    }

    // 3. Registering does not tell who has an account.
    @Test func registeringWithAnAddressThatHasAnAccountAnswersTheSame() async throws {
        try await withTestApp { app in
            func register(_ email: String, _ name: String) async throws -> TestingHTTPResponse {
                let client = Client(app)
                try await client.get("/orebro/foreningar/registrera")
                return try await client.post("/orebro/foreningar/registrera", [
                    ("personName", "Ada"), ("personEmail", email), ("password", "en egen lång lösenfras"),
                    ("name", name), ("legalForm", "ideellForening")])
            }
            let taken = Demo.representative("orebro")
            let existing = try await register(taken, "Första klubben")
            let fresh = try await register("ny@forening.example", "Andra klubben")
            #expect(existing.status == fresh.status)
            #expect(existing.text.replacingOccurrences(of: taken, with: "ADDR") == fresh.text.replacingOccurrences(of: "ny@forening.example", with: "ADDR"))
            #expect(try await Organisation.query(on: app.db).filter(\.$name == "Första klubben").count() == 0)
            #expect(try await Fixture.mail(app, to: taken).last?.subject == "Försök att registrera en förening med din adress")
        }
    }

    // 4. An atomic throttle, the client behind a trusted proxy, and the owner not locked out.
    @Test func parallelGuessesAreCountedBeforeTheyAreEvaluated() async throws {
        try await withTestApp(demo: false) { app in
            let limit = app.config.loginBlockAfter
            let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        let verdict = try await LoginThrottle(db: app.db, config: app.config)
                            .reserve(client: "10.1.1.1", email: "mål@exempel.se", knownDevice: false, now: app.clock.now).verdict
                        if case .allow = verdict { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(allowed <= limit, "\(allowed) of 40 parallel guesses were evaluated")
        }
    }

    @Test func theClientAddressComesFromXForwardedForOnlyBehindATrustedProxy() async throws {
        try await withTestApp(demo: false, config: { $0.trustedProxies = ["10.0.0.5"] }) { app in
            func address(peer: String, forwarded: String?) throws -> String {
                var headers = HTTPHeaders()
                if let forwarded { headers.replaceOrAdd(name: .xForwardedFor, value: forwarded) }
                let req = Request(application: app, headers: headers, remoteAddress: try SocketAddress(ipAddress: peer, port: 1234),
                                  on: app.eventLoopGroup.next())
                return req.clientAddress
            }
            let behindProxy = try address(peer: "10.0.0.5", forwarded: "203.0.113.9")
            let claimed = try address(peer: "10.0.0.5", forwarded: "1.2.3.4, 203.0.113.9")
            let untrusted = try address(peer: "198.51.100.7", forwarded: "203.0.113.9")
            let direct = try address(peer: "10.0.0.5", forwarded: nil)
            #expect(behindProxy == "203.0.113.9")
            #expect(claimed == "203.0.113.9", "the client's own claim is not believed")
            #expect(untrusted == "198.51.100.7", "untrusted peers cannot choose their address")
            #expect(direct == "10.0.0.5")
        }
    }

    @Test func anAttackOnAnAccountDoesNotLockOutABrowserThatLoggedInBefore() async throws {
        // In-process requests have no peer address ("unknown"); here they come through a trusted
        // proxy that names each client, so the owner and the attacker are at different addresses.
        try await withTestApp(config: { $0.trustedProxies = ["unknown"] }) { app in
            func at(_ address: String) -> Client {
                let client = Client(app)
                client.defaultHeaders.replaceOrAdd(name: .xForwardedFor, value: address)
                return client
            }
            let owner = at("198.51.100.10")
            #expect(try await owner.login(Demo.coordinator("eslov")).status == .seeOther)
            try await owner.post("/logga-ut")
            let attacker = at("203.0.113.66")
            for _ in 0...app.config.loginBlockAfter {
                try await attacker.login(Demo.coordinator("eslov"), password: "gissning-utan-slut")
            }
            let again = try await attacker.login(Demo.coordinator("eslov"))
            #expect(again.status == .tooManyRequests)
            // Another unknown browser, elsewhere, is refused too; the owner's is not.
            let other = at("192.0.2.77")
            let refused = try await other.login(Demo.coordinator("eslov"))
            #expect(refused.status == .tooManyRequests, "\(refused.status): \(other.lastBody.prefix(600))")
            // The owner's browser, which logged in before the attack, still gets in.
            let ownerAgain = try await owner.login(Demo.coordinator("eslov"))
            #expect(ownerAgain.status == .seeOther, "\(ownerAgain.status): \(owner.lastBody.prefix(600))")
            #expect(try await owner.get("/admin").status == .ok)
        }
    }

    // 5. Anonymous forms are rate limited; a resident's registration holds a seat only once confirmed.
    @Test func anonymousFormsAreLimitedPerClientWith429AndRetryAfter() async throws {
        try await withTestApp(config: { $0.formRateLimit = 3 }) { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            let visitor = Client(app)
            try await visitor.get("/orebro/moten/\(meeting.id!)")
            for i in 0..<3 {
                let res = try await visitor.post("/orebro/moten/\(meeting.id!)/anmalan", [("name", "N"), ("email", "p\(i)@exempel.se")])
                #expect(res.status == .seeOther)
            }
            let refused = try await visitor.post("/orebro/moten/\(meeting.id!)/anmalan", [("name", "N"), ("email", "p9@exempel.se")])
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            #expect(refused.text.contains("för många gånger"))
            #expect(try await MeetingRegistration.query(on: app.db).filter(\.$email == "p9@exempel.se").count() == 0)
            // A logged-in person is not limited.
            let rep = Client(app)
            try await rep.login(Demo.coordinator("orebro"))
            #expect(try await rep.get("/admin").status == .ok)
        }
    }

    @Test func madeUpAddressesCannotFillAMeeting() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "eslov", days: 20, capacity: 1)
            let visitor = Client(app)
            try await visitor.get("/eslov/moten/\(meeting.id!)")
            try await visitor.post("/eslov/moten/\(meeting.id!)/anmalan", [("name", "Falsk"), ("email", "finns-inte@exempel.se")])
            #expect(try await Fixture.registrations(app, meeting) == ["finns-inte@exempel.se": .unconfirmed])
            // The seat is still free for a real person, who confirms.
            try await Fixture.residentRegisters(app, Client(app), "eslov", meeting, name: "Riktig", email: "riktig@exempel.se")
            #expect(try await Fixture.registrations(app, meeting)["riktig@exempel.se"] == .confirmed)
            // The unconfirmed hold lapses and is removed.
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(Double(app.config.registrationConfirmHours * 3600 + 60)))
            #expect(try await Fixture.registrations(app, meeting)["finns-inte@exempel.se"] == nil)
        }
    }

    // 6. No session row for visitors; expired sessions are purged.
    @Test func visitorsLeaveNoSessionRowsAndFormsStillWork() async throws {
        try await withTestApp { app in
            for _ in 0..<5 {
                _ = try await app.testing().sendRequest(.GET, "/logga-in")
                _ = try await app.testing().sendRequest(.GET, "/orebro/foreningar/registrera")
            }
            #expect(try await SessionRow.query(on: app.db).count() == 0)
            // The anonymous form's token rides in a signed cookie; a forged cookie is refused.
            let visitor = Client(app)
            try await visitor.get("/logga-in")
            let cookie = try #require(visitor.cookies["samverkan_csrf"])
            #expect(try await visitor.post("/logga-in", [("email", "x@exempel.se"), ("password", "fel")]).status == .unauthorized)
            let forger = Client(app)
            forger.setCookie("samverkan_csrf", "egen-token.fel-signatur")
            #expect(try await forger.post("/logga-in", [("email", "x@exempel.se"), ("password", "fel"), ("_csrf", "egen-token")], csrf: false).status == .forbidden)
            #expect(!cookie.isEmpty)
            #expect(try await SessionRow.query(on: app.db).count() == 0)
            // A logged-in session that has expired is purged by the housekeeping job.
            let user = Client(app)
            try await user.login(Demo.coordinator("orebro"))
            #expect(try await SessionRow.query(on: app.db).count() == 1)
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(Double(app.config.sessionMaxHours * 3600 + 60)))
            #expect(try await SessionRow.query(on: app.db).count() == 0)
        }
    }

    // 7. HSTS in production and no caching of pages behind login.
    @Test func pagesBehindLoginAreNotCachedAndHSTSIsSentWhenConfigured() async throws {
        try await withTestApp(config: { $0.hstsMaxAgeSeconds = 31_536_000 }) { app in
            let client = Client(app)
            let open = try await client.get("/orebro")
            #expect(open.headers.first(name: .strictTransportSecurity) == "max-age=31536000; includeSubDomains")
            #expect(open.headers.first(name: .cacheControl) != "no-store")
            try await client.login(Demo.coordinator("orebro"))
            #expect(try await client.get("/admin").headers.first(name: .cacheControl) == "no-store")
            #expect(try await client.get("/orebro").headers.first(name: .cacheControl) == "no-store")
        }
    }

    // 9 and 14. Paths with control characters and over-long segments.
    @Test func badPathsAreAnswered400Or404NeverA500() async throws {
        try await withTestApp(demo: false) { app in
            func status(_ path: String) async throws -> HTTPStatus {
                try await app.testing().sendRequest(.GET, path).status
            }
            let nul = try await status("/favicon.svg%00.html")
            let crlf = try await status("/css/samverkan.css%0d%0aX:1")
            let long = String(repeating: "a", count: 300)
            let longSegment = try await status("/\(long)")
            let longFile = try await status("/css/\(long).css")
            let favicon = try await status("/favicon.svg")
            #expect(nul == .badRequest)
            #expect(crlf == .badRequest)
            #expect(longSegment == .notFound)
            #expect(longFile == .notFound)
            #expect(favicon == .ok)
        }
        #expect(PathGuardMiddleware.verdict("/orebro/m%C3%B6ten") == .fine)
        #expect(PathGuardMiddleware.verdict("/%ZZ") == .badRequest)
    }

    // 11. Tokens are stored hashed; delivered mail keeps no link; unsubscribe links are re-issued.
    @Test func linkTokensAreStoredHashedAndLinksLeaveDeliveredMail() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            try await Fixture.residentRegisters(app, Client(app), "orebro", meeting, name: "Sara", email: "sara@exempel.se")
            let mail = try #require(try await Fixture.mail(app, to: "sara@exempel.se").last)
            let link = try #require(Fixture.link(in: mail, path: "/orebro/moten/avbokning/"))
            let token = String(link.split(separator: "/").last!)
            let row = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "sara@exempel.se").first())
            #expect(row.token != token)
            #expect(row.token == SigningKey.hash(token))
            app.mailTransport = RecordingTransport()
            _ = try await Outbox.deliverDue(app: app, now: { app.clock.now })
            let delivered = try #require(try await OutboxMessage.find(mail.id, on: app.db))
            #expect(delivered.status == .sent)
            #expect(!delivered.body.contains(token))
            #expect(!delivered.body.contains("http"))
        }
    }

    // 11. An unsubscribe link is stored as a hash and re-issued with every invitation: an old
    // link found in a forwarded or leaked mail stops working once a newer one has gone out.
    @Test func unsubscribeLinksAreHashedAndReissuedWithEveryInvitation() async throws {
        try await withTestApp { app in
            let first = try await Fixture.meeting(app, "orebro", days: 25, title: "Första", audience: .organisations)
            let second = try await Fixture.meeting(app, "orebro", days: 40, title: "Andra", audience: .organisations)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let rep = Demo.representative("orebro")
            func unsubscribePath(_ meeting: Meeting) async throws -> String {
                try await coordinator.get("/admin/orebro/moten/\(meeting.id!)")
                try await coordinator.post("/admin/orebro/moten/\(meeting.id!)/bjud-in", [("confirmed", "1")])
                let mail = try #require(try await Fixture.mail(app, to: rep).last { $0.kind == "invitation" })
                let url = try #require(mail.unsubscribeURL)
                return String(url[url.range(of: "/orebro/")!.lowerBound...])
            }
            let old = try await unsubscribePath(first)
            let token = String(old.split(separator: "/").last!)
            let row = try #require(try await MailOptOut.query(on: app.db).filter(\.$email == rep).first())
            #expect(row.token == SigningKey.hash(token), "only the hash is stored")
            #expect(try await Client(app).get(old).status == .ok)
            let new = try await unsubscribePath(second)
            #expect(new != old)
            #expect(try await Client(app).get(old).status == .notFound, "the old link is revoked")
            #expect(try await Client(app).post(old, [("List-Unsubscribe", "One-Click")], csrf: false).status == .notFound)
            #expect(try await Client(app).get(new).status == .ok)
        }
    }

    // 12. A claim by a worker that died lapses after about a minute.
    @Test func aDeadWorkersClaimLapsesAfterAMinute() async throws {
        try await withTestApp(demo: false) { app in
            try await Outbox.enqueue(.init(to: "a@exempel.se", subject: "S", text: "T", kind: "test", municipalityID: nil), on: app.db, now: app.clock.now)
            let now = app.clock.seconds
            #expect(try await Outbox.claim(on: app.db, limit: 10, now: now).count == 1)
            #expect(try await Outbox.claim(on: app.db, limit: 10, now: now + 30).isEmpty)
            #expect(try await Outbox.claim(on: app.db, limit: 10, now: now + Outbox.leaseSeconds + 1).count == 1)
        }
    }

    // 13. CSV cells that a spreadsheet would run.
    @Test func csvCellsThatLookLikeFormulasAreNeutralised() async throws {
        try await withTestApp(demo: false) { app in
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            let csv = CSVDocument(.plain, columns: [], t: t)
            #expect(csv.field("=HYPERLINK(\"https://evil.example\")") == "\"'=HYPERLINK(\"\"https://evil.example\"\")\"")
            #expect(csv.field("+46 8 123") == "'+46 8 123")
            #expect(csv.field("@SUM(A1)") == "'@SUM(A1)")
            #expect(csv.field("-") == "'-")
            #expect(csv.field("-0.5") == "-0.5")
            #expect(csv.field("Bra samarbete") == "Bra samarbete")
            // The Excel dialect quotes at its own separator and neutralises the same way.
            let excel = CSVDocument(.excel, columns: [], t: t)
            #expect(excel.field("a;b") == "\"a;b\"")
            #expect(excel.field("a,b") == "a,b")
            #expect(excel.field("=1+1") == "'=1+1")
        }
    }
}
