@testable import App
import Foundation
import Testing
import Vapor

/// One value per address: the route's pattern and the link come from the same parts.
@Suite struct SiteURLTests {
    @Test func theSameValueGivesThePatternAndTheLink() {
        let id = UUID(uuidString: "5002F769-9230-44F8-84F2-CABC858543C1")!
        #expect(SiteURL.meetingRegister.pattern.map(\.description) == [":kommun", "moten", ":meeting", "anmalan"])
        #expect(SiteURL.meetingRegister("orebro", id) == "/orebro/moten/5002F769-9230-44F8-84F2-CABC858543C1/anmalan")
        #expect(SiteURL.meetingKindRemove.pattern.map(\.description) == ["admin", ":kommun", "moten", "typer", ":kind", "ta-bort"])
        #expect(SiteURL.meetingsFeed("eslov") == "/eslov/moten.ics")
        #expect(SiteURL.meetings.parameterCount == 1)
        #expect(SiteURL.unsubscribe.matches("/orebro/avregistrera/abc"))
        #expect(!SiteURL.unsubscribe.matches("/orebro/avregistrera/abc/igen"))
        #expect(!SiteURL.unsubscribe.matches("/orebro/moten/abc"))
    }
}
