import Fluent
import SamverkanCore
import Vapor

/// The year's trainings held, and the participants marked present, for each side of the
/// agreement: those the municipality arranged and those the sector's organisations did.
struct TrainingFigures: Encodable, Sendable {
    struct Side: Encodable, Sendable {
        let label: String
        let trainings: Int
        let participants: Int
    }

    let sides: [Side]

    /// From the meetings held in the year: one query, for the participants.
    static func load(held meetings: [Meeting], on db: any Database, t: Translator) async throws -> TrainingFigures? {
        let trainings = meetings.filter { $0.builtInKind == .training && $0.status == .scheduled }
        guard !trainings.isEmpty else { return nil }
        let present = try await MeetingQueries.seated(trainings.compactMap(\.id), present: true, on: db)
        func side(_ label: String, _ chosen: [Meeting]) -> Side {
            Side(label: label, trainings: chosen.count, participants: chosen.reduce(0) { $0 + (present[$1.id!] ?? 0) })
        }
        return TrainingFigures(sides: [
            side(t("training.side.municipality"), trainings.filter { $0.$arranger.id == nil }),
            side(t("training.side.sector"), trainings.filter { $0.$arranger.id != nil }),
        ])
    }
}
