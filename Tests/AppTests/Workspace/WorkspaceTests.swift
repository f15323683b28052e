@testable import App
import Fluent
import Foundation
import Testing
import Vapor

@Suite struct WorkspaceTests {
    /// Each admin route pattern as a path (`/admin/:kommun/moten/:meeting`), to tell which route a
    /// crawled page belongs to.
    struct Patterns {
        let router = TrieRouter(String.self)
        let all: [(pattern: String, access: Access)]

        init(_ app: Application) {
            var all: [(String, Access)] = []
            for route in app.routes.all where route.method == .GET && route.path.first == .constant("admin") {
                let pattern = "/" + route.path.map(\.description).joined(separator: "/")
                router.register(pattern, at: route.path)
                all.append((pattern, route.userInfo["access"] as? Access ?? .anyone))
            }
            self.all = all
        }

        func pattern(of path: String) -> String? {
            let segments = String(path.prefix { $0 != "?" }).split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
            var parameters = Parameters()
            return router.route(path: segments, parameters: &parameters)
        }
    }

    /// Follows every admin link of Södertälje from the start page, visiting at most 30 pages of each route,
    /// and returns the routes reached.
    static func reached(_ client: Client, _ patterns: Patterns) async throws -> Set<String> {
        var seen: Set<String> = ["/admin"], queue = ["/admin"], visits: [String: Int] = [:]
        while let path = queue.first {
            queue.removeFirst()
            let res = try await client.get(path)
            #expect(res.status == .ok, "\(path)")
            guard let pattern = patterns.pattern(of: path) else { continue }
            visits[pattern, default: 0] += 1
            guard res.headers.contentType?.subType == "html" else { continue }
            for (method, target) in LinkTests.targets(in: res.text) where method == .GET {
                let link = String(target.prefix { $0 != "#" })
                // Södertälje's pages, and the platform's own (`/admin/kommuner`), which belong to no municipality.
                let platformWide = patterns.pattern(of: link).map { !$0.contains(":kommun") } ?? false
                guard link == "/admin" || link.hasPrefix("/admin/sodertalje") || platformWide, !link.contains("lang="), !seen.contains(link),
                      let p = patterns.pattern(of: link), visits[p, default: 0] + queue.filter { patterns.pattern(of: $0) == p }.count < 30 else { continue }
                seen.insert(link)
                queue.append(link)
            }
        }
        return Set(visits.keys)
    }

    /// Routes a role passes the route check of but has no page of, each with its reason.
    static func notOffered(to role: String) -> Set<String> {
        // No demo organisation has uploaded a board protocol (the joining tests upload one).
        var routes: Set<String> = ["/admin/:kommun/foreningar/:org/protokoll/:file"]
        // Only an organisation's own representatives answer its questionnaire (`FollowUpPolicy.mayAnswer`).
        if role != "representative" { routes.insert("/admin/:kommun/foreningar/:org/uppfoljning/:year") }
        // The demo representative's organisation has signed: applying is offered only before.
        if role == "representative" { routes.insert("/admin/:kommun/foreningar/:org/ansok") }
        // A draft is compared from its editor (the coordinator's) or, while a revision is under way,
        // from the council's material; the demo has no revision under way.
        if role == "officer" || role == "councilMember" { routes.insert("/admin/:kommun/version/:version/jamfor") }
        // Only a draft's rules are changed (`RulesPolicy.mayChangeRules`), and the demo has no draft;
        // the version page says so and links to starting a revision (RuleEditorTests edit them).
        routes.formUnion(["/admin/:kommun/version/:version/regler/ny", "/admin/:kommun/version/:version/regler/ny/:typ",
                          "/admin/:kommun/version/:version/regler/:item"])
        return routes
    }

    @Test(arguments: ["admin", "coordinator", "officer", "representative", "councilMember"])
    func fromTheStartPageEveryRoleReachesEveryAdminPageItMayUse(role: String) async throws {
        try await withTestApp { app in
            let email = switch role {
            case "admin": "admin@samverkan.example"
            case "coordinator": Demo.coordinator("sodertalje")
            case "officer": Demo.officer("sodertalje")
            case "councilMember": Demo.councilMember("sodertalje")
            default: Demo.representative("sodertalje")
            }
            let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
            let sodertalje = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "sodertalje").first())
            let patterns = Patterns(app)
            let client = Client(app)
            try await client.login(email)
            let reached = try await Self.reached(client, patterns)
            let expected = Set(patterns.all.filter { WorkspacePolicy.may($0.access, user: user, municipalityID: sodertalje.id) }.map(\.pattern))
                .subtracting(Self.notOffered(to: role))
            let missing = expected.subtracting(reached)
            #expect(missing.isEmpty, "\(role) reaches no page of: \(missing.sorted())")
        }
    }

    @Test func theMenuNamesEachAreaWithTheAccessItsRouteHas() async throws {
        try await withTestApp(demo: false) { app in
            let patterns = Patterns(app)
            for item in AdminMenu.items {
                let pattern = item.route.description
                let route = try #require(patterns.all.first { $0.pattern == pattern }, "\(pattern)")
                #expect(route.access == item.access, "\(pattern)")
            }
        }
    }
}

@Suite struct WorkspaceStartPageTests {
    @Test func theCoordinatorSeesWhatWaitsWithLinksToWhereItIsSettled() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            try await Outbox.enqueue(.init(to: "x@exempel.se", subject: "S", text: "T", kind: "test", municipalityID: m.id), on: app.db, now: app.clock.now)
            try await OutboxMessage.query(on: app.db).filter(\.$toAddress == "x@exempel.se").set(\.$status, to: .failed).update()
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let page = try await coordinator.get("/admin")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<a href="/admin/sodertalje/utgaende-post">1 e-postmeddelande kunde inte skickas</a>"#))
            #expect(page.text.contains("/admin/sodertalje/regler"))
            // Södertälje's demo round is open: its response rate links to the round.
            #expect(page.text.contains("/admin/sodertalje/uppfoljning/"))
            #expect(page.text.contains("har svarat"))
            // The admin menu and no public menu; the start page is the current item.
            #expect(page.text.contains(#"class="admin-nav""#))
            #expect(!page.text.contains(#"class="municipality-nav""#))
            #expect(page.text.contains(#"<a href="/admin" aria-current="page">"#))
            // A deeper page has breadcrumbs back to its area and the start page.
            let deeper = try await coordinator.get("/admin/sodertalje/moten/ny")
            #expect(deeper.text.contains(#"<nav class="breadcrumbs" aria-label="Du är här"><ol><li><a href="/admin">Att göra</a></li><li><a href="/admin/sodertalje/moten">Möten</a></li>"#))
            #expect(deeper.text.contains(#"<a href="/admin/sodertalje/moten" aria-current="true">"#))
        }
    }

    @Test func aRepresentativeSeesTheQuestionnaireToAnswer() async throws {
        try await withTestApp { app in
            let rep = Client(app)
            try await rep.login(Demo.representative("sodertalje"))
            let org = try await Fixture.representedOrganisation(app, "sodertalje")
            let page = try await rep.get("/admin")
            #expect(page.text.contains("/admin/sodertalje/foreningar/\(org.id!.uuidString)/uppfoljning/"))
            #expect(page.text.contains("Svara på uppföljningen"))
            // Their organisation's pages carry its own menu.
            let own = try await rep.get("/admin/sodertalje/foreningar/\(org.id!.uuidString)/uppgifter")
            #expect(own.text.contains(#"class="admin-nav""#))
            #expect(own.text.contains("Företrädare"))
        }
    }

    @Test func theStartPageRunsAFixedNumberOfQueriesWhateverTheNumberOfMunicipalities() async throws {
        try await withTestApp { app in
            let admin = try #require(try await User.query(on: app.db).filter(\.$role == .platformAdmin).first())
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func count() async throws -> Int {
                let db = CountingDatabase(app.db)
                _ = try await WorkspacePage.municipalities(db: db, user: admin, t: t, warningDays: 92, now: app.clock.now, today: app.clock.today)
                return db.count
            }
            let five = try await count()
            for i in 0..<3 {
                try await Municipality(slug: "extra\(i)", name: "Extra \(i)").create(on: app.db)
            }
            let eight = try await count()
            // The rules are judged per municipality (as the rules page does); everything else is counted at once.
            let perMunicipality = (eight - five) / 3
            #expect(eight - five == 3 * perMunicipality)
            #expect(perMunicipality <= 6, "\(perMunicipality) queries per municipality")
        }
    }
}
