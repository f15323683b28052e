import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Every e-mail goes through the outbox table: written in the same transaction as the change
/// it reports, delivered later by the worker or by `samverkan outbox send`, retried with backoff.
enum Outbox {
    static let maxAttempts = 8

    struct Draft: Sendable {
        var to: String
        var subject: String
        var text: String
        var kind: String
        var municipalityID: UUID?
        var unsubscribeURL: String? = nil
        var html: String? = nil
        var language: String? = nil
        var newsletterIssueID: UUID? = nil
        /// Not sent before this (a newsletter goes out at a set rate).
        var notBefore: Date? = nil
    }

    static func enqueue(_ draft: Draft, on db: any Database, now: Date) async throws {
        let message = OutboxMessage()
        message.toAddress = draft.to
        // A text that fell back to Swedish needs no mark in mail; a name in Arabic text is isolated.
        message.subject = TextMarks.plain(draft.subject)
        message.body = TextMarks.plain(draft.text)
        message.kind = draft.kind
        message.$municipality.id = draft.municipalityID
        message.unsubscribeURL = draft.unsubscribeURL
        message.htmlBody = draft.html.map { TextMarks.plain($0) }
        message.language = draft.language
        message.newsletterIssueID = draft.newsletterIssueID
        message.messageID = UUID().uuidString.lowercased()
        message.status = .pending
        message.attempts = 0
        message.nextAttemptAt = Int(max(draft.notBefore ?? now, now).timeIntervalSince1970)
        try await message.create(on: db)
    }

    /// Minutes to wait after the n-th failure: 1, 2, 4, … up to six hours.
    static func backoffSeconds(afterAttempt attempts: Int) -> Int {
        min(60 * (1 << min(attempts - 1, 12)), 6 * 3600)
    }

    /// How long a claim holds. A worker renews it before each message it sends, so only a worker
    /// that died leaves a claim to lapse, and its mail goes out about a minute later. Delivery is
    /// at least once: a message sent just before a crash is sent again with the same Message-ID.
    static let leaseSeconds = 60

    /// Claims due messages for this caller only. The outer `status` conditions are re-checked by
    /// PostgreSQL after a concurrent update, so two workers never claim the same row, and
    /// `SKIP LOCKED` lets the second take the next rows instead of waiting; SQLite serialises
    /// writers and has no row locks. A claim older than the lease is from a worker that died.
    static func claim(on db: any Database, limit: Int, now: Int) async throws -> [OutboxMessage] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let token = UUID().uuidString
        let stale = now - leaseSeconds
        let skipLocked: SQLQueryString = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        try await sql.raw("""
            UPDATE outbox_messages SET status = 'sending', claim_token = \(bind: token), claimed_at = \(bind: now)
            WHERE ((status = 'pending' AND next_attempt_at <= \(bind: now)) OR (status = 'sending' AND claimed_at < \(bind: stale)))
            AND id IN (SELECT id FROM outbox_messages
                       WHERE (status = 'pending' AND next_attempt_at <= \(bind: now)) OR (status = 'sending' AND claimed_at < \(bind: stale))
                       ORDER BY next_attempt_at LIMIT \(bind: limit)\(skipLocked))
            """).run()
        return try await OutboxMessage.query(on: db).filter(\.$claimToken == token).all()
    }

    /// Renews this worker's claim on one message just before sending it; false when the claim
    /// lapsed and another worker took the message over (then this one leaves it alone).
    static func renew(_ row: OutboxMessage, on db: any Database, now: Int) async throws -> Bool {
        guard let sql = db as? any SQLDatabase, let token = row.claimToken else { return false }
        let renewed = try await sql.raw("""
            UPDATE outbox_messages SET claimed_at = \(bind: now)
            WHERE id = \(bind: row.requireID()) AND claim_token = \(bind: token) AND status = 'sending' RETURNING id
            """).all()
        return !renewed.isEmpty
    }

    /// Gives claimed messages back unsent, for the next worker to take at once.
    static func release(_ rows: [OutboxMessage], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for row in rows {
            guard let token = row.claimToken else { continue }
            try await sql.raw("""
                UPDATE outbox_messages SET status = 'pending', claim_token = NULL, claimed_at = NULL
                WHERE id = \(bind: row.requireID()) AND claim_token = \(bind: token) AND status = 'sending'
                """).run()
        }
    }

    /// A delivered message keeps no working link: the links in its body (verification, cancellation,
    /// unsubscribe and questionnaire tokens) are replaced, so the table holds no usable token.
    static func redactLinks(_ body: String) -> String {
        body.replacingOccurrences(of: #"https?://[^\s<>"]+"#, with: "[länk borttagen efter leverans]", options: .regularExpression)
    }

    struct Report: Sendable, Equatable {
        var sent = 0
        var failed = 0
        var retrying = 0
    }

    /// Delivers everything due, in batches, until nothing is left.
    static func deliverDue(app: Application, now: @Sendable () -> Date) async throws -> Report {
        var report = Report()
        let transport = app.mailTransport
        let config = app.config
        while true {
            if Task.isCancelled { return report }
            let batch = try await claim(on: app.db, limit: 20, now: Int(now().timeIntervalSince1970))
            if batch.isEmpty { return report }
            for (index, row) in batch.enumerated() {
                // Asked to stop: the message in hand has gone; the rest of the claim is given back.
                if Task.isCancelled {
                    try await release(Array(batch[index...]), on: app.db)
                    return report
                }
                guard try await renew(row, on: app.db, now: Int(now().timeIntervalSince1970)) else { continue }
                let message = MailMessage(
                    from: config.mailFrom, fromName: config.mailFromName, to: row.toAddress, subject: row.subject,
                    text: row.body, messageID: "\(row.messageID)@\(URL(string: config.publicBaseURL)?.host ?? "samverkan")",
                    date: now(), listUnsubscribe: row.unsubscribeURL, html: row.htmlBody, language: row.language)
                do {
                    // Checked here too, whichever transport renders it.
                    try message.validate()
                    try await transport.send(message)
                    row.status = .sent
                    row.sentAt = Int(now().timeIntervalSince1970)
                    row.lastError = nil
                    row.body = redactLinks(row.body)
                    row.htmlBody = nil
                    row.unsubscribeURL = nil
                    report.sent += 1
                } catch {
                    row.attempts += 1
                    row.lastError = String(String(describing: error).prefix(500))
                    // A header that fails the check will fail every time, and so will an address
                    // the receiving server refused: no point in retrying.
                    let permanent = error is MailMessage.HeaderError || (error as? MailTransportError)?.isPermanent == true
                    if row.attempts >= maxAttempts || permanent {
                        row.status = .failed
                        row.htmlBody = nil
                        report.failed += 1
                        // A newsletter address refused for good is skipped by the next issue.
                        if permanent, row.newsletterIssueID != nil {
                            try await UndeliverableAddress.mark(row.toAddress, reason: row.lastError ?? "", on: app.db, now: now())
                        }
                    } else {
                        row.status = .pending
                        row.nextAttemptAt = Int(now().timeIntervalSince1970) + backoffSeconds(afterAttempt: row.attempts)
                        report.retrying += 1
                    }
                    app.logger.warning("Outbox: could not send \(row.kind) mail (attempt \(row.attempts)): \(error)")
                }
                row.claimToken = nil
                try await row.save(on: app.db)
            }
        }
    }
}

extension Application {
    private struct TransportKey: StorageKey { typealias Value = any MailTransport }
    var mailTransport: any MailTransport {
        get {
            if let transport = storage[TransportKey.self] { return transport }
            switch config.mailTransport {
            case "sendmail": return SendmailTransport(commandLine: config.sendmailCommand, pool: threadPool)
            default: return FileTransport(directory: config.mailDirectory)
            }
        }
        set { storage[TransportKey.self] = newValue }
    }
}
