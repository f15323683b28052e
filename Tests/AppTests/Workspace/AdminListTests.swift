@testable import App
import Fluent
import Testing
import Vapor

/// The admin lists (meetings, applications, outgoing mail) as a coordinator uses them: a search,
/// a filter, a count and pages of fifty, each link keeping the rest of what was asked.
@Suite struct AdminListTests {
    @Test func aSearchFindsLettersOutsideASCIIWhateverTheirCase() {
        #expect(ListSearch.pattern("Årsmöte") == "%_rsm_te%")
        #expect(ListSearch.pattern("100%_a\\") == "%100\\%\\_a\\\\%")
    }

    @Test func theMeetingsListIsSearchedFilteredCountedAndPaged() async throws {
        try await withTestApp { app in
            for n in 1...55 { try await Fixture.meeting(app, "boras", days: n, title: "Årsmöte nr \(n)") }
            let cancelled = try await Fixture.meeting(app, "boras", days: 60, title: "Årsmöte som ställdes in")
            cancelled.status = .cancelled
            try await cancelled.save(on: app.db)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))

            let all = try await Meeting.query(on: app.db).join(Municipality.self, on: \Meeting.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "boras").count()
            let first = try await coordinator.get("/admin/boras/moten")
            #expect(first.status == .ok)
            #expect(first.text.contains("\(all) möten"))
            #expect(first.text.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 50)
            #expect(first.text.contains("href=\"/admin/boras/moten?sida=2\""))

            // Lower case and "ö" find "Årsmöte"; the count says it is a search; page 2 keeps the search.
            let found = try await coordinator.get("/admin/boras/moten?q=%C3%A5rsm%C3%B6te")
            #expect(found.text.contains("56 möten matchar sökningen"))
            #expect(found.text.contains("href=\"/admin/boras/moten?q=%C3%A5rsm%C3%B6te&amp;sida=2\""))
            let second = try await coordinator.get("/admin/boras/moten?q=%C3%A5rsm%C3%B6te&sida=2")
            #expect(second.text.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 6)

            // The cancelled one, and nothing else, under "Inställda"; the search field keeps the filter.
            let cancelledOnly = try await coordinator.get("/admin/boras/moten?q=%C3%A5rsm%C3%B6te&visa=installda")
            #expect(cancelledOnly.text.contains("1 möte matchar sökningen"))
            #expect(cancelledOnly.text.contains("Årsmöte som ställdes in"))
            #expect(!cancelledOnly.text.contains("Årsmöte nr 1<"))
            #expect(cancelledOnly.text.contains("<input type=\"hidden\" name=\"visa\" value=\"installda\">"))
            // The coming ones, soonest first.
            let coming = try await coordinator.get("/admin/boras/moten?visa=kommande&q=nr")
            let one = try #require(coming.text.range(of: "Årsmöte nr 1<")), two = try #require(coming.text.range(of: "Årsmöte nr 2<"))
            #expect(one.lowerBound < two.lowerBound)
        }
    }

    @Test func theMeetingsListRunsTheSameQueriesForFewMeetingsAndMany() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            func queries() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                let list = ListRequest<MeetingAdminController.Show>(path: "/", show: .alla, default: .alla, page: 1)
                let page = try await MeetingAdminController.listed(db, try m.requireID(), list, now: app.clock.seconds)
                #expect(page.meetings.count == min(50, page.total))
                return log.count
            }
            let few = try await queries()
            for n in 1...100 { try await Fixture.meeting(app, "boras", days: n) }
            #expect(try await queries() == few)
            #expect(few == 3)
        }
    }

    @Test func applicationsAreFilteredByWhereTheyStandAndSearchedByOrganisation() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let signed = try await Accession.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .signed).with(\.$organisation).all()
            let open = try await Accession.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status ~~ [.submitted, .moreInfoRequested, .approved]).count()
            let someone = try #require(signed.first?.organisation.name)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let waiting = try await coordinator.get("/admin/boras/anslutningar")
            #expect(waiting.status == .ok)
            #expect(waiting.text.contains(open == 1 ? "1 ansökan<" : "\(open) ansökningar<"))
            #expect(!waiting.text.contains(">\(someone)</a>"))
            let signedPage = try await coordinator.get("/admin/boras/anslutningar?visa=undertecknade")
            #expect(signedPage.text.contains("\(signed.count) ansökningar"))
            let query = someone.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let search = try await coordinator.get("/admin/boras/anslutningar?visa=alla&q=\(query)")
            #expect(search.text.contains(">\(someone)</a>"))
            #expect(search.text.contains("matchar sökningen"))
            // Another municipality's applications are not in the list.
            let other = try await coordinator.get("/admin/boras/anslutningar?visa=alla&sida=1")
            let elsewhere = try #require(try await Accession.query(on: app.db).filter(\.$municipality.$id != m.requireID())
                .with(\.$organisation).first()).organisation.name
            #expect(!other.text.contains(">\(elsewhere)</a>"))
        }
    }

    @Test func theOutboxShowsTheFailedFirstAndFindsARecipient() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            func message(_ to: String, _ status: OutboxMessage.Status) async throws {
                let r = OutboxMessage()
                r.$municipality.id = try m.requireID()
                r.toAddress = to; r.subject = "Ämne till \(to)"; r.body = "Text"; r.kind = "test"
                r.messageID = UUID().uuidString; r.status = status; r.attempts = status == .failed ? 5 : 0
                r.nextAttemptAt = 0; r.lastError = status == .failed ? "550 no such user" : nil
                try await r.create(on: app.db)
            }
            for n in 1...60 { try await message("vantar\(n)@example.org", .pending) }
            try await message("trasig@example.org", .failed)
            try await message("skickad@example.org", .sent)
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let page = try await coordinator.get("/admin/boras/utgaende-post")
            let failed = try #require(page.text.range(of: "trasig@example.org")), pending = try #require(page.text.range(of: "vantar"))
            #expect(failed.lowerBound < pending.lowerBound)
            #expect(!page.text.contains("skickad@example.org"))
            #expect(page.text.contains("/admin/boras/utgaende-post?sida=2"))
            let sent = try await coordinator.get("/admin/boras/utgaende-post?visa=skickade&q=SKICKAD")
            #expect(sent.text.contains("skickad@example.org"))
            #expect(sent.text.contains("1 meddelande matchar sökningen"))
            let bySubject = try await coordinator.get("/admin/boras/utgaende-post?visa=alla&q=%C3%A4mne%20till%20trasig")
            #expect(bySubject.text.contains("1 meddelande matchar sökningen"))
        }
    }
}
