import Fluent
import Vapor

/// Recording a signature on an approved application. When both sides have signed, the
/// organisation is a signatory from the later of the two dates.
enum Signing {
    enum Side { case organisation, municipality }

    static func record(_ side: Side, name: String, role: String, on date: String, accession a: Accession,
                       organisation o: Organisation, municipality m: Municipality, user: User, req: Request) async throws {
        let app = req.application
        try await req.db.writeTransaction { tx in
            switch side {
            case .organisation:
                a.organisationSignatoryName = name
                a.organisationSignatoryRole = role
                a.organisationSignedOn = date
            case .municipality:
                a.municipalitySignatoryName = name
                a.municipalitySignatoryRole = role
                a.municipalitySignedOn = date
            }
            try await AccessionEvent(accessionID: a.requireID(), user: user,
                                     action: side == .organisation ? .organisationSigned : .municipalitySigned,
                                     message: "\(name), \(role), \(date)").create(on: tx)
            let mailer = Mailer(db: tx, app: app)
            if let orgDate = a.organisationSignedOn, let municipalityDate = a.municipalitySignedOn {
                a.status = .signed
                a.signedOn = max(orgDate, municipalityDate)
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.signed.subject", bodyKey: "mail.signed.body",
                                                   [a.signedOn!, mailer.link(SiteURL.certificate(m.slug, a.requireID()))],
                                                   kind: "accession")
            } else {
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.halfSigned.subject", bodyKey: "mail.halfSigned.body",
                                                   [name, mailer.link(SiteURL.organisationAdmin(m.slug, o.requireID()))], kind: "accession")
            }
            try await a.save(on: tx)
            try await SignatoryStatus.refresh([o.requireID()], on: tx)
        }
        req.flash(req.t(a.status == .signed ? "accession.signedBoth" : "accession.signedOne"))
    }
}

extension Signing {
    /// Who signs, in which role, and on which day: the same fields on the coordinator's and the representative's page.
    static func fields(_ t: Translator, idPrefix: String, today: String?, roleHint: String? = nil) -> [FormField] {
        [
            FormField(name: "signatoryName", label: t("accession.signatoryName"), kind: .text, required: true, maxLength: 200, idPrefix: idPrefix),
            FormField(name: "signatoryRole", label: t("accession.signatoryRole"), kind: .text, hint: roleHint, required: true,
                      maxLength: 200, idPrefix: idPrefix),
            FormField(name: "signedOn", label: t("accession.signedOn"), kind: .date, value: today ?? "", required: today != nil, idPrefix: idPrefix),
        ]
    }

    /// The message that goes with a step of an application.
    static func messageField(_ label: String, idPrefix: String, required: Bool, rows: Int) -> [FormField] {
        [FormField(name: "message", label: label, kind: .textarea, required: required, maxLength: 5000, rows: rows, idPrefix: idPrefix)]
    }
}
