import Fluent
import SamverkanCore
import Vapor

/// The certificate of attendance: who took part in which training, when, and who arranged it.
struct TrainingCertificatePage: Encodable {
    let chrome: Chrome
    let name: String
    let organisation: String?
    let title: String
    let when: String
    let place: String?
    let arranger: String
    let municipality: String
    let issuedOn: String
    let backURL: String?

    static func build(_ req: Request, _ m: Municipality, _ meeting: Meeting, _ r: MeetingRegistration,
                      backURL: String?) async throws -> TrainingCertificatePage {
        let t = req.translator
        let arranger = try await meeting.$arranger.get(on: req.db)?.name ?? m.name
        let organisation = try await r.$organisation.get(on: req.db)?.name
        let issued = r.certificateSentAt ?? req.clock.seconds
        return TrainingCertificatePage(
            chrome: req.chrome(title: t("training.certificate.title", r.name), municipality: m),
            name: r.name, organisation: organisation, title: meeting.title, when: meeting.when(t),
            place: meeting.whereText.isEmpty ? nil : meeting.whereText, arranger: arranger, municipality: m.name,
            issuedOn: StockholmTime.local(fromUTC: issued).date.description, backURL: backURL)
    }
}

enum TrainingCertificates {
    /// Mails a certificate link to each participant marked present who has not had one; returns
    /// how many were sent. Each link carries a token of its own, kept only as its hash.
    static func send(_ meeting: Meeting, municipality m: Municipality, app: Application, on db: any Database, now: Int) async throws -> Int {
        let registrations = try await MeetingRegistration.query(on: db).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status == .confirmed).filter(\.$attended == true).filter(\.$certificateSentAt == nil)
            .sort(\.$registeredAt).all()
        let certifiable = registrations.filter { TrainingPolicy.mayCertify($0, of: meeting, now: now) }
        let mailer = Mailer(db: db, app: app)
        let arranger = try await meeting.$arranger.get(on: db)?.name ?? m.name
        for r in certifiable {
            let (token, hash) = LinkToken.issue()
            r.certificateToken = hash
            r.certificateSentAt = now
            try await r.save(on: db)
            try await mailer.send(to: r.email, in: r.mailLanguage, subjectKey: "mail.trainingCertificate.subject",
                                  bodyKey: "mail.trainingCertificate.body",
                                  [r.name, meeting.title, meeting.when(Translator(catalogue: app.catalogue, locale: r.mailLanguage)), arranger,
                                   mailer.link(SiteURL.trainingCertificate(m.slug, token))],
                                  municipalityID: m.id, kind: "meeting")
        }
        return certifiable.count
    }
}
