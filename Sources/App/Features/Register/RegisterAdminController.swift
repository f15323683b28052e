import Fluent
import SamverkanCore
import Vapor

/// The coordinator's register: new registrations to approve, duplicates to merge, records not
/// confirmed for a year (with reminders), and the municipality's list of activity areas.
struct RegisterAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.registerAdmin, access: .staff, use: list)
        routes.on(.GET, SiteURL.registerCSV, access: .staff, use: csv)
        routes.on(.POST, SiteURL.registerReminders, access: .coordinator, use: sendReminders)
        routes.on(.POST, SiteURL.organisationApprove, access: .coordinator, use: approve)
        routes.on(.GET, SiteURL.organisationMerge, access: .coordinator, use: mergeForm)
        routes.on(.POST, SiteURL.organisationMerge, access: .coordinator, use: merge)
        routes.on(.GET, SiteURL.activityAreasAdmin, access: .coordinator, use: areas)
        routes.on(.POST, SiteURL.activityAreasAdmin, access: .coordinator, use: addArea)
        routes.on(.POST, SiteURL.activityAreaRemove, access: .coordinator, use: deleteArea)
        routes.on(.POST, SiteURL.districtsAdmin, access: .coordinator, use: saveDistricts)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let name: String; let url: String; let orgNumber: String?; let confirmedOn: String?; let created: String?
            let status: String; let signatorySince: String?
        }
        let chrome: Chrome
        let csrf: String
        let isCoordinator: Bool
        let pending: [Row]
        let staleCount: Int
        let reminderAction: String
        /// The search, the filters and "23 föreningar" (or "3 föreningar matchar" for a search).
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
        let areasURL: String
        let accessionsURL: String
        let signingEventURL: String
        let outboxURL: String
        let excelURL: String
        let csvURL: String
    }

    /// What the list shows (`?visa=`): every organisation, those not confirmed for a year, or the signatories.
    enum Show: String, CaseIterable { case alla, obekraftade, undertecknare }
    static let pageSize = 50

    static func staleBefore(_ now: Date) -> Date { now.addingTimeInterval(-365 * 24 * 3600) }

    private func staleQuery(_ db: any Database, _ mid: UUID, now: Date) -> QueryBuilder<Organisation> {
        Organisation.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .approved)
            .group(.or) { $0.filter(\.$confirmedAt == nil).filter(\.$confirmedAt < Self.staleBefore(now)) }
    }

    private func listQuery(_ req: Request, _ mid: UUID, show: Show, q: String) -> QueryBuilder<Organisation> {
        let query: QueryBuilder<Organisation>
        switch show {
        case .alla: query = Organisation.query(on: req.db).filter(\.$municipality.$id == mid).filter(\.$status != .merged)
        case .obekraftade: query = staleQuery(req.db, mid, now: req.clock.now)
        case .undertecknare: query = Organisation.query(on: req.db).filter(\.$municipality.$id == mid)
            .filter(\.$status != .merged).filter(\.$signatorySince != nil)
        }
        if !q.isEmpty { query.filter(ListSearch.folded(Organisation.schema, q)) }
        return query
    }

    private func listRequest(_ req: Request, _ m: Municipality) -> ListRequest<Show> {
        ListRequest(req, path: SiteURL.registerAdmin(m.slug), default: .alla)
    }

    /// The list as shown (search and filter), every page of it, for Swedish Excel or for programs.
    @Sendable func csv(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let list = listRequest(req, m)
        let t = req.translator
        let rows = try await listQuery(req, try m.requireID(), show: list.show, q: list.q).sort("sort_name").sort(\.$name).sort(\.$id).all()
        var doc = CSVDocument(CSVDialect(req), columns: [
            ("namn", t("registerAdmin.column.name")), ("organisationsnummer", t("csv.orgNumber")),
            ("organisationsform", t("org.field.legalForm")), ("status", t("registerAdmin.column.status")),
            ("stadsdel", t("org.field.district")), ("undertecknare_sedan", t("registerAdmin.column.signatory")),
            ("e_post", t("org.field.email")), ("telefon", t("org.field.phone")), ("webbplats", t("org.field.website")),
            ("medlemmar", t("org.field.memberCount")), ("bekraftad", t("registerAdmin.column.confirmed"))], t: t)
        for o in rows {
            doc.row([.text(o.name), .text(o.orgNumber ?? ""),
                     .coded(code: o.legalForm.rawValue, label: t("legalForm.\(o.legalForm.rawValue)")),
                     .coded(code: o.status.rawValue, label: t("org.status.\(o.status.rawValue)")),
                     .text(o.district ?? ""), .text(o.signatorySince ?? ""), .text(o.email ?? ""), .text(o.phone ?? ""),
                     .text(o.website ?? ""), .integer(o.memberCount), .text(o.confirmedAt.map(DayFormat.string) ?? "")])
        }
        return doc.response(filename: "foreningsregistret-\(m.slug).csv")
    }

    /// Every organisation of the municipality with a search, a filter, a count and pages; new
    /// registrations to review above it. Four queries whatever the size of the register.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let mid = try m.requireID()
        let t = req.translator
        func row(_ o: Organisation) -> ListPage.Row {
            .init(name: o.name, url: SiteURL.organisationAdmin(m.slug, o.id!), orgNumber: o.orgNumber,
                  confirmedOn: o.confirmedAt.map(DayFormat.string), created: o.createdAt.map(DayFormat.string),
                  status: t("org.status.\(o.status.rawValue)"), signatorySince: o.signatorySince)
        }
        let pending = try await Organisation.query(on: req.db).filter(\.$municipality.$id == mid).filter(\.$status == .pending)
            .sort(\.$createdAt).all()
        // (Pending registrations are shown oldest first: the order they wait in.)
        let staleCount = try await staleQuery(req.db, mid, now: req.clock.now).count()
        let list = listRequest(req, m)
        func listed() -> QueryBuilder<Organisation> { listQuery(req, mid, show: list.show, q: list.q) }
        let total = try await listed().count()
        let rows = try await listed().sort("sort_name").sort(\.$name).sort(\.$id).range(list.range).all()
        let controls = list.controls(total: total, keys: "registerAdmin.", t: t)
        return try await req.view.render("register/admin-list", ListPage(
            chrome: req.chrome(title: t("registerAdmin.title", m.name), municipality: m), csrf: req.csrfToken,
            isCoordinator: RegisterPolicy.mayReview(req.currentUser, municipalityID: mid),
            pending: pending.map(row), staleCount: staleCount,
            reminderAction: SiteURL.registerReminders(m.slug),
            list: controls, rows: rows.map(row), pages: controls.pages,
            areasURL: SiteURL.activityAreasAdmin(m.slug), accessionsURL: SiteURL.accessions(m.slug),
            signingEventURL: SiteURL.signingEvent(m.slug), outboxURL: SiteURL.outbox(m.slug),
            excelURL: list.url(path: SiteURL.registerCSV(m.slug), format: "excel"),
            csvURL: list.url(path: SiteURL.registerCSV(m.slug))))
    }

    /// Asks every organisation not confirmed for a year whether its details are still right, after
    /// a confirmation that lists who is mailed.
    @Sendable func sendReminders(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let stale = try await staleQuery(req.db, m.requireID(), now: req.clock.now).all()
        let app = req.application
        let act: @Sendable (any Database) async throws -> Void = { tx in
            let mailer = Mailer(db: tx, app: app)
            for o in stale {
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.reminder.subject", bodyKey: "mail.reminder.body",
                                                   [mailer.link(SiteURL.organisationAdmin(m.slug, o.requireID()))], kind: "reminder")
            }
        }
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("registerAdmin.confirmReminders.heading"),
                message: req.t(mail.isEmpty ? "registerAdmin.confirmReminders.nobody" : "registerAdmin.confirmReminders.message", String(stale.count)),
                mail: mail, button: req.t("registerAdmin.confirmReminders.button"), cancelURL: SiteURL.registerAdmin(m.slug), municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("registerAdmin.remindersSent", String(stale.count)))
        return req.redirect(to: SiteURL.registerAdmin(m.slug))
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard o.status == .pending else { throw Abort(.conflict, reason: req.t("registerAdmin.error.notPending")) }
        let app = req.application
        let act: @Sendable (any Database) async throws -> Void = { tx in
            o.status = .approved
            try await o.save(on: tx)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.toRepresentatives(of: o, subjectKey: "mail.approved.subject", bodyKey: "mail.approved.body",
                                               [mailer.link(SiteURL.organisationAdmin(m.slug, o.requireID()))], kind: "approved")
        }
        guard FormInput(req).isConfirmed else {
            let drafts = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("registerAdmin.confirmApprove.heading", o.name),
                message: req.t(drafts.isEmpty ? "registerAdmin.confirmApprove.nobody" : "registerAdmin.confirmApprove.message"),
                mail: drafts, button: req.t("registerAdmin.confirmApprove.button"),
                cancelURL: SiteURL.organisationAdmin(m.slug, try o.requireID()), municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("registerAdmin.approved", o.name))
        return req.redirect(to: SiteURL.registerAdmin(m.slug))
    }

    private func renderMerge(_ req: Request, _ m: Municipality, _ o: Organisation, error: String?) async throws -> Response {
        let t = req.translator
        let candidates = try await Organisation.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .approved).filter(\.$id != o.requireID()).sort(\.$name).all()
        let page = FormPage(
            chrome: req.chrome(title: t("merge.title", o.name), municipality: m), heading: t("merge.title", o.name),
            intro: t("merge.intro"), action: SiteURL.organisationMerge(m.slug, o.id!), csrf: req.csrfToken,
            fields: [FormField(name: "target", label: t("merge.field.target"), kind: .select, error: error, required: true,
                               options: [.init(value: "", label: t("field.choose"), selected: true)]
                                + candidates.map { .init(value: $0.id!.uuidString, label: $0.name + ($0.orgNumber.map { " (\($0))" } ?? ""), selected: false) })],
            submitLabel: t("merge.submit"), cancelURL: SiteURL.organisationAdmin(m.slug, o.id!))
        return try await req.renderForm(page, failed: error != nil)
    }

    @Sendable func mergeForm(req: Request) async throws -> Response {
        try await renderMerge(req, try await req.municipality(), try await req.organisation(), error: nil)
    }

    /// Folds a duplicate into another record: representatives, contacts, areas, applications and partnerships move;
    /// the duplicate stays, marked as merged, for the history.
    @Sendable func merge(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let o = try await req.organisation()
        guard o.status != .merged else { throw Abort(.conflict, reason: req.t("merge.error.alreadyMerged")) }
        guard let targetID = FormInput(req)["target"].flatMap(UUID.init(uuidString:)),
              let target = try await Organisation.query(on: req.db).filter(\.$id == targetID)
                .filter(\.$municipality.$id == m.requireID()).filter(\.$status == .approved).first(), target.id != o.id else {
            return try await renderMerge(req, m, o, error: req.t("merge.error.target"))
        }
        try await req.db.writeTransaction { tx in
            let oid = try o.requireID(), tid = try target.requireID()
            let targetUsers = Set(try await OrganisationRepresentative.query(on: tx).filter(\.$organisation.$id == tid).all().map { $0.$user.id })
            for rep in try await OrganisationRepresentative.query(on: tx).filter(\.$organisation.$id == oid).all() {
                if targetUsers.contains(rep.$user.id) { try await rep.delete(on: tx) } else {
                    rep.$organisation.id = tid
                    try await rep.save(on: tx)
                }
            }
            let targetAreas = Set(try await OrganisationActivityArea.query(on: tx).filter(\.$organisation.$id == tid).all().map { $0.$area.id })
            for link in try await OrganisationActivityArea.query(on: tx).filter(\.$organisation.$id == oid).all() {
                if targetAreas.contains(link.$area.id) { try await link.delete(on: tx) } else {
                    link.$organisation.id = tid
                    try await link.save(on: tx)
                }
            }
            try await ContactPerson.query(on: tx).filter(\.$organisation.$id == oid).auditedUpdate { $0.$organisation.id = tid }
            try await Accession.query(on: tx).filter(\.$organisation.$id == oid).auditedUpdate { $0.$organisation.id = tid }
            try await StoredFile.query(on: tx).filter(\.$organisation.$id == oid).auditedUpdate { $0.$organisation.id = tid }
            try await Partnership.query(on: tx).filter(\.$organisation.$id == oid).auditedUpdate { $0.$organisation.id = tid }
            try await Meeting.query(on: tx).filter(\.$arranger.$id == oid).auditedUpdate { $0.$arranger.id = tid }
            o.status = .merged
            o.$mergedInto.id = tid
            o.orgNumber = nil
            try await o.save(on: tx)
            try await SignatoryStatus.refresh([oid, tid], on: tx)
        }
        req.flash(req.t("merge.done", o.name, target.name))
        return req.redirect(to: SiteURL.organisationAdmin(m.slug, try target.requireID()))
    }

    // MARK: - Activity areas

    struct AreasPage: Encodable {
        struct Row: Encodable { let name: String; let deleteAction: String; let count: Int }
        let chrome: Chrome
        let csrf: String
        let action: String
        let areas: [Row]
        let fields: [FormField]
        let districtsAction: String
        let districtFields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
    }

    private func renderAreas(_ req: Request, error: String?, value: String, districtsError: String? = nil,
                             districts: String? = nil) async throws -> Response {
        let m = try await req.municipality()
        let areas = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).all()
        let links = try await OrganisationActivityArea.query(on: req.db).filter(\.$area.$id ~~ areas.compactMap(\.id)).all()
        let counts = Dictionary(grouping: links, by: { $0.$area.id }).mapValues(\.count)
        let page = AreasPage(
            chrome: req.chrome(title: req.t("areasAdmin.title"), municipality: m), csrf: req.csrfToken,
            action: SiteURL.activityAreasAdmin(m.slug),
            areas: areas.map { .init(name: $0.name, deleteAction: SiteURL.activityAreaRemove(m.slug, $0.id!),
                                     count: counts[$0.id!] ?? 0) },
            fields: [FormField(name: "name", label: req.t("areasAdmin.new"), kind: .text, value: value, error: error,
                               required: true, maxLength: 100)],
            districtsAction: SiteURL.districtsAdmin(m.slug),
            districtFields: [FormField(name: "districts", label: req.t("districts.field"), kind: .textarea,
                                       value: districts ?? m.districtList.joined(separator: "\n"), hint: req.t("districts.hint"),
                                       error: districtsError, maxLength: 5_000, rows: 8)],
            errorSummary: districtsError.map { [FormPage.ErrorLink(fieldID: "f-districts", message: $0)] })
        return try await req.renderForm("register/areas", page, failed: error != nil || districtsError != nil)
    }

    @Sendable func areas(req: Request) async throws -> Response { try await renderAreas(req, error: nil, value: "") }

    /// The districts organisations choose from, one a line. A district in use stays on the
    /// organisations that have it (and among their options) when it leaves the list.
    @Sendable func saveDistricts(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let text = check.optional("districts", max: 5_000) ?? ""
        var seen = Set<String>()
        let list = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
        if let long = list.first(where: { $0.count > 100 }) {
            check.fail("districts", req.t("districts.error.long", String(long.prefix(30))))
        }
        guard check.isValid else {
            return try await renderAreas(req, error: nil, value: "", districtsError: check.errors["districts"], districts: text)
        }
        m.districts = list.isEmpty ? nil : list.joined(separator: "\n")
        try await m.save(on: req.db)
        req.flash(req.t("districts.saved", String(list.count)))
        return req.redirect(to: SiteURL.activityAreasAdmin(m.slug) + "#kommundelar")
    }

    @Sendable func addArea(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        guard let name = check.required("name", max: 100) else {
            return try await renderAreas(req, error: check.errors["name"], value: input.values["name"] ?? "")
        }
        let existing = try await ActivityArea.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all()
        guard !existing.contains(where: { $0.name.lowercased() == name.lowercased() }) else {
            return try await renderAreas(req, error: req.t("areasAdmin.error.exists"), value: name)
        }
        try await ActivityArea(municipalityID: m.requireID(), name: name, position: (existing.map(\.position).max() ?? 0) + 1)
            .create(on: req.db)
        return req.savedRedirect(SiteURL.activityAreasAdmin(m.slug))
    }

    @Sendable func deleteArea(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let area = try await req.find(ActivityArea.self, "area", in: m)
        let id = try area.requireID()
        let uses = try await OrganisationActivityArea.query(on: req.db).filter(\.$area.$id == id).count()
        if let ask = try await req.unconfirmedDeletion(
            of: area.name, detail: uses == 0 ? nil : req.t("areasAdmin.deleteDetail", String(uses)),
            back: SiteURL.activityAreasAdmin(m.slug), municipality: m) { return ask }
        try await req.db.writeTransaction { tx in
            try await OrganisationActivityArea.query(on: tx).filter(\.$area.$id == id).delete()
            try await area.delete(on: tx)
        }
        req.flash(req.t("areasAdmin.deleted", area.name))
        return req.redirect(to: SiteURL.activityAreasAdmin(m.slug))
    }
}
