import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Counts from SQL: for each question, party and answer value, how many counted answers.
struct AnswerCounts: Sendable {
    struct Key: Hashable, Sendable { let question: UUID; let party: String }
    var ratings: [Key: [Int]] = [:]
    var dontKnow: [Key: Int] = [:]
    /// For choice questions: how many respondents picked each mask of options.
    var masks: [Key: [Int: Int]] = [:]
    /// For free-text questions: how many answered.
    var texts: [Key: Int] = [:]

    /// The tallies of the given rounds (kept by triggers as answers change, see
    /// `AddFollowUpTallies`); the rows are bounded by questions × parties × answer values, whatever
    /// the number of answers. A missing rating or choice is stored as -1.
    static func load(rounds: [UUID], on db: any Database) async throws -> [UUID: AnswerCounts] {
        guard !rounds.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select()
            .column("round_id").column("question_id").column("party").column("rating").column("dont_know").column("choice_mask")
            .column("n")
            .from("follow_up_tallies")
            .where("round_id", .in, rounds).where("n", .greaterThan, 0)
            .all()
        var result: [UUID: AnswerCounts] = [:]
        for row in rows {
            let round = try row.decode(column: "round_id", as: UUID.self)
            let key = Key(question: try row.decode(column: "question_id", as: UUID.self), party: try row.decode(column: "party", as: String.self))
            let n = try row.decode(column: "n", as: Int.self)
            var counts = result[round] ?? AnswerCounts()
            if let rating = try row.decode(column: "rating", as: Int?.self).flatMap({ $0 < 0 ? nil : $0 }), (1...5).contains(rating) {
                counts.ratings[key, default: [0, 0, 0, 0, 0]][rating - 1] += n
            } else if try row.decode(column: "dont_know", as: Bool.self) {
                counts.dontKnow[key, default: 0] += n
            } else if let mask = try row.decode(column: "choice_mask", as: Int?.self).flatMap({ $0 < 0 ? nil : $0 }) {
                counts.masks[key, default: [:]][mask, default: 0] += n
            } else {
                counts.texts[key, default: 0] += n
            }
            result[round] = counts
        }
        return result
    }

    func rating(_ question: UUID, _ party: Party, minimum: Int) -> RatingSummary {
        let key = Key(question: question, party: party.rawValue)
        return RatingSummary(counts: ratings[key] ?? [0, 0, 0, 0, 0], dontKnow: dontKnow[key] ?? 0, minimum: minimum)
    }

    func choice(_ question: UUID, _ party: Party, options: [String], minimum: Int) -> ChoiceSummary {
        let picked = masks[Key(question: question, party: party.rawValue)] ?? [:]
        let counts = options.indices.map { i in picked.filter { $0.key & (1 << i) != 0 }.values.reduce(0, +) }
        return ChoiceSummary(options: options, counts: counts, respondents: picked.values.reduce(0, +), minimum: minimum)
    }
}

/// `/{kommun}/uppfoljning/{år}`: every principle and commitment, as civil society rates it next
/// to how the municipality rates itself, compared with earlier years; charts with their tables.
struct FollowUpReport: Encodable {
    struct Step: Encodable { let label: String; let count: Int; let percent: Int }
    struct Cell: Encodable {
        let party: String
        let answered: Int
        let mean: String?
        let suppressed: Bool
        let steps: [Step]?
        let dontKnow: Int
    }
    struct History: Encodable { let year: Int; let civilSociety: String; let municipality: String }
    struct Comment: Encodable { let party: String; let text: String }
    struct Item: Encodable {
        let anchor: String
        let text: String
        /// Civil society's and the municipality's means, nil where hidden or unanswered (for the summary).
        let means: [Double?]
        let owner: String?
        let cells: [Cell]
        let gap: String?
        let chart: String
        let history: [History]?
        let comments: [Comment]?
    }
    struct Section: Encodable { let anchor: String; let name: String; let items: [Item] }
    /// A principle at a glance: the mean of its commitments' shown means, per side.
    struct SummaryRow: Encodable { let anchor: String; let name: String; let civilSociety: String; let municipality: String; let gap: String }
    /// A commitment where the two sides see it most differently.
    struct GapRow: Encodable { let anchor: String; let text: String; let civilSociety: String; let municipality: String; let gap: String }
    struct ChoiceRow: Encodable { let option: String; let civilSociety: String; let municipality: String }
    struct Extra: Encodable {
        let anchor: String
        let text: String
        let item: Item?
        let choices: [ChoiceRow]?
        let comments: [Comment]?
        let answeredText: String?
    }
    struct Rate: Encodable { let party: String; let submitted: Int; let total: Int; let percent: Int }

    let chrome: Chrome
    let year: Int
    let municipality: String
    let agreementTitle: String
    let published: Bool
    let minimum: Int
    let rates: [Rate]
    let sections: [Section]
    let summary: [SummaryRow]
    let largestGaps: [GapRow]
    let extras: [Extra]?
    let earlierYears: [Int]?
    let answersCSV: String
    let aggregatesCSV: String
    let annualReportURL: String

    /// Eleven statements, whatever the number of answers.
    static func query(db: any Database, municipality m: Municipality, round: FollowUpRound, t: Translator, chrome: Chrome) async throws -> FollowUpReport {
        let rid = try round.requireID()
        let questions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id == rid).sort(\.$position).all()
        let principles = try await Principle.query(on: db).filter(\.$agreement.$id == round.$agreement.id).sort(\.$position).all()
        let commitments = try await Commitment.query(on: db).filter(\.$id ~~ questions.compactMap { $0.$commitment.id }).all()
        let ownerOf = Dictionary(uniqueKeysWithValues: commitments.map { ($0.id!, $0.party) })
        let comments = try await FollowUpAnswer.query(on: db).filter(\.$roundID == rid).filter(\.$counted == true)
            .filter(\.$commentStatus == .approved).all()
        let rates = try await FollowUpRounds.responseRates(round, on: db)
        let earlier = try await FollowUpRound.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$year < round.year).filter(\.$status == .published).sort(\.$year, .descending).all()
        let earlierQuestions = try await FollowUpQuestion.query(on: db).filter(\.$round.$id ~~ earlier.compactMap(\.id))
            .filter(\.$kind == .commitment).all()
        let links = try await CommitmentLink.query(on: db).filter(\.$municipality.$id == m.requireID()).all()
        let counts = try await AnswerCounts.load(rounds: [rid] + earlier.compactMap(\.id), on: db)
        let current = counts[rid] ?? AnswerCounts()

        // Which earlier question each commitment continues, round by round.
        let linkPairs = links.map { (from: $0.$from.id.uuidString, to: $0.$to.id.uuidString) }
        let asked = questions.filter { $0.kind == .commitment }.compactMap { q in
            q.$commitment.id.map { CommitmentMatching.Item(id: $0.uuidString, text: q.text) }
        }
        var continues: [UUID: [(FollowUpRound, UUID)]] = [:]  // current commitment → (round, earlier question)
        for r in earlier {
            let inRound = earlierQuestions.filter { $0.$round.id == r.id }
            let items = inRound.compactMap { q in q.$commitment.id.map { CommitmentMatching.Item(id: $0.uuidString, text: q.text) } }
            let byCommitment = Dictionary(inRound.compactMap { q in q.$commitment.id.map { ($0.uuidString, q.id!) } }, uniquingKeysWith: { a, _ in a })
            for (now, before) in CommitmentMatching.match(current: asked, earlier: items, links: linkPairs) {
                if let question = byCommitment[before], let id = UUID(uuidString: now) { continues[id, default: []].append((r, question)) }
            }
        }

        let parties: [Party] = [.civilSociety, .municipality]
        func cell(_ s: RatingSummary, _ party: Party) -> Cell {
            Cell(party: t("followUp.party.\(party.rawValue)"), answered: s.answered, mean: s.mean.map { RatingSummary.format($0) },
                 suppressed: s.suppressed,
                 steps: s.distribution.map { shares in
                     shares.enumerated().map { Step(label: t("followUp.scale.\($0.offset + 1)"), count: s.counts[$0.offset],
                                                    percent: Int(($0.element * 100).rounded())) }
                 }, dontKnow: s.suppressed ? 0 : s.dontKnow)
        }
        func meanText(_ s: RatingSummary) -> String {
            s.suppressed ? t("followUp.tooFew") : s.mean.map { RatingSummary.format($0) } ?? "–"
        }
        func commentsFor(_ q: FollowUpQuestion) -> [Comment]? {
            let list = comments.filter { $0.$question.id == q.id }.compactMap { a in
                a.comment.map { Comment(party: t("followUp.party.\(a.party)"), text: $0) }
            }
            return list.isEmpty ? nil : list
        }
        func item(_ q: FollowUpQuestion, anchor: String) -> Item {
            let summaries = parties.map { current.rating(q.id!, $0, minimum: round.minimumAnswers) }
            var bars = zip(parties, summaries).enumerated().map { index, pair in
                SVGChart.Bar(label: "\(t("followUp.party.\(pair.0.rawValue)")) \(round.year)", value: pair.1.mean, shade: index)
            }
            var history: [History] = []
            if let commitment = q.$commitment.id {
                for (r, question) in continues[commitment] ?? [] {
                    let past = counts[r.id!] ?? AnswerCounts()
                    let cs = past.rating(question, .civilSociety, minimum: r.minimumAnswers)
                    let mu = past.rating(question, .municipality, minimum: r.minimumAnswers)
                    history.append(History(year: r.year, civilSociety: meanText(cs), municipality: meanText(mu)))
                    if history.count == 1 {
                        bars += [SVGChart.Bar(label: "\(t("followUp.party.civilSociety")) \(r.year)", value: cs.mean, shade: 0, earlier: true),
                                 SVGChart.Bar(label: "\(t("followUp.party.municipality")) \(r.year)", value: mu.mean, shade: 1, earlier: true)]
                    }
                }
            }
            var gap: String?
            if let cs = summaries[0].mean, let mu = summaries[1].mean {
                let direction = cs < mu ? "followUp.gap.civilLower" : cs > mu ? "followUp.gap.civilHigher" : "followUp.gap.same"
                gap = t("followUp.gap", RatingSummary.format(abs(cs - mu)), t(direction))
            }
            let chart = SVGChart.horizontalBars(id: anchor, title: q.text, description: t("followUp.chartDescription"), bars: bars,
                                                maximum: 5, valueText: { RatingSummary.format($0) }, missingText: t("followUp.tooFew"))
            return Item(anchor: anchor, text: q.text, means: summaries.map { $0.suppressed ? nil : $0.mean }, owner: q.$commitment.id.flatMap { ownerOf[$0] }.map { t("followUp.owner.\($0)") },
                        cells: zip(summaries, parties).map { cell($0, $1) }, gap: gap, chart: chart,
                        history: history.isEmpty ? nil : history.sorted { $0.year > $1.year }, comments: commentsFor(q))
        }

        let sections: [Section] = principles.enumerated().compactMap { index, p in
            let items = questions.filter { $0.kind == .commitment && $0.$principle.id == p.id }
                .map { item($0, anchor: "q\($0.position)") }
            return items.isEmpty ? nil : Section(anchor: "princip-\(index + 1)", name: p.name, items: items)
        }
        let summary = sections.map { section in
            let means = (0..<2).map { side -> Double? in
                let shown = section.items.compactMap { $0.means[side] }
                return shown.isEmpty ? nil : shown.reduce(0, +) / Double(shown.count)
            }
            return SummaryRow(anchor: section.anchor, name: section.name,
                              civilSociety: means[0].map { RatingSummary.format($0) } ?? "–",
                              municipality: means[1].map { RatingSummary.format($0) } ?? "–",
                              gap: means[0].flatMap { cs in means[1].map { RatingSummary.format(abs(cs - $0)) } } ?? "–")
        }
        let largestGaps = sections.flatMap(\.items).compactMap { item -> (Double, GapRow)? in
            guard let cs = item.means[0], let mu = item.means[1], abs(cs - mu) >= 0.05 else { return nil }
            return (abs(cs - mu), GapRow(anchor: item.anchor, text: item.text, civilSociety: RatingSummary.format(cs),
                                         municipality: RatingSummary.format(mu), gap: RatingSummary.format(abs(cs - mu))))
        }.sorted { $0.0 > $1.0 }.prefix(5).map(\.1)
        let extras: [Extra] = questions.filter { $0.kind != .commitment }.map { q in
            let anchor = "q\(q.position)"
            switch q.kind {
            case .rating, .commitment:
                return Extra(anchor: anchor, text: q.text, item: item(q, anchor: anchor), choices: nil, comments: nil, answeredText: nil)
            case .single, .multiple:
                let options = q.optionList
                let bySide = parties.map { current.choice(q.id!, $0, options: options, minimum: round.minimumAnswers) }
                let rows = options.indices.map { i in
                    ChoiceRow(option: options[i],
                              civilSociety: bySide[0].suppressed ? t("followUp.tooFew") : String(bySide[0].counts[i]),
                              municipality: bySide[1].suppressed ? t("followUp.tooFew") : String(bySide[1].counts[i]))
                }
                return Extra(anchor: anchor, text: q.text, item: nil, choices: rows, comments: nil,
                             answeredText: t("followUp.respondents", String(bySide[0].respondents), String(bySide[1].respondents)))
            case .text:
                let answered = parties.map { current.texts[.init(question: q.id!, party: $0.rawValue)] ?? 0 }
                return Extra(anchor: anchor, text: q.text, item: nil, choices: nil, comments: commentsFor(q),
                             answeredText: t("followUp.respondents", String(answered[0]), String(answered[1])))
            }
        }
        let agreement = try await round.$agreement.get(on: db)
        return FollowUpReport(
            chrome: chrome, year: round.year, municipality: m.name, agreementTitle: agreement.title,
            published: round.status == .published, minimum: round.minimumAnswers,
            rates: parties.map { p in
                let r = rates[p] ?? FollowUpRounds.Rate()
                return Rate(party: t("followUp.party.\(p.rawValue)"), submitted: r.submitted, total: r.total, percent: r.percent)
            },
            sections: sections, summary: summary, largestGaps: Array(largestGaps), extras: extras.isEmpty ? nil : extras,
            earlierYears: earlier.isEmpty ? nil : earlier.map(\.year),
            answersCSV: SiteURL.followUpAnswersCSV(m.slug, round.year),
            aggregatesCSV: SiteURL.followUpAggregatesCSV(m.slug, round.year),
            annualReportURL: SiteURL.annualReport(m.slug, round.year))
    }
}
