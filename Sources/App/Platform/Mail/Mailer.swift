import Fluent
import Vapor

/// Every message to a person, each through the outbox, written in the person's language (the
/// catalogue falls back to Swedish where a text is missing). Links are absolute, from PUBLIC_BASE_URL.
struct Mailer {
    let db: any Database
    let app: Application
    var t: Translator { Translator(catalogue: app.catalogue, locale: .sv) }

    func link(_ path: String) -> String { app.config.publicBaseURL + path }

    /// `unsubscribeURL` is for mail that is not essential: it goes in the text and in List-Unsubscribe.
    func send(to: String, in language: Language, subjectKey: String, bodyKey: String, _ arguments: [String],
              municipalityID: UUID?, kind: String, unsubscribeURL: String? = nil) async throws {
        // A message the catalogue has no text for in the person's language goes out whole in
        // Swedish (and says so in Content-Language), rather than half in one language.
        let language = app.catalogue.has(bodyKey, in: language) ? language : .default
        let subject = app.catalogue.text(subjectKey, language, arguments)
        var body = app.catalogue.text(bodyKey, language, arguments) + "\n\n" + (try await signature(municipalityID, in: language))
        if let unsubscribeURL { body += "\n\n" + app.catalogue.text("mail.unsubscribe", language, [unsubscribeURL]) }
        try await Outbox.enqueue(.init(to: to, subject: subject, text: body, kind: kind, municipalityID: municipalityID,
                                       unsubscribeURL: unsubscribeURL, language: language.rawValue), on: db, now: app.clock.now)
    }

    /// Signed with the municipality's name and its contact for the agreement, when the mail is one
    /// municipality's.
    func signature(_ municipalityID: UUID?, in language: Language = .sv) async throws -> String {
        let t = Translator(catalogue: app.catalogue, locale: language)
        guard let municipalityID, let m = try await Municipality.find(municipalityID, on: db) else { return t("mail.signature") }
        let contact = [m.contactName, m.contactEmail, m.contactPhone].compactMap { $0 }
        return contact.isEmpty ? t("mail.signatureOf", m.name) : t("mail.signatureWithContact", m.name, contact.joined(separator: ", "))
    }

    /// Tells the person their password was just changed, with the way back if it was not them.
    func tellPasswordChanged(_ user: User) async throws {
        try await send(to: user.email, in: user.mailLanguage, subjectKey: "mail.passwordChanged.subject", bodyKey: "mail.passwordChanged.body",
                       [user.name, link(SiteURL.forgotPassword())], municipalityID: user.$municipality.id, kind: "passwordChanged")
    }

    /// Every verified representative of the organisation.
    func representatives(of organisation: Organisation) async throws -> [User] {
        try await User.query(on: db).filter(\.$deactivatedAt == nil)
            .join(OrganisationRepresentative.self, on: \User.$id == \OrganisationRepresentative.$user.$id)
            .filter(OrganisationRepresentative.self, \.$organisation.$id == organisation.requireID())
            .all()
    }

    func toRepresentatives(of organisation: Organisation, subjectKey: String, bodyKey: String,
                           _ arguments: [String], kind: String) async throws {
        for user in try await representatives(of: organisation) {
            try await send(to: user.email, in: user.mailLanguage, subjectKey: subjectKey, bodyKey: bodyKey, [organisation.name] + arguments,
                           municipalityID: organisation.$municipality.id, kind: kind)
        }
    }

    func toCoordinators(of municipalityID: UUID, subjectKey: String, bodyKey: String,
                        _ arguments: [String], kind: String) async throws {
        try await toCoordinators(of: municipalityID, subjectKey: subjectKey, bodyKey: bodyKey, kind: kind) { _ in arguments }
    }

    /// With arguments that are themselves words (a weekday), written in each coordinator's language.
    func toCoordinators(of municipalityID: UUID, subjectKey: String, bodyKey: String, kind: String,
                        arguments: (Translator) throws -> [String]) async throws {
        let coordinators = try await User.query(on: db).filter(\.$deactivatedAt == nil).filter(\.$municipality.$id == municipalityID)
            .filter(\.$role == .coordinator).all()
        for user in coordinators {
            let t = Translator(catalogue: app.catalogue, locale: user.mailLanguage)
            try await send(to: user.email, in: user.mailLanguage, subjectKey: subjectKey, bodyKey: bodyKey, try arguments(t),
                           municipalityID: municipalityID, kind: kind)
        }
    }
}

extension Request {
    var mailer: Mailer { Mailer(db: db, app: application) }
}
