import Fluent
import Vapor

/// What follows from a new version coming into force: every current signatory is asked by
/// e-mail to confirm it, and the list of signatories shows who has.
enum Signatories {
    static func requestConfirmation(of agreement: Agreement, municipality m: Municipality, on db: any Database, app: Application) async throws {
        let signed = try await Accession.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .signed).filter(\.$agreement.$id != agreement.requireID()).with(\.$organisation).all()
        let mailer = Mailer(db: db, app: app)
        for a in signed {
            try await mailer.toRepresentatives(of: a.organisation, subjectKey: "mail.newVersion.subject",
                                               bodyKey: "mail.newVersion.body",
                                               [String(agreement.version), mailer.link(SiteURL.organisationAdmin(m.slug, a.$organisation.id))],
                                               kind: "newVersion")
        }
    }

    static func count(of m: Municipality, on db: any Database) async throws -> Int {
        try await Accession.query(on: db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .signed).count()
    }
}
