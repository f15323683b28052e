import Fluent
import SamverkanCore
import Vapor

/// Demo departments, action-plan progress, and follow-up rounds: Örebro and Södertälje have two
/// published years (so the report compares them), and Södertälje has this year's round open.
/// Demo rounds show figures from 2 answers, as the demo has few signatories; the default is 5.
extension DemoData {
    static let departments = ["Kommunledningsförvaltningen", "Kultur- och fritidsförvaltningen", "Socialförvaltningen",
                              "Utbildningsförvaltningen", "Samhällsbyggnadsförvaltningen", "Arbetsmarknadsförvaltningen"]

    static func loadFollowUp(slug: String, municipality m: Municipality, agreement: Agreement, on tx: any Database,
                             now: Date) async throws {
        let mid = try m.requireID()
        let today = ObligationCheck.localDate(now)
        for (index, name) in departments.enumerated() {
            let d = Department()
            d.$municipality.id = mid
            d.name = name
            d.email = "forvaltning\(index + 1).\(slug)@samverkan.example"
            try await d.create(on: tx)
        }
        agreement.planPeriodStart = CalendarDate.firstOfYear(today.year - 1).description
        agreement.planPeriodEnd = CalendarDate.lastOfYear(today.year).description
        agreement.planNextReview = today.adding(days: 200).description
        try await agreement.save(on: tx)
        let areaIDs = try await DevelopmentArea.query(on: tx).filter(\.$agreement.$id == agreement.requireID()).all(\.$id)
        let activities = try await PlanActivity.query(on: tx).filter(\.$area.$id ~~ areaIDs).sort(\.$position).limit(3).all()
        for (index, activity) in activities.enumerated() {
            let note = ActivityNote()
            note.$activity.id = try activity.requireID()
            note.date = today.adding(days: -40 - 60 * index).description
            note.text = ["Arbetsgruppen har träffats två gånger och tagit fram ett förslag.",
                         "Förslaget är skickat på remiss till föreningarna.",
                         "Arbetet har startat med en inventering av vad som redan görs."][index % 3]
            note.authorName = "Tjänsteperson, \(m.name)"
            try await note.create(on: tx)
        }
        guard slug == "orebro" || slug == "sodertalje" else { return }

        // The latest published round closed 340 days ago, so the yearly follow-up is due soon.
        let lastClose = today.adding(days: -340)
        // `offset` 1 is the year before last: its answers are a little lower.
        for offset in [1, 0] {
            let closes = lastClose.adding(days: -365 * offset)
            let round = try await FollowUpRounds.create(year: closes.year, municipality: m, opensOn: closes.adding(days: -45),
                                                        closesOn: closes, minimum: 2, on: tx)
            if slug == "sodertalje" { try await addDiscriminationQuestion(round, on: tx) }
            try await answerDemoRound(round, municipality: m, seed: offset, on: tx, now: now)
            round.status = .published
            round.publishedAt = now
            try await round.save(on: tx)
        }
        if slug == "sodertalje" {
            let round = try await FollowUpRounds.create(year: lastClose.year + 1, municipality: m, opensOn: today.adding(days: -10),
                                                        closesOn: today.adding(days: 20), minimum: 2, on: tx)
            try await addDiscriminationQuestion(round, on: tx)
            _ = try await FollowUpRounds.openWithoutMail(round, municipality: m, on: tx, now: now)
        }
    }

    static func addDiscriminationQuestion(_ round: FollowUpRound, on tx: any Database) async throws {
        let last = try await FollowUpQuestion.query(on: tx).filter(\.$round.$id == round.requireID()).max(\.$position) ?? 0
        let q = FollowUpQuestion()
        q.$round.id = try round.requireID()
        q.position = last + 1
        q.kind = .multiple
        q.text = "Vilka diskrimineringsgrunder har ni arbetat aktivt med under året?"
        q.options = ["Kön", "Könsöverskridande identitet eller uttryck", "Etnisk tillhörighet", "Religion eller annan trosuppfattning",
                     "Funktionsnedsättning", "Sexuell läggning", "Ålder"].joined(separator: "\n")
        try await q.create(on: tx)
    }

    /// Submitted answers from every respondent: civil society a little more critical than the
    /// municipality, and both a little better in the later year.
    static func answerDemoRound(_ round: FollowUpRound, municipality m: Municipality, seed: Int, on tx: any Database, now: Date) async throws {
        _ = try await FollowUpRounds.openWithoutMail(round, municipality: m, on: tx, now: now)
        let questions = try await FollowUpQuestion.query(on: tx).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let responses = try await FollowUpResponse.query(on: tx).filter(\.$round.$id == round.requireID()).all()
        var answers: [FollowUpAnswer] = []
        try await FollowUpResponse.query(on: tx).filter(\.$round.$id == round.requireID())
            .set(\.$status, to: .submitted).set(\.$submittedAt, to: now).update()
        for (ri, response) in responses.enumerated() {
            for q in questions {
                let a = FollowUpAnswer()
                a.$response.id = try response.requireID()
                a.$question.id = try q.requireID()
                a.roundID = try round.requireID()
                a.party = response.party.rawValue
                a.counted = true
                a.dontKnow = false
                let base = response.party == .municipality ? 4 : 3
                let wobble = (ri * 7 + q.position * 3 + seed) % 3 - 1
                switch q.kind {
                case .commitment, .rating:
                    if (ri + q.position) % 11 == 0 { a.dontKnow = true } else { a.rating = min(5, max(1, base + wobble - seed)) }
                    if q.position == 1 && ri < 2 {
                        a.comment = response.party == .municipality
                            ? ["Uppföljningen gjordes i samrådet och redovisades för kommunstyrelsen.",
                               "Förvaltningen behöver tydligare rutiner för att ta emot synpunkter."][ri % 2]
                            : ["Vi vill gärna vara med tidigare när uppföljningen planeras.",
                               "Bra att frågan lyfts i samrådet, men besked dröjer ofta."][ri % 2]
                        a.commentStatus = .approved
                    }
                case .single, .multiple:
                    a.choiceMask = [0b0000101, 0b0010100, 0b1000001, 0b0011000][(ri + seed) % 4]
                case .text:
                    a.comment = nil
                }
                answers.append(a)
            }
        }
        for chunk in stride(from: 0, to: answers.count, by: 500) {
            try await Array(answers[chunk..<min(chunk + 500, answers.count)]).create(on: tx)
        }
    }
}
