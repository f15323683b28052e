import Fluent
import SamverkanCore
import Vapor

/// Puts one copy of an issue per recipient into the outbox, in the recipient's language
/// (Swedish when the issue has no text in it), each with a text and an HTML part and a one-click
/// unsubscribe link of its own. Copies are spread out at `NEWSLETTER_PER_MINUTE`: the outbox
/// delivers each when it is due. Nothing tracks opening or clicking.
enum NewsletterSending {
    static func send(_ issue: NewsletterIssue, municipality m: Municipality, app: Application, on db: any Database,
                     now: Date) async throws -> Int {
        let today = StockholmTime.local(fromUTC: Int(now.timeIntervalSince1970)).date.description
        let segment = NewsletterSegment(rawValue: issue.segment) ?? .organisations
        let recipients = try await NewsletterSegments.recipients(segment, area: issue.$area.id, in: m, on: db, today: today)
        let translations = try await issue.$translations.query(on: db).all()
        let choices = try await MailOptOut.query(on: db).filter(\.$municipality.$id == m.requireID()).all()
        var byEmail = Dictionary(choices.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
        let mailer = Mailer(db: db, app: app)
        let archive = mailer.link(SiteURL.newsletterIssue(m.slug, try issue.requireID()))
        let perMinute = max(1, app.config.newsletterPerMinute)
        var signatures: [Language: String] = [:]
        for (index, recipient) in recipients.enumerated() {
            let choice = byEmail[recipient.email] ?? {
                let fresh = MailOptOut()
                fresh.$municipality.id = m.id!
                fresh.email = recipient.email
                return fresh
            }()
            byEmail[recipient.email] = choice
            let (token, hash) = LinkToken.issue()
            choice.token = hash
            try await choice.save(on: db)
            let translation = translations.first { $0.language == recipient.language }
            let language = translation.flatMap { Language(rawValue: $0.language) } ?? .default
            let subject = translation?.subject ?? issue.subject
            let body = translation?.body ?? issue.body
            let unsubscribe = mailer.link(SiteURL.unsubscribe(m.slug, token))
            let t = Translator(catalogue: app.catalogue, locale: language)
            if signatures[language] == nil { signatures[language] = try await signature(m, t) }
            let text = "\(subject)\n\n\(body)\n\n\(t("newsletter.mail.archive", archive))\n\n\(signatures[language]!)\n\n"
                + t("newsletter.mail.unsubscribe", unsubscribe)
            let html = """
                <!DOCTYPE html><html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(SafeMarkdown.escape(subject))</title></head>\
                <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em;"><h1>\(SafeMarkdown.escape(subject))</h1>\
                \(SafeMarkdown.html(body))<hr><p><a href="\(SafeMarkdown.escape(archive))">\(SafeMarkdown.escape(t("newsletter.mail.archiveLink")))</a></p>\
                <p>\(SafeMarkdown.escape(signatures[language]!).replacingOccurrences(of: "\n", with: "<br>"))</p>\
                <p><a href="\(SafeMarkdown.escape(unsubscribe))">\(SafeMarkdown.escape(t("newsletter.mail.unsubscribeLink")))</a></p></body></html>
                """
            let due = now.addingTimeInterval(Double(index / perMinute) * 60)
            try await Outbox.enqueue(.init(to: recipient.email, subject: subject, text: text, kind: "newsletter", municipalityID: m.id,
                                           unsubscribeURL: unsubscribe, html: html, language: language.rawValue,
                                           newsletterIssueID: issue.id, notBefore: due), on: db, now: now)
        }
        issue.status = .sent
        issue.sentAt = Int(now.timeIntervalSince1970)
        issue.recipients = recipients.count
        try await issue.save(on: db)
        return recipients.count
    }

    private static func signature(_ m: Municipality, _ t: Translator) async throws -> String {
        let contact = [m.contactName, m.contactEmail, m.contactPhone].compactMap { $0 }
        return contact.isEmpty ? t("mail.signatureOf", m.name) : t("mail.signatureWithContact", m.name, contact.joined(separator: ", "))
    }

    /// Copies of an issue by how far they have come: in the outbox, delivered, failed.
    struct Delivery: Sendable { var waiting = 0, sent = 0, failed = 0 }

    static func delivery(of ids: [UUID], on db: any Database) async throws -> [UUID: Delivery] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await OutboxMessage.query(on: db).filter(\.$newsletterIssueID ~~ ids).field(\.$newsletterIssueID).field(\.$status).all()
        var result: [UUID: Delivery] = [:]
        for row in rows {
            guard let id = row.newsletterIssueID else { continue }
            switch row.status {
            case .sent: result[id, default: Delivery()].sent += 1
            case .failed: result[id, default: Delivery()].failed += 1
            case .pending, .sending: result[id, default: Delivery()].waiting += 1
            }
        }
        return result
    }
}
