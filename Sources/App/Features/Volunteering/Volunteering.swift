import Fluent
import SamverkanCore
import Vapor

/// What every step of an offer shares: the volunteer's links, and the mail to the volunteer and
/// to the organisation's representatives.
enum Volunteering {
    /// A fresh link for the volunteer; only its hash is stored.
    static func issueLink(_ interest: VolunteerInterest, on db: any Database, now: Int) async throws -> String {
        let (token, hash) = LinkToken.issue()
        let link = VolunteerLink()
        link.$interest.id = try interest.requireID()
        link.tokenHash = hash
        link.createdAt = now
        try await link.create(on: db)
        return token
    }

    /// The offer a link names, with its assignment, in this municipality; nil for anything else.
    static func find(token: String?, municipality m: Municipality, on db: any Database) async throws -> (VolunteerInterest, VolunteerAssignment)? {
        guard let hash = LinkToken.lookupHash(token),
              let link = try await VolunteerLink.query(on: db).filter(\.$tokenHash == hash).first(),
              let interest = try await VolunteerInterest.query(on: db).filter(\.$id == link.$interest.id).filter(\.$erasedAt == nil).first(),
              let a = try await VolunteerAssignment.query(on: db).filter(\.$id == interest.$assignment.id).with(\.$organisation).first(),
              a.$municipality.id == m.id else { return nil }
        return (interest, a)
    }

    /// Mails the volunteer with a fresh link to their page.
    static func mailVolunteer(_ interest: VolunteerInterest, _ a: VolunteerAssignment, municipality m: Municipality, key: String,
                              _ arguments: [String] = [], app: Application, on db: any Database) async throws {
        let token = try await issueLink(interest, on: db, now: app.clock.seconds)
        let mailer = Mailer(db: db, app: app)
        try await mailer.send(to: interest.email, in: Language(rawValue: interest.language) ?? .default, subjectKey: "mail.volunteer.\(key).subject", bodyKey: "mail.volunteer.\(key).body",
                              [interest.name, a.title, a.organisation.name, mailer.link(SiteURL.offer(m.slug, token))] + arguments,
                              municipalityID: m.id, kind: "volunteer")
    }

    /// Tells the organisation's representatives about an offer, with everything the volunteer
    /// wrote and the link to answer it.
    static func tellOrganisation(_ interest: VolunteerInterest, _ a: VolunteerAssignment, municipality m: Municipality, key: String,
                                 app: Application, on db: any Database) async throws {
        let mailer = Mailer(db: db, app: app)
        let link = mailer.link(SiteURL.organisationAssignment(m.slug, a.$organisation.id, try a.requireID()))
        try await mailer.toRepresentatives(of: a.organisation, subjectKey: "mail.volunteer.\(key).subject", bodyKey: "mail.volunteer.\(key).body",
                                           [a.title, interest.name, interest.email, interest.phone ?? "–", interest.message, link], kind: "volunteer")
    }
}
