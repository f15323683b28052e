@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Public pages come from the page cache until the municipality's data changes, on every app
/// instance; people who are signed in, and pages with a form, are never served from it.
@Suite struct PageCacheTests {
    private func sql(_ app: Application) throws -> any SQLDatabase { try #require(app.db as? any SQLDatabase) }

    private func version(_ app: Application, _ slug: String) async throws -> Int {
        try #require(try await ContentVersion.of(slug: slug, on: sql(app)))
    }

    @Test func aVisitorsSecondRequestComesFromTheCacheAndAMatchingETagGets304() async throws {
        try await withTestApp { app in
            let first = try await Client(app).get("/orebro/overenskommelse")
            let second = try await Client(app).get("/orebro/overenskommelse")
            #expect(first.status == .ok)
            #expect(first.headers.first(name: "X-Page-Cache") == "miss")
            #expect(second.headers.first(name: "X-Page-Cache") == "hit")
            #expect(second.body.string == first.body.string)
            let etag = try #require(second.headers.first(name: .eTag))
            #expect(etag == first.headers.first(name: .eTag))
            #expect(second.headers.first(name: .cacheControl) == "public, max-age=10")
            let revalidated = try await Client(app).get("/orebro/overenskommelse", headers: ["If-None-Match": etag])
            #expect(revalidated.status == .notModified)
            #expect(revalidated.body.readableBytes == 0)
            let other = try await Client(app).get("/orebro/overenskommelse", headers: ["If-None-Match": "\"something else\""])
            #expect(other.status == .ok)
            // Each language and each query is a page of its own.
            let english = try await Client(app).get("/orebro/overenskommelse?lang=en")
            #expect(english.body.string.contains("lang=\"en\""))
        }
    }

    @Test func staticFilesComeFromMemoryWithAnETag() async throws {
        try await withTestApp(demo: false) { app in
            let css = try await Client(app).get("/css/samverkan.css")
            #expect(css.status == .ok)
            #expect(css.headers.first(name: .contentType)?.hasPrefix("text/css") == true)
            let etag = try #require(css.headers.first(name: .eTag))
            #expect(try await Client(app).get("/css/samverkan.css", headers: ["If-None-Match": etag]).status == .notModified)
            #expect(try await Client(app).get("/css/finns-inte.css").status == .notFound)
            #expect(try await Client(app).get("/css/../Package.swift").status != .ok)
        }
    }

    @Test func endlessQueriesCannotGrowTheCachePastItsLimits() async throws {
        let cache = PageCache(limit: 100, byteLimit: 40_000)
        for i in 0..<1000 {
            cache.put("page?x=\(i)", .init(body: ByteBuffer(repeating: 65, count: 1000), contentType: "text/html", etag: "\"\(i)\"", storedAt: i))
            #expect(cache.count <= 100)
            #expect(cache.bytes <= 40_000)
        }
        #expect(cache.get("page?x=999") != nil, "the newest page stays")
        cache.put("huge", .init(body: ByteBuffer(repeating: 65, count: 20_000), contentType: "text/html", etag: "\"h\"", storedAt: 2000))
        #expect(cache.get("huge") == nil, "a page larger than a quarter of the cache is not kept")
    }

    @Test func theSettingTurnsTheCacheOff() async throws {
        try await withTestApp(config: { $0.pageCacheSeconds = 0 }) { app in
            try await Client(app).get("/orebro/overenskommelse")
            let second = try await Client(app).get("/orebro/overenskommelse")
            #expect(second.headers.first(name: "X-Page-Cache") == nil)
            #expect(app.pageCache.count == 0)
        }
    }

    @Test func aPageEndsWithItsTimeLimitEvenWithoutAChange() async throws {
        try await withTestApp(config: { $0.pageCacheSeconds = 30 }) { app in
            try await Client(app).get("/orebro/moten")
            app.clock.advance(by: 31)
            let later = try await Client(app).get("/orebro/moten")
            #expect(later.headers.first(name: "X-Page-Cache") == "miss")
        }
    }

    /// A change to what a public page shows, made in SQL as any write path could, and a text the page then shows.
    struct Probe: CustomTestStringConvertible, Sendable {
        let page: String
        let change: String
        let shows: String
        var testDescription: String { page }
    }

    static let orebro = "(SELECT id FROM municipalities WHERE slug = 'orebro')"
    static let probes: [Probe] = [
        Probe(page: "/", change: "UPDATE municipalities SET name = 'Cacheprov kommun' WHERE slug = 'eslov'", shows: "Cacheprov kommun"),
        Probe(page: "/orebro/overenskommelse",
              change: "UPDATE commitments SET text = 'Cacheprov åtagande' WHERE id = (SELECT c.id FROM commitments c JOIN agreements a ON a.id = c.agreement_id WHERE a.municipality_id = \(orebro) ORDER BY c.position LIMIT 1)",
              shows: "Cacheprov åtagande"),
        // Södertälje's agreement has development areas with activities.
        Probe(page: "/sodertalje/utvecklingsomraden",
              change: "UPDATE plan_activities SET title = 'Cacheprov aktivitet' WHERE id = (SELECT p.id FROM plan_activities p JOIN development_areas d ON d.id = p.area_id JOIN agreements a ON a.id = d.agreement_id WHERE a.municipality_id = (SELECT id FROM municipalities WHERE slug = 'sodertalje') ORDER BY p.position LIMIT 1)",
              shows: "Cacheprov aktivitet"),
        Probe(page: "/orebro/foreningar",
              change: "UPDATE organisations SET name = 'AAA Cacheprov förening' WHERE id = (SELECT id FROM organisations WHERE municipality_id = \(orebro) AND status = 'approved' ORDER BY name LIMIT 1)",
              shows: "AAA Cacheprov förening"),
        Probe(page: "/orebro/undertecknare",
              change: "UPDATE organisations SET name = 'AAA Cacheprov undertecknare' WHERE id = (SELECT organisation_id FROM accessions WHERE municipality_id = \(orebro) AND status = 'signed' ORDER BY organisation_id LIMIT 1)",
              shows: "AAA Cacheprov undertecknare"),
        Probe(page: "/orebro/samrad",
              change: "UPDATE council_members SET name = 'Cacheprov ledamot' WHERE id = (SELECT m.id FROM council_members m JOIN councils c ON c.id = m.council_id WHERE c.municipality_id = \(orebro) AND m.term_end IS NULL ORDER BY m.name LIMIT 1)",
              shows: "Cacheprov ledamot"),
        Probe(page: "/orebro/moten",
              change: "UPDATE meetings SET title = 'Cacheprov möte' WHERE id = (SELECT id FROM meetings WHERE municipality_id = \(orebro) AND status = 'scheduled' ORDER BY starts_at DESC LIMIT 1)",
              shows: "Cacheprov möte"),
    ]

    @Test(arguments: probes) func aChangeInTheDatabaseShowsOnThePublicPageAtOnce(_ probe: Probe) async throws {
        try await withTestApp { app in
            let before = try await Client(app).get(probe.page)
            #expect(before.status == .ok)
            #expect(!before.body.string.contains(probe.shows))
            let cached = try await Client(app).get(probe.page)
            #expect(cached.headers.first(name: "X-Page-Cache") == "hit")
            try await sql(app).raw("\(unsafeRaw: probe.change)").run()
            let after = try await Client(app).get(probe.page)
            #expect(after.headers.first(name: "X-Page-Cache") == "miss")
            #expect(after.body.string.contains(probe.shows), "\(probe.page) does not show the change")
        }
    }

    @Test func aCoordinatorsEditShowsToVisitorsAtOnce() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            try await visitor.get("/eslov/overenskommelse")
            #expect(try await visitor.get("/eslov/overenskommelse").headers.first(name: "X-Page-Cache") == "hit")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            let saved = try await coordinator.post("/admin/eslov/version/1/uppgifter",
                                                   Self.metadata(title: "Överenskommelse om samverkan, omtryckt"))
            #expect(saved.status == .seeOther)
            let after = try await visitor.get("/eslov/overenskommelse")
            #expect(after.body.string.contains("Överenskommelse om samverkan, omtryckt"))
        }
    }

    static func metadata(title: String) -> [(String, String)] {
        [("title", title), ("municipalityParty", "Kommunen"), ("civilSocietyParty", "Föreningarna"),
         ("adoptedOn", "2026-03-01"), ("validUntil", ""), ("revisionIntervalYears", "4"), ("contactEmail", "samverkan@kommun.example")]
    }

    @Test func signedInPeopleAndPagesWithAFormAreNeverServedFromTheCache() async throws {
        try await withTestApp { app in
            try await Client(app).get("/orebro/overenskommelse")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let own = try await coordinator.get("/orebro/overenskommelse")
            #expect(own.headers.first(name: "X-Page-Cache") == nil)
            #expect(own.body.string.contains("logga-ut"), "the signed-in menu, not the visitor's page")

            // A meeting page carries a registration form with the visitor's own token.
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            let one = Client(app), two = Client(app)
            try await one.get("/orebro/moten/\(meeting.id!)")
            try await two.get("/orebro/moten/\(meeting.id!)")
            let first = try #require(Client.token(in: one.lastBody)), second = try #require(Client.token(in: two.lastBody))
            #expect(first != second)
            #expect(try await two.get("/orebro/moten/\(meeting.id!)").headers.first(name: "X-Page-Cache") == nil)
        }
    }

    @Test func everyTableIsEitherPublicWithATriggerOrPrivate() async throws {
        try await withTestApp(demo: false) { app in
            let db = try sql(app)
            struct Name: Decodable { let name: String }
            let tables: [String]
            if db.dialect.name == "postgresql" {
                tables = try await db.raw("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'").all(decoding: Name.self).map(\.name)
            } else {
                tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Name.self).map(\.name)
            }
            let known = Set(ContentVersion.tables.map(\.table)).union(ContentVersion.privateTables)
                .union(ContentVersion.derivedTables.keys)
            // SQLite keeps a full-text index in shadow tables named after it (`organisation_search_data`, …).
            let shadows = tables.filter { name in ["_data", "_idx", "_config", "_docsize", "_content"].contains { name.hasSuffix($0) && known.contains(String(name.dropLast($0.count))) } }
            #expect(Set(tables).subtracting(known).subtracting(shadows).sorted() == [], "classify new tables in ContentVersion")
            #expect(Set(ContentVersion.tables.map(\.table)).isDisjoint(with: ContentVersion.privateTables))
            // Every public table has its triggers in the database: a later migration installs them for its tables.
            let triggers: Set<String>
            if db.dialect.name == "postgresql" {
                triggers = Set(try await db.raw("SELECT DISTINCT trigger_name AS name FROM information_schema.triggers").all(decoding: Name.self).map(\.name))
            } else {
                triggers = Set(try await db.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all(decoding: Name.self).map(\.name))
            }
            for (table, _) in ContentVersion.tables {
                #expect(triggers.contains("content_version_\(table)_insert"), "\(table) has no trigger")
            }
        }
    }

    @Test func aChangeToAnyPublicTableRaisesItsMunicipalitysVersionOnly() async throws {
        try await withTestApp { app in
            let db = try sql(app)
            struct Row: Decodable { let slug: String }
            var tried = 0
            for (table, municipality) in ContentVersion.tables {
                // A row of the table and the municipality it belongs to, by the trigger's own expression.
                let expression = municipality.replacingOccurrences(of: "R.", with: "\(table).")
                guard let owner = try await db.raw("SELECT m.slug AS slug FROM \(unsafeRaw: table) JOIN municipalities m ON m.id = \(unsafeRaw: expression) LIMIT 1")
                    .first(decoding: Row.self) else { continue }
                let others = ["botkyrka", "boras", "orebro", "sodertalje", "eslov"].filter { $0 != owner.slug }
                let before = try await version(app, owner.slug)
                let otherBefore = try await version(app, others[0])
                try await db.raw("UPDATE \(unsafeRaw: table) SET id = id WHERE id = (SELECT \(unsafeRaw: table).id FROM \(unsafeRaw: table) JOIN municipalities m ON m.id = \(unsafeRaw: expression) WHERE m.slug = \(bind: owner.slug) LIMIT 1)").run()
                #expect(try await version(app, owner.slug) > before, "\(table) does not raise the version")
                if table != "municipalities" {
                    #expect(try await version(app, others[0]) == otherBefore, "\(table) raises another municipality's version")
                }
                tried += 1
            }
            #expect(tried >= 25, "the demo data has rows in most public tables")
        }
    }

    @Test func aChangeOnOneInstanceIsSeenAtOnceOnAnother() async throws {
        let file = NSTemporaryDirectory() + "samverkan-two-instances-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await withTestApp(config: { config in
            config.database = .sqliteFile(file)
        }) { a in
            let b = try await Application.make(.testing)
            b.logger.logLevel = .warning
            b.clock.set(a.clock.now)
            do {
                try await configure(b, config: a.config)
                let onB = try await Client(b).get("/orebro/overenskommelse")
                #expect(onB.status == .ok)
                #expect(try await Client(b).get("/orebro/overenskommelse").headers.first(name: "X-Page-Cache") == "hit")
                // The coordinator works on instance A.
                let coordinator = Client(a)
                try await coordinator.login(Demo.coordinator("orebro"))
                let saved = try await coordinator.post("/admin/orebro/version/1/uppgifter",
                                                       Self.metadata(title: "Örebros överenskommelse, reviderad"))
                #expect(saved.status == .seeOther)
                let afterOnB = try await Client(b).get("/orebro/overenskommelse")
                #expect(afterOnB.headers.first(name: "X-Page-Cache") == "miss")
                #expect(afterOnB.body.string.contains("Örebros överenskommelse, reviderad"))
            } catch {
                try? await b.asyncShutdown()
                throw error
            }
            try await b.asyncShutdown()
        }
    }

    /// On a SQLite file the page cache reads versions through a connection of its own, in place;
    /// it must read exactly what a query through Fluent reads, at once after any commit.
    @Test func theInPlaceReaderReadsWhatTheDatabaseHolds() async throws {
        let file = NSTemporaryDirectory() + "samverkan-reader-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let early = SQLiteVersionReader(path: file)
        #expect(early.version(of: .site) == .unavailable, "no file yet")
        try await withTestApp(config: { config in
            config.database = .sqliteFile(file)
        }) { app in
            guard let reader = app.versionReader else { return }  // PostgreSQL: the query is all there is
            let db = try sql(app)
            for m in try await Municipality.query(on: app.db).all() {
                #expect(reader.version(of: .municipality(m.slug)) == .version(try await ContentVersion.of(slug: m.slug, on: db)))
            }
            #expect(reader.version(of: .municipality("ingen-sadan")) == .version(nil))
            #expect(reader.version(of: .site) == .version(try await ContentVersion.ofSite(on: db)))
            #expect(early.version(of: .site) == .version(try await ContentVersion.ofSite(on: db)), "it opens once the file is there")

            let before = reader.version(of: .municipality("eslov"))
            try await db.raw("UPDATE councils SET name = name || ' (ny)' WHERE municipality_id = (SELECT id FROM municipalities WHERE slug = 'eslov')").run()
            let after = reader.version(of: .municipality("eslov"))
            #expect(after != before)
            #expect(after == .version(try await ContentVersion.of(slug: "eslov", on: db)))
            let site = reader.version(of: .site)
            try await Municipality(slug: "ny-kommun", name: "Ny kommun").create(on: app.db)
            #expect(reader.version(of: .site) != site, "a new municipality changes the start page's version")
            #expect(reader.version(of: .municipality("ny-kommun")) == .version(try await ContentVersion.of(slug: "ny-kommun", on: db)))
        }
    }
}
