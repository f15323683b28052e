import Fluent
import Foundation
import SamverkanCore

/// `samverkan demo national`: the platform at the scale of the whole country, for measuring it
/// (`scripts/bench-national.sh`). On top of the five demo municipalities it adds generated ones
/// (`kommun-6` …) up to `municipalities`, each with one of the five demo agreements in force, the
/// demo activity areas, an even share of `organisations` and a published follow-up round with an
/// even share of `answers`.
enum NationalGenerator {
    struct Totals: Sendable {
        var municipalities = 0
        var organisations = 0
        var answers = 0
    }

    static func generate(municipalities: Int, organisations: Int, answers: Int, directory: String,
                         on db: any Database, now: Date, progress: (Int) -> Void) async throws -> Totals {
        var templates: [AgreementDocument] = []
        for entry in DemoData.municipalities {
            let text = try String(contentsOfFile: directory + "Agreements/\(entry.slug).yaml", encoding: .utf8)
            templates.append(try AgreementFile.parse(text))
        }
        var all = try await Municipality.query(on: db).sort(\.$slug).all()
        var n = all.count
        while all.count < municipalities {
            n += 1
            let number = n
            let slug = "kommun-\(number)"
            guard try await Municipality.query(on: db).filter(\.$slug == slug).count() == 0 else { continue }
            let template = templates[n % templates.count]
            let m = try await db.writeTransaction { tx in
                let m = Municipality(slug: slug, name: "Kommun \(number)")
                try await m.create(on: tx)
                _ = try await AgreementStore.importDocument(template, into: m, status: .inForce, on: tx, now: now)
                let areas = DemoData.activityAreas.enumerated().map { ActivityArea(municipalityID: m.id!, name: $1, position: $0 + 1) }
                try await areas.create(on: tx)
                return m
            }
            all.append(m)
        }
        var totals = Totals(municipalities: all.count)
        let perMunicipality = max(0, organisations / max(1, all.count))
        for (index, m) in all.enumerated() {
            let count = perMunicipality + (index < organisations % all.count ? 1 : 0)
            if count > 0 { try await OrganisationGenerator.generate(count: count, in: m, on: db, now: now) }
            totals.organisations += count
            let questions = try await questionsPerRound(m, on: db)
            let share = answers / all.count + (index < answers % all.count ? 1 : 0)
            if share > 0, questions > 0 {
                let (_, made) = try await AnswerGenerator.generate(respondents: max(1, share / questions), in: m, on: db, now: now)
                totals.answers += made
            }
            progress(index + 1)
        }
        return totals
    }

    /// As many as a round asks: one per commitment of the agreement in force.
    private static func questionsPerRound(_ m: Municipality, on db: any Database) async throws -> Int {
        guard let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first() else { return 0 }
        return try await Commitment.query(on: db).filter(\.$agreement.$id == agreement.requireID()).count()
    }
}
