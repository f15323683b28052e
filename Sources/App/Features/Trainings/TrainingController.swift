import Fluent
import SamverkanCore
import Vapor

/// Trainings the sector invites to, and certificates of attendance. An approved organisation's
/// representatives plan a training in its name, and then run it from the same meeting page the
/// staff use (`Access.arranger`); whoever runs a training that has begun gives each participant
/// marked present a certificate, by mail and on paper.
struct TrainingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.organisationTrainings, access: .organisationMember, use: list)
        routes.on(.GET, SiteURL.organisationTrainingNew, access: .organisationMember, use: newForm)
        routes.on(.POST, SiteURL.organisationTrainings, access: .organisationMember, use: create)
        routes.on(.POST, SiteURL.meetingCertificates, access: .arranger, use: sendCertificates)
        routes.on(.GET, SiteURL.meetingCertificate, access: .arranger, use: certificate)
        routes.on(.GET, SiteURL.trainingCertificate, access: .anyone, use: certificateByLink)
    }

    struct ListPage: Encodable {
        struct Row: Encodable { let title: String; let url: String; let when: String; let status: String; let registered: Int }
        let chrome: Chrome
        let organisation: String
        let backURL: String
        let newURL: String?
        let notApproved: Bool
        let rows: [Row]?
    }

    /// The organisation's trainings, latest first: three queries whatever their number.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let o = try await req.organisation()
        let t = req.translator
        let now = req.clock.seconds
        let meetings = try await Meeting.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$arranger.$id == o.requireID()).sort(\.$startsAt, .descending).all()
        let seated = try await MeetingQueries.seated(meetings.compactMap(\.id), on: req.db)
        let rows = meetings.map { mt in
            ListPage.Row(title: mt.title, url: SiteURL.meetingAdmin(m.slug, mt.id!), when: mt.when(t),
                         status: t(mt.status == .cancelled ? "meeting.cancelled" : mt.endsAt < now ? "meeting.held" : "meeting.planned"),
                         registered: seated[mt.id!] ?? 0)
        }
        let may = TrainingPolicy.mayArrange(o)
        return try await req.view.render("trainings/organisation", ListPage(
            chrome: req.chrome(title: t("training.org.title", o.name), municipality: m), organisation: o.name,
            backURL: SiteURL.organisationAdmin(m.slug, o.id!), newURL: may ? SiteURL.organisationTrainingNew(m.slug, o.id!) : nil,
            notApproved: !may, rows: rows.nilIfEmpty))
    }

    private func renderForm(_ req: Request, _ m: Municipality, _ o: Organisation, _ values: MeetingForm.Values,
                            errors: [String: String]) async throws -> Response {
        let t = req.translator
        let page = FormPage(
            chrome: req.chrome(title: t("training.new", o.name), municipality: m), heading: t("training.new", o.name),
            intro: t("training.newIntro"), action: SiteURL.organisationTrainings(m.slug, o.id!), csrf: req.csrfToken,
            fields: MeetingForm.fields(values, errors: errors, custom: [:], mode: .organisation(o.id!), t: t, editing: false),
            submitLabel: t("action.save"), cancelURL: SiteURL.organisationTrainings(m.slug, o.id!))
        return try await req.renderForm("partials/form-page", page, failed: !errors.isEmpty)
    }

    private func arranging(_ req: Request) async throws -> (Municipality, Organisation) {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard TrainingPolicy.mayArrange(o) else { throw Abort(.conflict, reason: req.t("training.error.notApproved")) }
        return (m, o)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let (m, o) = try await arranging(req)
        var values = MeetingForm.Values()
        values.kind = MeetingKind.training.rawValue
        return try await renderForm(req, m, o, values, errors: [:])
    }

    /// The training is published at once in the organisation's name; the coordinators are told.
    @Sendable func create(req: Request) async throws -> Response {
        let (m, o) = try await arranging(req)
        let input = FormInput(req)
        let meeting = Meeting()
        meeting.$municipality.id = try m.requireID()
        meeting.status = .scheduled
        meeting.sequence = 0
        let errors = MeetingForm.apply(input, to: meeting, custom: [:], mode: .organisation(try o.requireID()), t: req.translator)
        guard errors.isEmpty else { return try await renderForm(req, m, o, MeetingForm.Values(input), errors: errors) }
        let application = req.application
        try await req.db.writeTransaction { tx in
            try await meeting.create(on: tx)
            let mailer = Mailer(db: tx, app: application)
            let link = mailer.link(SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
            try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.trainingAnnounced.subject", bodyKey: "mail.trainingAnnounced.body",
                                            kind: "meeting") { t in [o.name, meeting.title, meeting.when(t), link] }
        }
        req.flash(req.t("meetingsAdmin.created", meeting.title))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    // MARK: Certificates of attendance

    /// Mails each participant marked present who has none yet a link to their certificate, after a
    /// confirmation that shows the mail.
    @Sendable func sendCertificates(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let back = SiteURL.meetingAdmin(m.slug, try meeting.requireID())
        let application = req.application, now = req.clock.seconds
        let act: @Sendable (any Database) async throws -> Int = { tx in
            try await TrainingCertificates.send(meeting, municipality: m, app: application, on: tx, now: now)
        }
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in _ = try await act(tx) }
            guard !mail.isEmpty else { throw Abort(.conflict, reason: req.t("training.error.nothingToCertify")) }
            return try await req.confirmation(
                heading: req.t("training.confirmCertificates.heading", meeting.title),
                message: req.t("training.confirmCertificates.message"), mail: mail,
                button: req.t("training.certificates.send"), cancelURL: back, municipality: m)
        }
        let sent = try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("training.certificates.sentCount", String(sent)))
        return req.redirect(to: back)
    }

    /// The certificate of one participant, to print or hand over (whoever runs the training).
    @Sendable func certificate(req: Request) async throws -> View {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard let id = req.parameters.get("registration").flatMap(UUID.init(uuidString:)),
              let r = try await MeetingRegistration.query(on: req.db).filter(\.$id == id)
                .filter(\.$meeting.$id == meeting.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("training.error.noCertificate"))
        }
        return try await render(req, m, meeting, r, backURL: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    /// The participant's own certificate, from the mailed link.
    @Sendable func certificateByLink(req: Request) async throws -> View {
        // A person's own page: never kept by the page cache.
        req.isPersonal = true
        let m = try await req.municipality()
        guard let hash = LinkToken.lookupHash(req.parameters.get("token")),
              let r = try await MeetingRegistration.query(on: req.db).filter(\.$certificateToken == hash).with(\.$meeting).first(),
              r.meeting.$municipality.id == m.id else {
            throw Abort(.notFound, reason: req.t("training.error.noCertificate"))
        }
        return try await render(req, m, r.meeting, r, backURL: nil)
    }

    private func render(_ req: Request, _ m: Municipality, _ meeting: Meeting, _ r: MeetingRegistration,
                        backURL: String?) async throws -> View {
        guard TrainingPolicy.mayCertify(r, of: meeting, now: req.clock.seconds) else {
            throw Abort(.notFound, reason: req.t("training.error.noCertificate"))
        }
        let page = try await TrainingCertificatePage.build(req, m, meeting, r, backURL: backURL)
        return try await req.view.render("trainings/certificate", page)
    }
}
