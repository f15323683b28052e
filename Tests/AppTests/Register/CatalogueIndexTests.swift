@testable import App
import Fluent
import SamverkanCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The catalogue reads a full-text index and a table of counts instead of the register itself
/// (`AddCatalogueSearch`); both must answer exactly what reading the register would.
@Suite struct CatalogueIndexTests {
    private struct ID: Decodable, Hashable { let id: UUID }

    /// What the catalogue searched before the index: a `LIKE` over the folded text, read row by row.
    private func likeSearch(_ db: any SQLDatabase, _ mid: UUID, _ query: String) async throws -> Set<UUID> {
        Set(try await db.raw("""
            SELECT id FROM organisations WHERE municipality_id = \(bind: mid) AND status = 'approved'
            AND search_text LIKE \(bind: CataloguePage.likePattern(query)) ESCAPE '\\'
            """).all(decoding: ID.self).map(\.id))
    }

    private func catalogueSearch(_ db: any SQLDatabase, _ mid: UUID, _ query: String) async throws -> Set<UUID> {
        let selection = CataloguePage.Selection(municipality: mid, filters: .init(query: query), dialect: db.dialect.name)
        return Set(try await db.raw("SELECT o.id FROM \(selection.from) WHERE \(selection.conditions)").all(decoding: ID.self).map(\.id))
    }

    /// Queries taken from the demo register itself, in the forms a visitor types them: whole names
    /// in capitals with their diacritics, beginnings, middles and ends of names, words of the
    /// descriptions, and texts that are too short for a trigram or full of wildcard characters.
    private func queries(for organisations: [Organisation]) -> [String] {
        var queries = ["a", "ö", "ab", "för", "FÖR", "Förening", "förenings liv", "%", "%%_", "_", "\\", "\"", "\"kultur\"",
                       "it's", "kultur förening", "idrott", "xyzzy", "  Kultur   föreningen  "]
        for o in organisations {
            let name = o.name
            queries.append(name)
            queries.append(name.uppercased())
            queries.append(String(name.prefix(3)))
            queries.append(String(name.suffix(5)))
            queries.append(String(name.dropFirst(2).prefix(4)))
            if let word = o.description?.split(separator: " ").max(by: { $0.count < $1.count }) {
                queries.append(String(word))
            }
        }
        return queries
    }

    @Test func theSearchFindsExactlyWhatReadingTheRegisterFound() async throws {
        try await withTestApp { app in
            let db = try #require(app.db as? any SQLDatabase)
            var compared = 0
            var found = 0
            for m in try await Municipality.query(on: app.db).all() {
                let mid = try m.requireID()
                let organisations = try await Organisation.query(on: app.db).filter(\.$municipality.$id == mid).all()
                for query in queries(for: organisations) {
                    let expected = try await likeSearch(db, mid, query)
                    let actual = try await catalogueSearch(db, mid, query)
                    #expect(actual == expected, "\(m.slug): \(query)")
                    compared += 1
                    found += expected.count
                }
            }
            #expect(compared > 200)
            #expect(found > 100, "the queries find organisations, not only nothing")
        }
    }

    @Test func theIndexFollowsEveryChangeToTheRegister() async throws {
        try await withTestApp { app in
            let db = try #require(app.db as? any SQLDatabase)
            let m = try await Fixture.municipality(app, "botkyrka")
            let mid = try m.requireID()
            let o = try await Fixture.organisation(app, "Kulturföreningen Hallunda")
            #expect(try await catalogueSearch(db, mid, "hallunda") == [o.id!])

            o.name = "Teaterföreningen Norsborg"
            o.searchText = SearchText.fold(o.name)
            try await o.save(on: app.db)
            #expect(try await catalogueSearch(db, mid, "hallunda").isEmpty)
            #expect(try await catalogueSearch(db, mid, "NORSBORG") == [o.id!])

            o.status = .pending
            try await o.save(on: app.db)
            #expect(try await catalogueSearch(db, mid, "norsborg").isEmpty, "only approved organisations are listed")

            try await OrganisationGenerator.generate(count: 300, in: m, on: app.db, now: app.clock.now)
            for query in ["forening", "idrott", "kultur", "ab", "sam"] {
                #expect(try await catalogueSearch(db, mid, query) == (try await likeSearch(db, mid, query)), "\(query)")
            }
            try await db.raw("DELETE FROM organisations WHERE id IN (SELECT id FROM organisations WHERE municipality_id = \(bind: mid) AND search_text LIKE '%kultur%' LIMIT 20)").run()
            #expect(try await catalogueSearch(db, mid, "kultur") == (try await likeSearch(db, mid, "kultur")))
        }
    }

    private struct Facet: Decodable, Hashable {
        let municipality_id: UUID
        let district: String
        let legal_form: String
        let signed: Bool
        let n: Int
    }

    private func recount(_ db: any SQLDatabase) async throws -> Set<Facet> {
        Set(try await db.raw("""
            SELECT municipality_id, COALESCE(district, '') AS district, legal_form,
                   signatory_since IS NOT NULL AS signed, COUNT(*) AS n
            FROM organisations WHERE status = 'approved'
            GROUP BY municipality_id, COALESCE(district, ''), legal_form, signatory_since IS NOT NULL
            """).all(decoding: Facet.self))
    }

    private func facets(_ db: any SQLDatabase) async throws -> Set<Facet> {
        Set(try await db.raw("SELECT municipality_id, district, legal_form, signed, n FROM organisation_facets WHERE n > 0")
            .all(decoding: Facet.self))
    }

    @Test func theCountsAreAlwaysACountOfTheRegister() async throws {
        try await withTestApp { app in
            let db = try #require(app.db as? any SQLDatabase)
            let demo = try await recount(db)
            #expect(!demo.isEmpty)
            #expect(try await facets(db) == demo)

            let m = try await Fixture.municipality(app, "boras")
            let mid = try m.requireID()
            let demoIDs = Set(try await Organisation.query(on: app.db).filter(\.$municipality.$id == mid).all(\.$id))
            try await OrganisationGenerator.generate(count: 200, in: m, on: app.db, now: app.clock.now)
            #expect(try await facets(db) == (try await recount(db)))

            try await db.raw("UPDATE organisations SET district = NULL WHERE id IN (SELECT id FROM organisations WHERE municipality_id = \(bind: mid) LIMIT 30)").run()
            try await db.raw("UPDATE organisations SET district = 'Ny stadsdel' WHERE id IN (SELECT id FROM organisations WHERE municipality_id = \(bind: mid) AND district IS NOT NULL LIMIT 30)").run()
            try await db.raw("UPDATE organisations SET status = 'pending' WHERE id IN (SELECT id FROM organisations WHERE municipality_id = \(bind: mid) LIMIT 25)").run()
            try await db.raw("UPDATE organisations SET status = 'approved' WHERE id IN (SELECT id FROM organisations WHERE status = 'pending' LIMIT 10)").run()
            try await db.raw("UPDATE organisations SET signatory_since = '2026-01-01' WHERE id IN (SELECT id FROM organisations WHERE signatory_since IS NULL LIMIT 40)").run()
            try await db.raw("UPDATE organisations SET legal_form = 'stiftelse', signatory_since = NULL WHERE id IN (SELECT id FROM organisations WHERE signatory_since IS NOT NULL LIMIT 15)").run()
            // Generated ones: a demo organisation has accessions and assignments that keep it (a
            // LIMIT without an order would pick one now and then).
            let generated = try await Organisation.query(on: app.db).filter(\.$municipality.$id == mid).all(\.$id)
                .filter { !demoIDs.contains($0) }.sorted { $0.uuidString < $1.uuidString }.prefix(12)
            try await db.delete(from: "organisations").where("id", .in, Array(generated)).run()
            let after = try await recount(db)
            #expect(after != demo)
            #expect(try await facets(db) == after)

            // What the visitor reads: the total and the district list agree with the register.
            let page = try await Client(app).get("/boras/foreningar?distrikt=Ny%20stadsdel").text
            let inDistrict = after.filter { $0.municipality_id == mid && $0.district == "Ny stadsdel" }.reduce(0) { $0 + $1.n }
            #expect(inDistrict > 0)
            #expect(page.contains("\(inDistrict) föreningar."))
            #expect(page.contains("<option value=\"Ny stadsdel\" selected"))
        }
    }

    /// On SQLite the plans are checked: a catalogue page never scans the register table.
    @Test(arguments: [
        CataloguePage.Filters(),
        CataloguePage.Filters(query: "kulturforeningen"),
        CataloguePage.Filters(district: "Centrum", signed: true, page: 20),
        CataloguePage.Filters(query: "idrott", legalForm: .ideellForening),
    ])
    func noCataloguePageScansTheRegister(filters: CataloguePage.Filters) async throws {
        try await withTestApp { app in
            let db = try #require(app.db as? any SQLDatabase)
            guard db.dialect.name == "sqlite" else { return }
            let mid = try await Fixture.municipality(app, "botkyrka").requireID()
            let selection = CataloguePage.Selection(municipality: mid, filters: filters, dialect: "sqlite")
            struct Plan: Decodable { let detail: String }
            var statements: [SQLQueryString] = [
                "SELECT o.id FROM \(selection.from) WHERE \(selection.conditions) ORDER BY o.name, o.id LIMIT 25 OFFSET 475",
            ]
            if let facets = selection.facets {
                statements.append("SELECT SUM(n) FROM organisation_facets WHERE \(facets)")
            } else {
                statements.append("SELECT COUNT(*) FROM \(selection.from) WHERE \(selection.conditions)")
            }
            for statement in statements {
                let plan = try await db.raw("EXPLAIN QUERY PLAN \(statement)").all(decoding: Plan.self).map(\.detail)
                #expect(!plan.contains { $0.hasPrefix("SCAN o") || $0.hasPrefix("SCAN organisations") }, "\(plan)")
                // A search starts from the full-text index, not from the municipality's rows.
                if filters.query != nil {
                    #expect(plan.first?.hasPrefix("SCAN s VIRTUAL TABLE INDEX") == true, "\(plan)")
                }
            }
            // The total of an unfiltered page is not counted from the register.
            #expect(CataloguePage.Selection(municipality: mid, filters: .init(), dialect: "sqlite").facets != nil)
        }
    }
}
