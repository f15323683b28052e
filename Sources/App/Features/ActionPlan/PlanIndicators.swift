import Fluent
import SamverkanCore
import Vapor

/// The current year's figure of each indicator the action plan's activities follow. The feature
/// that counts a figure computes it; the plan asks only for the features its activities name, so
/// a plan page runs the same number of queries however many activities follow a figure.
enum PlanIndicators {
    struct Value: Encodable, Sendable {
        let label: String
        let value: String
        let year: Int
    }

    static func values(for wanted: Set<PlanIndicator>, municipality m: Municipality, now: Int,
                       on db: any Database, t: Translator) async throws -> [PlanIndicator: Value] {
        guard !wanted.isEmpty else { return [:] }
        let year = StockholmTime.local(fromUTC: now).date.year
        // Every indicator so far is one of volunteering's figures: one load serves them all.
        let figures = try await VolunteerFigures.load(m, year: year, now: now, on: db, t: t)
        return Dictionary(uniqueKeysWithValues: wanted.map { indicator in
            (indicator, Value(label: t("indicator.\(indicator.rawValue)"), value: figures.value(of: indicator), year: year))
        })
    }
}
