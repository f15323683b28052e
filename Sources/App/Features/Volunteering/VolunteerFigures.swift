import Fluent
import SamverkanCore
import Vapor

/// Volunteering's figures for a year, per activity area and in all: assignments posted (sent for
/// review that year), filled, offers that reached an organisation, and the share of those
/// answered within seven days. An offer still waiting less than seven days, or withdrawn before
/// seven days without an answer, is not yet judged. Shown to the coordinator, in the annual
/// report, and as an indicator on the action plan.
struct VolunteerFigures: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let name: String
        let posted: Int
        let filled: Int
        let offers: Int
        let judged: Int
        let inAWeek: Int
        let share: String
    }

    let year: Int
    let rows: [Row]
    let total: Row

    var isEmpty: Bool { total.posted == 0 && total.filled == 0 && total.offers == 0 }

    /// The year's figure an action-plan activity follows, as the plan shows it.
    func value(of indicator: PlanIndicator) -> String {
        switch indicator {
        case .volunteerAssignmentsPosted: String(total.posted)
        case .volunteerAssignmentsFilled: String(total.filled)
        case .volunteerOffers: String(total.offers)
        case .volunteerAnsweredInAWeek: total.share
        }
    }

    /// Three queries: the areas, the assignments, the offers.
    static func load(_ m: Municipality, year: Int, now: Int, on db: any Database, t: Translator) async throws -> VolunteerFigures {
        let mid = try m.requireID()
        let from = StockholmTime.startOfDay(.firstOfYear(year)), to = StockholmTime.startOfDay(.firstOfYear(year + 1))
        let areas = try await ActivityArea.query(on: db).filter(\.$municipality.$id == mid).sort(\.$position).all()
        let assignments = try await VolunteerAssignment.query(on: db).filter(\.$municipality.$id == mid).group(.or) { g in
            g.group(.and) { $0.filter(\.$postedAt >= from).filter(\.$postedAt < to) }
            g.group(.and) { $0.filter(\.$filledAt >= from).filter(\.$filledAt < to) }
        }.all()
        let offers = try await VolunteerInterest.query(on: db)
            .join(VolunteerAssignment.self, on: \VolunteerInterest.$assignment.$id == \VolunteerAssignment.$id)
            .filter(VolunteerAssignment.self, \.$municipality.$id == mid)
            .filter(\.$confirmedAt >= from).filter(\.$confirmedAt < to).all()
        let offerAreas = try offers.map { try $0.joined(VolunteerAssignment.self).$area.id }
        func row(_ name: String, _ area: UUID??) -> Row {
            let mineA = assignments.filter { area == nil || $0.$area.id == area! }
            let mineO = zip(offers, offerAreas).filter { area == nil || $0.1 == area! }.map(\.0)
            let week = VolunteerPolicy.answerDays * 86_400
            let judged = mineO.filter { i in
                if i.answeredAt != nil { return true }
                let since = i.confirmedAt ?? now
                if i.status == .withdrawn { return (i.withdrawnAt ?? now) - since > week }
                return now - since > week
            }
            let inAWeek = judged.filter(\.answeredInAWeek).count
            return Row(name: name, posted: mineA.filter { $0.postedAt >= from && $0.postedAt < to }.count,
                       filled: mineA.filter { ($0.filledAt ?? 0) >= from && ($0.filledAt ?? 0) < to }.count,
                       offers: mineO.count, judged: judged.count, inAWeek: inAWeek,
                       share: judged.isEmpty ? "–" : "\(Int((Double(inAWeek) * 100 / Double(judged.count)).rounded())) %")
        }
        var rows = areas.map { row($0.name, .some($0.id)) }
        let none = row(t("volunteer.figures.noArea"), .some(nil))
        if none.posted + none.filled + none.offers > 0 { rows.append(none) }
        return VolunteerFigures(year: year, rows: rows.filter { $0.posted + $0.filled + $0.offers > 0 }, total: row(t("stats.all"), nil))
    }
}
