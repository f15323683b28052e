@testable import App
import Fluent
import Testing
import Vapor

/// The agreement page and the home page run a fixed number of queries, whatever the size
/// of the agreement (Eslöv has 8 commitments, Södertälje 35 and four development areas).
@Suite struct QueryCountTests {
    private func agreementPageQueries(_ app: Application, _ slug: String) async throws -> Int {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == slug).first())
        let db = CountingDatabase(app.db)
        let t = Translator(catalogue: app.catalogue, locale: .sv)
        let chrome = Chrome(lang: "sv", dir: "ltr", title: "", user: nil, csrf: nil,
                            languages: [], municipalityName: nil,
                            municipalityURL: nil, nav: [], flash: nil, stylesheet: "")
        let page = try await AgreementPage.query(db: db, municipality: m, version: nil, selection: .init(), t: t, chrome: chrome, today: app.clock.today)
        #expect(page != nil)
        return db.count
    }

    @Test func theAgreementPageRunsTheSameQueriesForASmallAndALargeAgreement() async throws {
        try await withTestApp { app in
            let small = try await agreementPageQueries(app, "eslov")
            let large = try await agreementPageQueries(app, "sodertalje")
            #expect(small == large)
            // The versions, the seven of the snapshot (its translations among them) and the signatory count.
            #expect(large == 9)
        }
    }

    @Test func theRulesCheckRunsTheSameQueriesForOneVersionAndForMany() async throws {
        try await withTestApp { app in
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "sodertalje").first())
            func queries() async throws -> (Int, Int) {
                let db = CountingDatabase(app.db)
                let outcome = try await ObligationCheck.evaluate(m, on: db, warningDays: 92, now: app.clock.now)
                return (db.count, outcome.all.count)
            }
            let (one, rulesBefore) = try await queries()
            // Versions, rules, meetings, records and follow-up rounds.
            #expect(one == 5)
            // Three revisions later, each with one more rule (a response-time rule reads the inquiries too).
            for months in [6, 9, 18] {
                let draft = try await AgreementStore.startRevision(of: m, on: app.db, now: app.clock.now)
                try await AgreementRule(agreementID: draft.requireID(), position: 99, .planReview(everyMonths: months, note: nil)).create(on: app.db)
                try await AgreementStore.publish(draft, on: app.db, now: app.clock.now)
            }
            let (many, rulesAfter) = try await queries()
            #expect(many == one)
            #expect(rulesAfter > rulesBefore)
        }
    }

    @Test func theHomePageQueriesDoNotGrowWithMunicipalities() async throws {
        try await withTestApp { app in
            let (db, log) = try await QueryLog.database(app)
            let before = try await HomePage.query(db: db)
            let queriesBefore = log.count
            try await Municipality(slug: "ny", name: "Ny kommun").create(on: app.db)
            log.reset()
            let after = try await HomePage.query(db: db)
            #expect(after.count == before.count + 1)
            #expect(log.count == queriesBefore)
            #expect(log.count == 1)
            // What the page shows: each municipality with the principle count of its version in force.
            let eslov = try #require(after.first { $0.url == "/eslov" })
            #expect(eslov.principleCount > 0)
            #expect(eslov.agreementTitle != nil)
            #expect(after.first { $0.url == "/ny" }?.principleCount == 0)
        }
    }
}

/// The catalogue runs the same queries for a handful of organisations as for hundreds.
@Suite struct CatalogueQueryCountTests {
    private func catalogueQueries(_ app: Application, filters: CataloguePage.Filters) async throws -> (Int, Int, [String]) {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "botkyrka").first())
        let (db, log) = try await QueryLog.database(app)
        let page = try await CataloguePage.query(db: db, municipality: m, filters: filters,
                                                 t: Translator(catalogue: app.catalogue, locale: .sv), chrome: .plain, baseQuery: [])
        return (log.count, page.total, log.queries)
    }

    @Test func theNumberOfQueriesDoesNotGrowWithTheRegister() async throws {
        try await withTestApp { app in
            let filters = CataloguePage.Filters(query: "o", signed: false)
            let (small, smallTotal, _) = try await catalogueQueries(app, filters: filters)
            #expect(smallTotal > 0)
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "botkyrka").first())
            try await OrganisationGenerator.generate(count: 400, in: m, on: app.db, now: app.clock.now)
            let (large, largeTotal, largeLog) = try await catalogueQueries(app, filters: filters)
            #expect(largeTotal > smallTotal + 100)
            #expect(small == large, "\(largeLog)")
            #expect(smallTotal < 25 || largeTotal > 25, "both runs list a page of rows")
            #expect(large == 4, "a search counts its matches in the query that finds the page's rows")
            // A page past the end has no row to carry the count, so it counts on its own (and has
            // no rows whose activity areas to read).
            var past = filters
            past.page = 100
            let (pastQueries, pastTotal, _) = try await catalogueQueries(app, filters: past)
            #expect(pastTotal == largeTotal)
            #expect(pastQueries == 4)
        }
    }
}
