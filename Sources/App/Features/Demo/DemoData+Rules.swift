import Fluent
import Vapor

extension DemoData {
    /// Each demo coordinator has said the rules are judged from the day of the first meeting
    /// recorded here (or today, before any): the years of the agreement before it show on the
    /// rules page as not judged, with that reason, and the date stands in the coordinator's form.
    static func loadRules(municipality m: Municipality, on db: any Database, now: Date) async throws {
        let first = try await Meeting.query(on: db).filter(\.$municipality.$id == m.requireID()).sort(\.$startsAt).first()
        let today = ObligationCheck.localDate(now)
        m.rulesJudgedFrom = min(first?.localStart.date ?? today, today).description
        try await m.save(on: db)
    }
}
