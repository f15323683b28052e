import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    /// Three residents who subscribe (one reads English) and one issue sent a month ago to the
    /// signatories, with an English text, in the public archive. No outbox copies: the demo's
    /// outbox stays as the other features leave it.
    static func loadNewsletters(municipality m: Municipality, on tx: any Database, now: Date) async throws {
        let mid = try m.requireID()
        let seconds = Int(now.timeIntervalSince1970)
        for (index, language) in ["sv", "sv", "en"].enumerated() {
            let s = NewsletterSubscriber()
            s.$municipality.id = mid
            s.email = "prenumerant\(index + 1).\(m.slug)@exempel.se"
            s.language = language
            s.status = .confirmed
            s.token = LinkToken.issue().hash
            s.confirmedAt = seconds - (90 - index * 10) * 86_400
            try await s.create(on: tx)
        }
        let sentAt = seconds - 30 * 86_400
        let issue = NewsletterIssue()
        issue.$municipality.id = mid
        issue.subject = "Nyhetsbrev från \(m.name): hösten i samverkan"
        issue.body = """
            ## Kommande möten

            - Dialogmötet om hur samverkan går hålls om några veckor. [Se alla möten](/\(m.slug)/moten)

            ## Stöd till föreningar

            Reglerna för föreningsbidragen finns samlade på ett ställe, med vad som ändrats och från när. [Läs om stödet](/\(m.slug)/stod)

            Har ni frågor om överenskommelsen? **Skriv till oss** via [kontaktsidan](/\(m.slug)/kontakt).
            """
        issue.segment = NewsletterSegment.signatories.rawValue
        issue.status = .sent
        issue.since = sentAt - 60 * 86_400
        issue.sentAt = sentAt
        issue.recipients = try await NewsletterSegments.recipients(.signatories, area: nil, in: m, on: tx,
                                                                   today: StockholmTime.local(fromUTC: sentAt).date.description).count
        try await issue.create(on: tx)
        let english = NewsletterTranslation()
        english.$issue.id = try issue.requireID()
        english.language = "en"
        english.subject = "Newsletter from \(m.name): cooperation this autumn"
        english.body = """
            ## Coming meetings

            - The dialogue meeting on how cooperation is going takes place in a few weeks. [See all meetings](/\(m.slug)/moten)

            ## Support for organisations

            The rules for grants are gathered in one place, with what changed and from when. [Read about support](/\(m.slug)/stod)
            """
        try await english.create(on: tx)
    }
}
