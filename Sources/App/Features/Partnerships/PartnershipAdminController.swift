import Fluent
import SamverkanCore
import Vapor

/// The coordinator's partnership register at `/admin/{kommun}/partnerskap`: every partnership,
/// public or not; adding and changing one (partner from the register, department, purpose,
/// period, contribution, status, the commitments it serves, the agreement document as a PDF, the
/// next follow-up, and what is public); removing one after a confirmation. A job reminds the
/// coordinators two weeks before a follow-up and on its day. `PartnershipPolicy` decides.
struct PartnershipAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.partnershipsAdmin, access: .coordinator, use: list)
        routes.on(.GET, SiteURL.partnershipNew, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.partnershipsAdmin, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.partnershipAdmin, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.partnershipAdmin, access: .coordinator, use: update)
        routes.on(.POST, SiteURL.partnershipRemove, access: .coordinator, use: remove)
        routes.on(.GET, SiteURL.partnershipAdminDocument, access: .coordinator, use: document)
    }

    private func authorise(_ req: Request, _ m: Municipality) throws {
        guard PartnershipPolicy.mayEdit(req.currentUser, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let title: String; let partner: String; let status: String; let followUp: String?; let isPublic: String
            let editURL: String; let removeAction: String
        }
        let chrome: Chrome
        let csrf: String
        let newURL: String
        let publicURL: String
        let rows: [Row]?
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        try authorise(req, m)
        let t = req.translator
        let loaded = try await PartnershipsController.load(req.db, m, publicOnly: false)
        return try await req.view.render("partnerships/admin", ListPage(
            chrome: req.chrome(title: t("partnershipsAdmin.title"), municipality: m), csrf: req.csrfToken,
            newURL: SiteURL.partnershipNew(m.slug), publicURL: SiteURL.partnerships(m.slug),
            rows: loaded.partnerships.isEmpty ? nil : loaded.partnerships.map { p in
                .init(title: p.title, partner: loaded.organisations[p.$organisation.id]?.name ?? "",
                      status: t("partnerships.status.\(p.status.rawValue)"), followUp: p.nextFollowUpOn,
                      isPublic: t(p.isPublic ? "partnershipsAdmin.public" : "partnershipsAdmin.notPublic"),
                      editURL: SiteURL.partnershipAdmin(m.slug, p.id!), removeAction: SiteURL.partnershipRemove(m.slug, p.id!))
            }))
    }

    // MARK: The form

    private func render(_ req: Request, _ m: Municipality, _ p: Partnership?, values: [String: String], lists: [String: [String]],
                        errors: [String: String]) async throws -> Response {
        let t = req.translator
        let mid = try m.requireID()
        let organisations = try await Organisation.query(on: req.db).filter(\.$municipality.$id == mid).filter(\.$status == .approved).sort(\.$name).all()
        let departments = try await Department.query(on: req.db).filter(\.$municipality.$id == mid).sort(\.$name).all()
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let status = values["status"] ?? Partnership.Status.planned.rawValue
        let chosen = Set(lists["commitments"] ?? [])
        let flags = Set(lists["public"] ?? [])
        var fields = [
            FormField(name: "title", label: t("partnershipsAdmin.field.title"), kind: .text, value: values["title"] ?? "", error: errors["title"], required: true, maxLength: 200),
            FormField(name: "organisation", label: t("partnershipsAdmin.field.organisation"), kind: .select, hint: t("partnershipsAdmin.hint.organisation"),
                      error: errors["organisation"], required: true,
                      options: [.init(value: "", label: t("partnershipsAdmin.chooseOrganisation"), selected: (values["organisation"] ?? "").isEmpty)]
                          + organisations.map { .init(value: $0.id!.uuidString, label: $0.name, selected: values["organisation"] == $0.id!.uuidString) }),
            FormField(name: "department", label: t("partnershipsAdmin.field.department"), kind: .select, error: errors["department"],
                      options: [.init(value: "", label: t("partnershipsAdmin.noDepartment"), selected: (values["department"] ?? "").isEmpty)]
                          + departments.map { .init(value: $0.id!.uuidString, label: $0.name, selected: values["department"] == $0.id!.uuidString) }),
            FormField(name: "purpose", label: t("partnershipsAdmin.field.purpose"), kind: .textarea, value: values["purpose"] ?? "",
                      error: errors["purpose"], required: true, maxLength: 5_000, rows: 4),
            FormField(name: "startsOn", label: t("partnershipsAdmin.field.startsOn"), kind: .date, value: values["startsOn"] ?? "", error: errors["startsOn"], required: true),
            FormField(name: "endsOn", label: t("partnershipsAdmin.field.endsOn"), kind: .date, value: values["endsOn"] ?? "", error: errors["endsOn"]),
            FormField(name: "contribution", label: t("partnershipsAdmin.field.contribution"), kind: .textarea, value: values["contribution"] ?? "",
                      hint: t("partnershipsAdmin.hint.contribution"), error: errors["contribution"], required: true, maxLength: 2_000, rows: 3),
            FormField(name: "status", label: t("partnershipsAdmin.field.status"), kind: .radios, error: errors["status"], required: true,
                      options: Partnership.Status.allCases.map { .init(value: $0.rawValue, label: t("partnerships.status.\($0.rawValue)"), selected: status == $0.rawValue) }),
            FormField(name: "nextFollowUpOn", label: t("partnershipsAdmin.field.nextFollowUpOn"), kind: .date, value: values["nextFollowUpOn"] ?? "",
                      hint: t("partnershipsAdmin.hint.nextFollowUpOn"), error: errors["nextFollowUpOn"]),
            FormField(name: "document", label: t("partnershipsAdmin.field.document"), kind: .file,
                      hint: t(p?.documentStoredName == nil ? "partnershipsAdmin.hint.document" : "partnershipsAdmin.hint.documentKeep",
                              String(req.application.config.uploadMaxBytes / 1_048_576)),
                      error: errors["document"], accept: "application/pdf"),
        ]
        if !agreement.commitments.isEmpty {
            fields.append(FormField(name: "commitments", label: t("partnershipsAdmin.field.commitments"), kind: .checkboxes, error: errors["commitments"],
                                    options: agreement.commitments.map { .init(value: $0.tag, label: $0.label, selected: chosen.contains($0.tag)) }))
        }
        fields.append(FormField(name: "public", label: t("partnershipsAdmin.field.public"), kind: .checkboxes, hint: t("partnershipsAdmin.hint.public"),
                                options: [.init(value: "entry", label: t("partnershipsAdmin.publicEntry"), selected: flags.contains("entry")),
                                          .init(value: "contribution", label: t("partnershipsAdmin.publicContribution"), selected: flags.contains("contribution"))]))
        let heading = p.map { t("partnershipsAdmin.editTitle", $0.title) } ?? t("partnershipsAdmin.newTitle")
        var page = FormPage(chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: t("partnershipsAdmin.intro"),
                            action: p.map { SiteURL.partnershipAdmin(m.slug, $0.id!) } ?? SiteURL.partnershipsAdmin(m.slug),
                            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"), cancelURL: SiteURL.partnershipsAdmin(m.slug))
        page.multipart = true
        if let p, p.documentStoredName != nil {
            page.related = [.init(label: t("partnershipsAdmin.currentDocument", p.documentName ?? ""), url: SiteURL.partnershipAdminDocument(m.slug, p.id!), current: false)]
        }
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        return try await render(req, m, nil, values: ["startsOn": req.clock.today.description], lists: ["public": ["entry"]], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let p = try await req.find(Partnership.self, "partnership", in: m, notFound: "partnerships.error.notFound")
        let keys = try await PartnershipCommitment.query(on: req.db).filter(\.$partnership.$id == p.requireID()).all(\.$key)
        let values = ["title": p.title, "organisation": p.$organisation.id.uuidString, "department": p.$department.id?.uuidString ?? "",
                      "purpose": p.purpose, "startsOn": p.startsOn, "endsOn": p.endsOn ?? "", "contribution": p.contribution,
                      "status": p.status.rawValue, "nextFollowUpOn": p.nextFollowUpOn ?? ""]
        return try await render(req, m, p, values: values,
                                lists: ["commitments": keys.map { InquiryTouch.tag(.commitment, $0) },
                                        "public": (p.isPublic ? ["entry"] : []) + (p.contributionPublic ? ["contribution"] : [])], errors: [:])
    }

    struct Submitted {
        let input: FormInput
        let commitments: [String]
        let document: MultipartForm.Upload?
        let errors: [String: String]
    }

    private func read(_ req: Request, _ m: Municipality) async throws -> Submitted {
        let form = MultipartForm(req)
        let input = form?.input ?? FormInput(req)
        var check = FormValidation(input, req.translator)
        let mid = try m.requireID()
        _ = check.required("title", max: 200)
        let organisation = try await UUID(uuidString: input["organisation"] ?? "").asyncFlatMap { id in
            try await Organisation.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == mid).first()
        }
        if organisation == nil { check.fail("organisation", req.t("partnershipsAdmin.error.organisation")) }
        if let department = input["department"] {
            let found = try await UUID(uuidString: department).asyncFlatMap { id in
                try await Department.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == mid).first()
            }
            if found == nil { check.fail("department", req.t("validation.choice")) }
        }
        _ = check.required("purpose", max: 5_000)
        let starts = check.date("startsOn", required: true)
        let ends = check.date("endsOn")
        if let starts, let ends, ends < starts { check.fail("endsOn", req.t("validation.dateOrder")) }
        _ = check.required("contribution", max: 2_000)
        _ = check.choice("status", as: Partnership.Status.self)
        _ = check.date("nextFollowUpOn")
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let commitments = Set(input.lists["commitments"] ?? []).intersection(Set(agreement.commitments.map(\.tag))).sorted()
        let document = form?.files["document"]
        if let document {
            try FileStore.checkSize(document.data, req)
            if !FileCheck.isPDF(document.data.readableBytesView) { check.fail("document", req.t("apply.error.notPDF")) }
        }
        return Submitted(input: input, commitments: commitments, document: document, errors: check.errors)
    }

    private func save(_ req: Request, _ m: Municipality, _ p: Partnership, _ s: Submitted) async throws {
        let input = s.input
        p.$municipality.id = try m.requireID()
        p.title = input["title"] ?? ""
        p.$organisation.id = UUID(uuidString: input["organisation"] ?? "")!
        p.$department.id = input["department"].flatMap(UUID.init(uuidString:))
        p.purpose = input["purpose"] ?? ""
        p.startsOn = input["startsOn"] ?? ""
        p.endsOn = input["endsOn"]
        p.contribution = input["contribution"] ?? ""
        p.status = Partnership.Status(rawValue: input["status"] ?? "") ?? .planned
        p.nextFollowUpOn = input["nextFollowUpOn"]
        let flags = Set(input.lists["public"] ?? [])
        p.isPublic = flags.contains("entry")
        p.contributionPublic = flags.contains("contribution")
        let store = FileStore(app: req.application)
        let previous = p.documentStoredName
        if let document = s.document {
            let written = try store.write(document.data)
            p.documentStoredName = written.storedName
            p.documentSHA256 = written.sha256
            p.documentName = FileCheck.pdfDownloadName(document.filename, fallback: "partnerskap")
        }
        do {
            try await req.db.writeTransaction { tx in
                try await p.save(on: tx)
                try await PartnershipCommitment.query(on: tx).filter(\.$partnership.$id == p.requireID()).delete()
                for tag in s.commitments {
                    let c = PartnershipCommitment()
                    c.$partnership.id = try p.requireID()
                    c.key = String(tag.dropFirst("commitment:".count))
                    try await c.create(on: tx)
                }
            }
        } catch {
            if let stored = p.documentStoredName, stored != previous { store.remove(storedName: stored) }
            throw error
        }
        if let previous, previous != p.documentStoredName { store.remove(storedName: previous) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let s = try await read(req, m)
        guard s.errors.isEmpty else { return try await render(req, m, nil, values: s.input.values, lists: s.input.lists, errors: s.errors) }
        let p = Partnership()
        try await save(req, m, p, s)
        req.flash(req.t("partnershipsAdmin.saved", p.title))
        return req.redirect(to: SiteURL.partnershipsAdmin(m.slug))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let p = try await req.find(Partnership.self, "partnership", in: m, notFound: "partnerships.error.notFound")
        let s = try await read(req, m)
        guard s.errors.isEmpty else { return try await render(req, m, p, values: s.input.values, lists: s.input.lists, errors: s.errors) }
        try await save(req, m, p, s)
        req.flash(req.t("partnershipsAdmin.saved", p.title))
        return req.redirect(to: SiteURL.partnershipsAdmin(m.slug))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let p = try await req.find(Partnership.self, "partnership", in: m, notFound: "partnerships.error.notFound")
        if let ask = try await req.unconfirmedDeletion(of: req.t("partnershipsAdmin.what", p.title), back: SiteURL.partnershipsAdmin(m.slug), municipality: m) {
            return ask
        }
        let stored = p.documentStoredName
        try await p.delete(on: req.db)
        if let stored { FileStore(app: req.application).remove(storedName: stored) }
        req.flash(req.t("partnershipsAdmin.removed", p.title))
        return req.redirect(to: SiteURL.partnershipsAdmin(m.slug))
    }

    @Sendable func document(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let p = try await req.find(Partnership.self, "partnership", in: m, notFound: "partnerships.error.notFound")
        let response = try PartnershipsController.serveDocument(p, req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: Follow-up reminders

    /// Reminds each municipality's coordinators fourteen days before a partnership's follow-up
    /// and on its day, once per occasion whichever server runs the job.
    @discardableResult
    static func remind(app: Application, today: CalendarDate) async throws -> Int {
        let soon = today.adding(days: 14).description
        let due = try await Partnership.query(on: app.db).filter(\.$status != .ended)
            .filter(\.$nextFollowUpOn != nil).filter(\.$nextFollowUpOn <= soon).all()
        var sent = 0
        for p in due {
            guard let day = p.nextFollowUpOn, let date = CalendarDate(day), date >= today else { continue }
            let key = (date == today ? "due:" : "before:") + day
            let exists = try await PartnershipReminder.query(on: app.db).filter(\.$partnership.$id == p.requireID()).filter(\.$key == key).count()
            guard exists == 0, let m = try await Municipality.find(p.$municipality.id, on: app.db) else { continue }
            do {
                try await app.db.writeTransaction { tx in
                    let r = PartnershipReminder()
                    r.$partnership.id = try p.requireID()
                    r.key = key
                    r.sentAt = app.clock.seconds
                    try await r.create(on: tx)
                    let mailer = Mailer(db: tx, app: app)
                    try await mailer.toCoordinators(of: m.requireID(), subjectKey: "mail.partnershipFollowUp.subject",
                                                    bodyKey: "mail.partnershipFollowUp.body",
                                                    [p.title, day, mailer.link(SiteURL.partnershipAdmin(m.slug, p.requireID()))], kind: "partnership")
                }
                sent += 1
            } catch {
                app.logger.debug("Partnership reminder \(key) not sent here: \(error)")
            }
        }
        return sent
    }

    static let reminderJob = ScheduledJob(name: "partnership-follow-ups", everySeconds: 3600) { app in
        let count = try await remind(app: app, today: app.clock.today)
        return count > 0 ? app.say("partnerships.job.reminders", String(count)) : nil
    }
}
