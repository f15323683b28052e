import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The second step of an action that mails people or deletes: the form posts once and gets a page
/// that says what will happen (for mail: how many get it, who, and the message itself); only the
/// same form posted again with `confirmed=1` acts.
struct ConfirmationPage: Encodable, Sendable {
    struct Hidden: Encodable, Sendable { let name: String; let value: String }
    struct Preview: Encodable, Sendable { let to: String; let subject: String; let body: String; let language: String? }
    let chrome: Chrome
    let heading: String
    let message: String
    /// For mail: "12 mottagare", the first addresses, and how many more there are.
    let recipientCount: String?
    let recipients: [String]?
    let moreRecipients: String?
    /// One message per language the mail goes out in (most actions mail in one).
    let previews: [Preview]?
    let action: String
    let hidden: [Hidden]
    let csrf: String
    let button: String
    let cancelURL: String
}

extension FormInput {
    /// Whether the person has seen the confirmation page and pressed its button.
    var isConfirmed: Bool { values["confirmed"] == "1" }

    /// The fields to post again from the confirmation page (all but the token and the confirmation).
    var carried: [ConfirmationPage.Hidden] {
        lists.sorted { $0.key < $1.key }.flatMap { key, values in
            ["_csrf", "confirmed"].contains(key) ? [] : values.map { ConfirmationPage.Hidden(name: key, value: $0) }
        }
    }
}

/// Runs an action in a transaction that is rolled back and returns the mail it would have queued:
/// the preview is what the action really writes, with nothing sent and nothing kept. (The queued
/// rows are told apart as the pending ones that were not there before; the outbox keeps few pending.)
enum MailPreview {
    private struct RolledBack: Error {}

    static func dryRun(_ db: any Database, _ action: @escaping @Sendable (any Database) async throws -> Void) async throws -> [Outbox.Draft] {
        let found = NIOLockedValueBox<[Outbox.Draft]>([])
        do {
            try await db.writeTransaction { tx in
                let before = Set(try await OutboxMessage.query(on: tx).filter(\.$status == .pending).all(\.$id))
                try await action(tx)
                let queued = try await OutboxMessage.query(on: tx).filter(\.$status == .pending).sort(\.$createdAt).all()
                    .filter { $0.id.map { !before.contains($0) } ?? false }
                found.withLockedValue { drafts in
                    drafts = queued.map { .init(to: $0.toAddress, subject: $0.subject, text: $0.body, kind: $0.kind,
                                                municipalityID: $0.$municipality.id, unsubscribeURL: $0.unsubscribeURL, html: $0.htmlBody,
                                                language: $0.language) }
                }
                throw RolledBack()
            }
        } catch is RolledBack {}
        return found.withLockedValue { $0 }
    }
}

extension Request {
    /// Nil once the person has confirmed; before that, the page that asks whether to delete `what`
    /// (`detail` says what goes with it). Nothing is deleted on the first post.
    func unconfirmedDeletion(of what: String, detail: String? = nil, back: String, municipality: Municipality?) async throws -> Response? {
        guard !FormInput(self).isConfirmed else { return nil }
        return try await confirmation(heading: t("confirm.delete.heading", what),
                                      message: [detail, t("confirm.delete.message")].compactMap { $0 }.joined(separator: " "),
                                      button: t("confirm.delete.button"), cancelURL: back, municipality: municipality)
    }

    /// The confirmation page for an action that deletes or changes something for good.
    func confirmation(heading: String, message: String, button: String, cancelURL: String,
                      municipality: Municipality? = nil) async throws -> Response {
        try await confirmationPage(heading: heading, message: message, mail: nil, button: button, cancelURL: cancelURL,
                                   municipality: municipality)
    }

    /// The confirmation page for an action that mails people: `mail` is what a dry run queued.
    func confirmation(heading: String, message: String, mail: [Outbox.Draft], button: String, cancelURL: String,
                      municipality: Municipality? = nil) async throws -> Response {
        try await confirmationPage(heading: heading, message: message, mail: mail, button: button, cancelURL: cancelURL,
                                   municipality: municipality)
    }

    private func confirmationPage(heading: String, message: String, mail: [Outbox.Draft]?, button: String,
                                  cancelURL: String, municipality: Municipality?) async throws -> Response {
        let shown = 100
        let addresses = mail.map { Array(Set($0.map(\.to))).sorted() }
        let page = ConfirmationPage(
            chrome: chrome(title: heading, municipality: municipality), heading: heading, message: message,
            recipientCount: addresses.map { t("confirm.recipients", String($0.count)) },
            recipients: addresses.map { Array($0.prefix(shown)) },
            moreRecipients: addresses.flatMap { $0.count > shown ? t("confirm.moreRecipients", String($0.count - shown)) : nil },
            previews: mail.map(previews)?.nilIfEmpty,
            action: url.path, hidden: FormInput(self).carried, csrf: csrfToken, button: button, cancelURL: cancelURL)
        return try await view.render("partials/confirm", page).encodeResponse(for: self)
    }

    /// The first message in each language, named by its language when there is more than one.
    private func previews(_ mail: [Outbox.Draft]) -> [ConfirmationPage.Preview] {
        var seen = Set<String?>()
        let firsts = mail.filter { seen.insert($0.language).inserted }
        return firsts.map {
            .init(to: $0.to, subject: $0.subject, body: $0.text,
                  language: firsts.count > 1 ? $0.language.map { t("language.\($0)") } : nil)
        }
    }
}
