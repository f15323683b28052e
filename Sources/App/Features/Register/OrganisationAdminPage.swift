import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/foreningar/{org}`: what a representative (or the staff) sees of one organisation.
struct OrganisationAdminPage: Encodable, Sendable {
    struct Contact: Encodable, Sendable {
        let name: String
        let role: String?
        let email: String?
        let phone: String?
        let deleteAction: String
    }
    struct Person: Encodable, Sendable { let name: String; let email: String }
    struct Step: Encodable, Sendable { let when: String; let who: String; let what: String; let message: String? }
    struct AccessionView: Encodable, Sendable {
        let status: String
        let statusLabel: String
        let method: String
        let decisionDate: String?
        let applicationText: String?
        let protocolURL: String?
        let protocolName: String?
        let organisationSigned: String?
        let municipalitySigned: String?
        let signedOn: String?
        let withdrawnOn: String?
        let steps: [Step]
        let canAnswer: Bool
        let canSign: Bool
        let canWithdraw: Bool
        let certificateURL: String?
        let reviewURL: String?
        let answerAction: String
        let answerFields: [FormField]
        let signAction: String
        let signFields: [FormField]
        let withdrawURL: String
    }

    let chrome: Chrome
    let csrf: String
    let name: String
    let statusLabel: String
    let isPending: Bool
    let isApproved: Bool
    let publicURL: String?
    let editURL: String
    let confirmAction: String
    let confirmedOn: String?
    let needsConfirmation: Bool
    let details: [AgreementPage.Row]
    let contacts: [Contact]
    let newContactURL: String
    let representatives: [Person]
    let inviteURL: String
    /// The trainings it arranges (an approved organisation invites the sector to its own).
    let trainingsURL: String?
    /// Its volunteer assignments and the offers to answer.
    let volunteeringURL: String
    let accession: AccessionView?
    let canApply: Bool
    let applyURL: String
    let versionToConfirm: Int?
    let confirmVersionAction: String
    let isStaff: Bool
    let isCoordinator: Bool
    let approveAction: String
    let mergeURL: String

    /// `chrome` is made by the caller: it takes the one-time flash message, so a page builds it once.
    static func build(req: Request, municipality m: Municipality, organisation o: Organisation,
                      chrome: Chrome) async throws -> OrganisationAdminPage {
        let db = req.db
        let t = req.translator
        let oid = try o.requireID()
        let slug = m.slug
        let areas = try await o.$areas.query(on: db).sort(\.$position).all().map(\.name)
        let contacts = try await ContactPerson.query(on: db).filter(\.$organisation.$id == oid).sort(\.$name).all()
        let reps = try await req.mailer.representatives(of: o)
        let accessions = try await Accession.query(on: db).filter(\.$organisation.$id == oid).sort(\.$createdAt, .descending).all()
        let latest = accessions.first
        let inForce = try await Agreement.query(on: db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .inForce).first()
        let user = req.currentUser
        let isStaff = user?.isStaff(of: m.id) ?? false

        var details: [AgreementPage.Row] = []
        func add(_ key: String, _ value: String?) { if let value, !value.isEmpty { details.append(.init(label: t(key), value: value)) } }
        add("org.field.orgNumber", o.orgNumber)
        add("org.field.legalForm", t("legalForm.\(o.legalForm.rawValue)"))
        add("org.field.areas", areas.joined(separator: ", "))
        add("org.field.description", o.description)
        add("org.field.website", o.website)
        add("org.field.email", o.email)
        add("org.field.phone", o.phone)
        add("org.field.district", o.district)
        add("org.field.languages", o.languages)
        add("org.field.memberCount", o.memberCount.map(String.init))

        var accessionView: AccessionView?
        var versionToConfirm: Int?
        if let a = latest {
            let events = try await AccessionEvent.query(on: db).filter(\.$accession.$id == a.requireID()).sort(\.$createdAt).all()
            let file = try await a.$protocolFile.get(on: db)
            let aid = try a.requireID()
            accessionView = AccessionView(
                status: a.status.rawValue, statusLabel: t("accession.status.\(a.status.rawValue)"),
                method: t("accession.method.\(a.method.rawValue)"), decisionDate: a.decisionDate,
                applicationText: a.applicationText,
                protocolURL: file.map { SiteURL.protocolFile(slug, oid, $0.id!) },
                protocolName: file?.originalName,
                organisationSigned: a.organisationSignedOn.map { on in
                    [a.organisationSignatoryName, a.organisationSignatoryRole, on].compactMap { $0 }.joined(separator: ", ") },
                municipalitySigned: a.municipalitySignedOn.map { on in
                    [a.municipalitySignatoryName, a.municipalitySignatoryRole, on].compactMap { $0 }.joined(separator: ", ") },
                signedOn: a.signedOn, withdrawnOn: a.withdrawnOn,
                steps: events.map { e in
                    Step(when: e.createdAt.map(DayFormat.string) ?? "", who: e.actorName,
                         what: t("accession.action.\(e.action.rawValue)"), message: e.message)
                },
                canAnswer: a.status == .moreInfoRequested,
                canSign: a.status == .approved && a.organisationSignedOn == nil,
                canWithdraw: a.status == .signed,
                certificateURL: a.status == .signed ? SiteURL.certificate(slug, aid) : nil,
                reviewURL: RegisterPolicy.mayReview(user, municipalityID: m.id) ? SiteURL.accession(slug, aid) : nil,
                answerAction: SiteURL.accessionReply(slug, oid, aid),
                answerFields: Signing.messageField(t("accession.answerLabel"), idPrefix: "", required: true, rows: 4),
                signAction: SiteURL.accessionSign(slug, oid, aid),
                signFields: Signing.fields(t, idPrefix: "org", today: nil),
                withdrawURL: SiteURL.withdraw(slug, oid))
            if a.status == .signed, let inForce, inForce.id != a.$agreement.id {
                let confirmed = try await VersionConfirmation.query(on: db).filter(\.$organisation.$id == oid)
                    .filter(\.$agreement.$id == inForce.requireID()).count() > 0
                if !confirmed { versionToConfirm = inForce.version }
            }
        }
        let staleBefore = RegisterAdminController.staleBefore(req.clock.now)
        return OrganisationAdminPage(
            chrome: chrome, csrf: req.csrfToken, name: o.name,
            statusLabel: t("org.status.\(o.status.rawValue)"), isPending: o.status == .pending, isApproved: o.status == .approved,
            publicURL: o.status == .approved ? SiteURL.organisation(slug, oid) : nil,
            editURL: SiteURL.organisationDetails(slug, oid), confirmAction: SiteURL.organisationConfirm(slug, oid),
            confirmedOn: o.confirmedAt.map(DayFormat.string),
            needsConfirmation: (o.confirmedAt ?? .distantPast) < staleBefore,
            details: details,
            contacts: contacts.map { c in
                Contact(name: c.name, role: c.role, email: c.email, phone: c.phone,
                        deleteAction: SiteURL.contactRemove(slug, oid, c.id!))
            },
            newContactURL: SiteURL.contactNew(slug, oid),
            representatives: reps.map { Person(name: $0.name, email: $0.email) },
            inviteURL: SiteURL.organisationRepresentatives(slug, oid),
            trainingsURL: TrainingPolicy.mayArrange(o) ? SiteURL.organisationTrainings(slug, oid) : nil,
            volunteeringURL: SiteURL.organisationAssignments(slug, oid),
            accession: accessionView,
            canApply: o.status == .approved && inForce != nil && !(latest.map { $0.isOpen || $0.status == .signed } ?? false),
            applyURL: SiteURL.apply(slug, oid),
            versionToConfirm: versionToConfirm,
            confirmVersionAction: SiteURL.confirmVersion(slug, oid),
            isStaff: isStaff, isCoordinator: RegisterPolicy.mayReview(user, municipalityID: m.id),
            approveAction: SiteURL.organisationApprove(slug, oid), mergeURL: SiteURL.organisationMerge(slug, oid))
    }
}
