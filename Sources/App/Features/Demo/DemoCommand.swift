import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `samverkan demo load` fills an empty database with the five demo municipalities;
/// `samverkan demo organisations --municipality SLUG --count N` adds N generated organisations
/// (for the catalogue benchmark: 10 000 in one municipality).
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "load | organisations | answers | national")
        var action: String
        @Option(name: "municipality", short: "m", help: "For organisations: the municipality's slug.")
        var municipality: String?
        @Option(name: "count", short: "n", help: "For organisations: how many to add (default 10000). For answers: how many respondents (default 3000).")
        var count: Int?
        @Option(name: "municipalities", help: "For national: how many municipalities in all (default 290).")
        var municipalities: Int?
        @Option(name: "organisations", help: "For national: how many organisations to add across them (default 250000).")
        var organisations: Int?
        @Option(name: "answers", help: "For national: about how many follow-up answers to add across them (default 1000000).")
        var answers: Int?
    }

    var help: String {
        "Demo data: 'load' the five demo municipalities into an empty database, or generate 'organisations' or follow-up 'answers'."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        switch signature.action {
        case "load":
            guard try await DemoData.isEmpty(app.db) else {
                context.console.warning(app.say("demo.command.notEmpty"))
                return
            }
            let logins = try await DemoData.load(on: app.db, directory: app.directory.resourcesDirectory,
                                                 hasher: app.passwordHasher, files: FileStore(app: app), now: app.clock.now)
            context.console.info(app.say("demo.command.loaded", DemoData.password, logins.map(\.email).joined(separator: ", ")))
        case "organisations":
            guard let slug = signature.municipality,
                  let m = try await Municipality.query(on: app.db).filter(\.$slug == slug).first() else {
                throw CommandFailure(app.say("demo.command.municipality"))
            }
            let count = max(1, min(signature.count ?? 10_000, 1_000_000))
            try await OrganisationGenerator.generate(count: count, in: m, on: app.db, now: app.clock.now)
            context.console.info(app.say("demo.command.organisations", String(count), m.name))
        case "answers":
            guard let slug = signature.municipality,
                  let m = try await Municipality.query(on: app.db).filter(\.$slug == slug).first() else {
                throw CommandFailure(app.say("demo.command.municipality"))
            }
            let count = max(1, min(signature.count ?? 3000, 100_000))
            let (year, answers) = try await AnswerGenerator.generate(respondents: count, in: m, on: app.db, now: app.clock.now)
            context.console.info(app.say("demo.command.answers", String(year), m.name, String(count), String(answers), SiteURL.followUpReport(m.slug, year)))
        case "national":
            if try await DemoData.isEmpty(app.db) {
                try await DemoData.load(on: app.db, directory: app.directory.resourcesDirectory,
                                        hasher: app.passwordHasher, files: FileStore(app: app), now: app.clock.now)
            }
            let target = max(1, min(signature.municipalities ?? 290, 1000))
            let totals = try await NationalGenerator.generate(
                municipalities: target, organisations: max(0, min(signature.organisations ?? 250_000, 5_000_000)),
                answers: max(0, min(signature.answers ?? 1_000_000, 20_000_000)), directory: app.directory.resourcesDirectory,
                on: app.db, now: app.clock.now
            ) { done in
                if done % 10 == 0 || done == target { context.console.info(app.say("demo.command.nationalProgress", String(done), String(target))) }
            }
            context.console.info(app.say("demo.command.national", String(totals.municipalities), String(totals.organisations), String(totals.answers)))
        default:
            throw CommandFailure(app.say("demo.command.unknown", signature.action))
        }
    }
}

/// A published follow-up round with many submitted responses (half from each side), for
/// measuring the report at scale: bulk inserts in batches, in one transaction.
enum AnswerGenerator {
    static func generate(respondents: Int, in m: Municipality, on db: any Database, now: Date) async throws -> (year: Int, answers: Int) {
        let mid = try m.requireID()
        let last = try await FollowUpRound.query(on: db).filter(\.$municipality.$id == mid).max(\.$year) ?? 2000
        let year = last + 1
        let round = try await FollowUpRounds.create(year: year, municipality: m, opensOn: CalendarDate.firstOfYear(year),
                                                    closesOn: CalendarDate.lastOfYear(year), minimum: FollowUpRounds.defaultMinimum, on: db)
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == round.requireID()).all()
        let rid = try round.requireID()
        let total = try await db.writeTransaction { tx -> Int in
            var total = 0
            for start in stride(from: 0, to: respondents, by: 200) {
                let responses: [FollowUpResponse] = (start..<min(start + 200, respondents)).map { i in
                    let r = FollowUpResponse()
                    r.id = UUID()
                    r.$round.id = rid
                    r.party = i % 2 == 0 ? .civilSociety : .municipality
                    r.status = .submitted
                    r.submittedAt = now
                    return r
                }
                try await responses.create(on: tx)
                var answers: [FollowUpAnswer] = []
                for (n, r) in responses.enumerated() {
                    for q in questions {
                        let a = FollowUpAnswer()
                        a.$response.id = r.id!
                        a.$question.id = q.id!
                        a.roundID = rid
                        a.party = r.party.rawValue
                        a.counted = true
                        let value = (start + n) * 31 + q.position * 17
                        a.dontKnow = value % 13 == 0
                        a.rating = a.dontKnow ? nil : 1 + value % 5
                        answers.append(a)
                    }
                }
                for chunk in stride(from: 0, to: answers.count, by: 1000) {
                    try await Array(answers[chunk..<min(chunk + 1000, answers.count)]).create(on: tx)
                }
                total += answers.count
            }
            return total
        }
        round.status = .published
        round.publishedAt = now
        try await round.save(on: db)
        return (year, total)
    }
}

/// Makes many plausible organisations quickly: bulk inserts in batches, one transaction.
enum OrganisationGenerator {
    static let words = ["Idrotts", "Kultur", "Musik", "Scout", "Schack", "Dans", "Teater", "Natur", "Fiske", "Ridsport",
                        "Pensionärs", "Ungdoms", "Kvinno", "Föräldra", "Hembygds", "Konst", "Läs", "Språk", "Väv", "Friluft"]
    static let kinds = ["föreningen", "klubben", "sällskapet", "gruppen", "nätverket", "rådet"]
    static let places = ["Norr", "Söder", "Öster", "Väster", "Centrum", "Sjöstaden", "Ängen", "Backen", "Åsen", "Dalen"]

    static func generate(count: Int, in m: Municipality, on db: any Database, now: Date) async throws {
        let mid = try m.requireID()
        let areas = try await ActivityArea.query(on: db).filter(\.$municipality.$id == mid).all()
        let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .inForce).first()
        let forms = Organisation.LegalForm.allCases
        try await db.writeTransaction { tx in
            var batch: [Organisation] = []
            var links: [OrganisationActivityArea] = []
            var accessions: [Accession] = []
            func flush() async throws {
                try await batch.create(on: tx)
                try await links.create(on: tx)
                try await accessions.create(on: tx)
                batch.removeAll(keepingCapacity: true)
                links.removeAll(keepingCapacity: true)
                accessions.removeAll(keepingCapacity: true)
            }
            for n in 0..<count {
                let o = Organisation()
                o.id = UUID()
                o.$municipality.id = mid
                o.name = "\(words[n % words.count])\(kinds[(n / words.count) % kinds.count]) \(places[(n / 7) % places.count]) \(n + 1)"
                o.legalForm = forms[n % forms.count]
                o.description = "\(words[(n * 7) % words.count])verksamhet för boende i \(places[n % places.count]). Träffar varje vecka."
                o.district = places[n % places.count]
                o.status = .approved
                o.searchText = SearchText.fold(o.name + " " + (o.description ?? ""))
                o.confirmedAt = now.addingTimeInterval(-Double(n % 500) * 86400)
                batch.append(o)
                if !areas.isEmpty {
                    links.append(OrganisationActivityArea(organisationID: o.id!, areaID: areas[n % areas.count].id!))
                }
                if let agreement, n % 5 == 0 {
                    let a = Accession()
                    a.$organisation.id = o.id!
                    a.$municipality.id = mid
                    a.$agreement.id = try agreement.requireID()
                    a.method = .written
                    a.status = .signed
                    a.signedOn = "2024-01-\(String(format: "%02d", n % 28 + 1))"
                    accessions.append(a)
                }
                if batch.count == 500 { try await flush() }
            }
            if !batch.isEmpty { try await flush() }
            try await SignatoryStatus.refresh(municipality: mid, on: tx)
        }
    }
}
