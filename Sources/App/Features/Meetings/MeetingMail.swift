import Fluent
import SamverkanCore
import Vapor

extension Meeting {
    /// "lördag 2026-10-24 18:00–20:00", or both dates when the meeting runs past midnight.
    func when(_ t: Translator) -> String {
        let start = localStart, end = localEnd
        let day = t("weekday.\(start.date.weekday)") + " " + start.date.description
        if start.date == end.date { return "\(day) \(start.time)–\(end.time)" }
        return "\(day) \(start.time) – " + t("weekday.\(end.date.weekday)") + " \(end.date) \(end.time)"
    }

    /// Place and online link, as one line for mail and calendar files.
    var whereText: String {
        [place, onlineURL].compactMap { $0 }.joined(separator: ", ")
    }

    /// The name of the meeting's kind: a built-in one from the catalogue, or the municipality's own.
    func kindName(_ t: Translator, custom: [UUID: String]) -> String {
        if let builtIn = builtInKind { return t("meeting.kind.\(builtIn.rawValue)") }
        return UUID(uuidString: kind).flatMap { custom[$0] } ?? t("meeting.kind.other")
    }
}

/// The mail about one meeting, each through the outbox. Registration mail always carries the
/// link that cancels it; invitations carry an unsubscribe link instead, as they are not essential.
struct MeetingMail {
    let db: any Database
    let app: Application
    let municipality: Municipality
    let meeting: Meeting

    var mailer: Mailer { Mailer(db: db, app: app) }
    var t: Translator { mailer.t }

    func arguments(name: String, in language: Language) throws -> [String] {
        let t = Translator(catalogue: app.catalogue, locale: language)
        return [name, meeting.title, meeting.when(t), meeting.whereText.isEmpty ? "–" : meeting.whereText,
                mailer.link(SiteURL.meeting(municipality.slug, try meeting.requireID()))]
    }

    func send(to r: MeetingRegistration, subjectKey: String, bodyKey: String, token: String?) async throws {
        var args = try arguments(name: r.name, in: r.mailLanguage)
        if let token { args.append(mailer.link(SiteURL.registrationCancel(municipality.slug, token))) }
        try await mailer.send(to: r.email, in: r.mailLanguage, subjectKey: subjectKey, bodyKey: bodyKey, args,
                              municipalityID: municipality.id, kind: "meeting")
    }

    /// The link a resident confirms the address with; the registration holds nothing until then.
    func sendConfirmation(to r: MeetingRegistration, token: String) async throws {
        let args = try arguments(name: r.name, in: r.mailLanguage) + [mailer.link(SiteURL.registrationConfirm(municipality.slug, token)),
                                                                    String(mailer.app.config.registrationConfirmHours)]
        try await mailer.send(to: r.email, in: r.mailLanguage, subjectKey: "mail.confirmRegistration.subject",
                              bodyKey: "mail.confirmRegistration.body", args, municipalityID: municipality.id, kind: "meeting")
    }

    /// Everyone registered or waiting: the meeting was moved or cancelled.
    func toEveryoneRegistered(subjectKey: String, bodyKey: String, extra: [String]) async throws -> Int {
        let registered = try await MeetingRegistration.query(on: db).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status ~~ [.confirmed, .waiting]).all()
        for r in registered {
            var args = try arguments(name: r.name, in: r.mailLanguage) + extra
            let (token, hash) = LinkToken.issue()
            r.token = hash
            try await r.save(on: db)
            args.append(mailer.link(SiteURL.registrationCancel(municipality.slug, token)))
            try await mailer.send(to: r.email, in: r.mailLanguage, subjectKey: subjectKey, bodyKey: bodyKey, args,
                                  municipalityID: municipality.id, kind: "meeting")
        }
        return registered.count
    }
}
