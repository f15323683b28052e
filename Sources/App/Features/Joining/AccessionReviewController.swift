import Fluent
import SamverkanCore
import Vapor

/// The coordinator's review of applications, the municipality's signature, and signing events
/// (a ceremony or dialogue forum where many organisations sign at once).
struct AccessionReviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.accessions, access: .coordinator, use: queue)
        routes.on(.GET, SiteURL.accession, access: .coordinator, use: review)
        routes.on(.POST, SiteURL.accessionApprove, access: .coordinator, use: approve)
        routes.on(.POST, SiteURL.accessionDecline, access: .coordinator, use: decline)
        routes.on(.POST, SiteURL.accessionComplete, access: .coordinator, use: requestInfo)
        routes.on(.POST, SiteURL.accessionSignOnPaper, access: .coordinator, use: sign)
        routes.on(.GET, SiteURL.signingEvent, access: .coordinator, use: signingEventForm)
        routes.on(.POST, SiteURL.signingEvent, access: .coordinator, use: recordSigningEvent)
    }

    struct QueuePage: Encodable {
        struct Row: Encodable { let organisation: String; let url: String; let status: String; let method: String; let created: String; let updated: String }
        let chrome: Chrome
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
        let signingEventURL: String
    }

    /// Which applications the queue shows (`?visa=`): those waiting for the coordinator (the
    /// default), the signed ones, those declined or withdrawn, or all.
    enum Show: String, CaseIterable, Sendable {
        case attHantera = "att-hantera", undertecknade, avslutade, alla

        var statuses: [Accession.Status]? {
            switch self {
            case .attHantera: [.submitted, .moreInfoRequested, .approved]
            case .undertecknade: [.signed]
            case .avslutade: [.declined, .withdrawn]
            case .alla: nil
            }
        }
    }

    /// Applications with a search by organisation, a filter by where they stand, a count and
    /// pages: those waiting oldest first (the order they wait in), the others latest first.
    /// Two queries whatever the number of applications.
    @Sendable func queue(req: Request) async throws -> View {
        let m = try await req.municipality()
        let mid = try m.requireID()
        let t = req.translator
        let list = ListRequest<Show>(req, path: SiteURL.accessions(m.slug), default: .attHantera)
        func listed() -> QueryBuilder<Accession> {
            let query = Accession.query(on: req.db).filter(\.$municipality.$id == mid)
                .join(Organisation.self, on: \Accession.$organisation.$id == \Organisation.$id)
            if let statuses = list.show.statuses { query.filter(\.$status ~~ statuses) }
            if !list.q.isEmpty { query.filter(ListSearch.folded(Organisation.schema, list.q)) }
            return query
        }
        let total = try await listed().count()
        let ordered = list.show == .attHantera ? listed().sort(\.$createdAt) : listed().sort(\.$updatedAt, .descending)
        let page = try await ordered.sort(\.$id).range(list.range).with(\.$organisation).all()
        func row(_ a: Accession) -> QueuePage.Row {
            .init(organisation: a.organisation.name, url: SiteURL.accession(m.slug, a.id!),
                  status: t("accession.status.\(a.status.rawValue)"), method: t("accession.method.\(a.method.rawValue)"),
                  created: a.createdAt.map(DayFormat.string) ?? "", updated: a.updatedAt.map(DayFormat.string) ?? "")
        }
        let controls = list.controls(total: total, keys: "accessions.", t: t)
        return try await req.view.render("joining/accessions", QueuePage(
            chrome: req.chrome(title: t("accessions.title"), municipality: m),
            list: controls, rows: page.map(row), pages: controls.pages,
            signingEventURL: SiteURL.signingEvent(m.slug)))
    }

    private func accession(_ req: Request) async throws -> (Municipality, Accession, Organisation) {
        let m = try await req.municipality()
        let a = try await req.find(Accession.self, "accession", in: m)
        return (m, a, try await a.$organisation.get(on: req.db))
    }

    struct ReviewPage: Encodable {
        let chrome: Chrome
        let csrf: String
        let organisation: OrganisationAdminPage
        let canDecide: Bool
        let canSign: Bool
        let approveFields: [FormField]
        let infoFields: [FormField]
        let declineFields: [FormField]
        let signFields: [FormField]
        let approveAction: String
        let declineAction: String
        let infoAction: String
        let signAction: String
    }

    @Sendable func review(req: Request) async throws -> View {
        let (m, a, o) = try await accession(req)
        let chrome = req.chrome(title: req.t("review.title", o.name), municipality: m)
        let org = try await OrganisationAdminPage.build(req: req, municipality: m, organisation: o, chrome: chrome)
        let aid = try a.requireID()
        let t = req.translator
        return try await req.view.render("joining/review", ReviewPage(
            chrome: chrome, csrf: req.csrfToken, organisation: org,
            canDecide: [.submitted, .moreInfoRequested].contains(a.status),
            canSign: a.status == .approved && a.municipalitySignedOn == nil,
            approveFields: Signing.messageField(t("review.approveMessage"), idPrefix: "approve", required: false, rows: 2),
            infoFields: Signing.messageField(t("review.infoMessage"), idPrefix: "info", required: true, rows: 3),
            declineFields: Signing.messageField(t("review.declineReason"), idPrefix: "decline", required: true, rows: 3),
            signFields: Signing.fields(t, idPrefix: "m", today: DayFormat.string(req.clock.now), roleHint: t("review.roleHint")),
            approveAction: SiteURL.accessionApprove(m.slug, aid), declineAction: SiteURL.accessionDecline(m.slug, aid),
            infoAction: SiteURL.accessionComplete(m.slug, aid), signAction: SiteURL.accessionSignOnPaper(m.slug, aid)))
    }


    /// Moves the application on one step, records who did it, and tells the representatives.
    private func step(_ req: Request, to status: Accession.Status, action: AccessionEvent.Action,
                      message: String?, mail: String) async throws -> Response {
        let (m, a, o) = try await accession(req)
        guard [.submitted, .moreInfoRequested].contains(a.status) else { throw Abort(.conflict, reason: req.t("accession.error.state")) }
        let user = try req.requireUser()
        let app = req.application
        let act: @Sendable (any Database) async throws -> Void = { tx in
            a.status = status
            try await a.save(on: tx)
            try await AccessionEvent(accessionID: a.requireID(), user: user, action: action, message: message).create(on: tx)
            let mailer = Mailer(db: tx, app: app)
            try await mailer.toRepresentatives(of: o, subjectKey: "mail.\(mail).subject", bodyKey: "mail.\(mail).body",
                                               [message ?? "", mailer.link(SiteURL.organisationAdmin(m.slug, o.requireID()))],
                                               kind: "accession")
        }
        // The decision mails the organisation's representatives: they and the message are shown first.
        guard FormInput(req).isConfirmed else {
            let drafts = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("review.confirm.\(action.rawValue).heading", o.name),
                message: req.t(drafts.isEmpty ? "review.confirm.nobody" : "review.confirm.message"), mail: drafts,
                button: req.t("review.confirm.\(action.rawValue).button"), cancelURL: SiteURL.accession(m.slug, try a.requireID()),
                municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("review.done.\(action.rawValue)", o.name))
        return req.redirect(to: SiteURL.accession(m.slug, try a.requireID()))
    }

    @Sendable func approve(req: Request) async throws -> Response {
        try await step(req, to: .approved, action: .approved, message: FormInput(req)["message"], mail: "accessionApproved")
    }

    @Sendable func decline(req: Request) async throws -> Response {
        try await stepWithMessage(req, to: .declined, action: .declined, mail: "accessionDeclined", missing: "review.error.reason")
    }

    @Sendable func requestInfo(req: Request) async throws -> Response {
        try await stepWithMessage(req, to: .moreInfoRequested, action: .infoRequested, mail: "moreInfo",
                                  missing: "review.error.message")
    }

    /// A step that needs a message (a reason, a question); without one, back to the page with `missing`.
    private func stepWithMessage(_ req: Request, to status: Accession.Status, action: AccessionEvent.Action,
                                 mail: String, missing: String) async throws -> Response {
        guard let message = FormInput(req)["message"], message.count <= 5000 else {
            let (m, a, _) = try await accession(req)
            req.flash(req.t(missing))
            return req.redirect(to: SiteURL.accession(m.slug, try a.requireID()))
        }
        return try await step(req, to: status, action: action, message: message, mail: mail)
    }

    @Sendable func sign(req: Request) async throws -> Response {
        let (m, a, o) = try await accession(req)
        guard a.status == .approved, a.municipalitySignedOn == nil else { throw Abort(.conflict, reason: req.t("accession.error.state")) }
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let name = check.required("signatoryName", max: 200)
        let role = check.required("signatoryRole", max: 200)
        let date = check.date("signedOn", required: true)
        guard check.isValid, let name, let role, let date else {
            req.flash(req.t("accession.error.signature"))
            return req.redirect(to: SiteURL.accession(m.slug, try a.requireID()))
        }
        try await Signing.record(.municipality, name: name, role: role, on: date.description, accession: a,
                                 organisation: o, municipality: m, user: try req.requireUser(), req: req)
        return req.redirect(to: SiteURL.accession(m.slug, try a.requireID()))
    }

    // MARK: - Signing events

    struct EventPage: Encodable {
        struct Candidate: Encodable { let id: String; let name: String; let district: String? }
        struct Option: Encodable { let value: String; let label: String; let selected: Bool }
        let chrome: Chrome
        let csrf: String
        let action: String
        let fields: [FormField]
        let query: String
        let districts: [Option]
        let results: [Candidate]
        let resultText: String
        let hasMoreResults: Bool
        let addAllLabel: String?
        let chosen: [Candidate]
        let chosenText: String
        let chosenError: String?
        let errorSummary: [FormPage.ErrorLink]?
        let cancelURL: String
    }

    /// Approved organisations that are not signatories and have no application under way, as a
    /// query (the search and the district narrow it).
    private func candidates(_ req: Request, _ m: Municipality, query: String, district: String?) async throws -> QueryBuilder<Organisation> {
        let mid = try m.requireID()
        let open = try await Accession.query(on: req.db).filter(\.$municipality.$id == mid)
            .filter(\.$status ~~ [.submitted, .moreInfoRequested, .approved]).all(\.$organisation.$id)
        let q = Organisation.query(on: req.db).filter(\.$municipality.$id == mid)
            .filter(\.$status == .approved).filter(\.$signatorySince == nil)
        if !open.isEmpty { q.filter(\.$id !~ open) }
        if !query.isEmpty { q.filter(ListSearch.folded(Organisation.schema, query)) }
        if let district { q.filter(\.$district == district) }
        return q
    }

    /// The page picks organisations by search and district, fifty results at a time, into a list
    /// of chosen ones that the form carries; nothing is stored until the event is recorded.
    private func renderEvent(_ req: Request, _ m: Municipality, input: FormInput?, chosenIDs: [UUID] = [],
                             errors: [String: String]) async throws -> Response {
        let t = req.translator
        let query = String((input?["sok"] ?? "").prefix(100))
        let district = input?["kommundel"]
        let matching = try await candidates(req, m, query: query, district: district)
        let total = try await matching.count()
        let results = try await candidates(req, m, query: query, district: district).sort("sort_name").sort(\.$id).limit(50).all()
        let chosen = chosenIDs.isEmpty ? [] : try await Organisation.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$id ~~ chosenIDs).sort("sort_name").all()
        let chosenSet = Set(chosenIDs)
        let districts = try await Organisation.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .approved).filter(\.$district != nil).unique().all(\.$district).compactMap { $0 }.sorted(by: SwedishOrder.areInOrder)
        func value(_ name: String, _ initial: String = "") -> String { input?.values[name] ?? initial }
        let fields = [
            FormField(name: "title", label: t("event.field.title"), kind: .text, value: value("title"),
                      hint: t("event.hint.title"), error: errors["title"], required: true, maxLength: 200),
            FormField(name: "date", label: t("event.field.date"), kind: .date, value: value("date", DayFormat.string(req.clock.now)),
                      error: errors["date"], required: true),
            FormField(name: "signatoryName", label: t("event.field.signatoryName"), kind: .text, value: value("signatoryName"),
                      error: errors["signatoryName"], required: true, maxLength: 200),
            FormField(name: "signatoryRole", label: t("event.field.signatoryRole"), kind: .text, value: value("signatoryRole"),
                      error: errors["signatoryRole"], required: true, maxLength: 200),
        ]
        var summary = fields.compactMap { f in f.error.map { FormPage.ErrorLink(fieldID: f.id, message: "\(f.label): \($0)") } }
        if let error = errors["organisations"] { summary.append(.init(fieldID: "valda", message: error)) }
        let page = EventPage(
            chrome: req.chrome(title: t("event.title"), municipality: m), csrf: req.csrfToken, action: SiteURL.signingEvent(m.slug),
            fields: fields, query: query,
            districts: [.init(value: "", label: t("event.allDistricts"), selected: district == nil)]
                + districts.map { .init(value: $0, label: $0, selected: $0 == district) },
            results: results.filter { !chosenSet.contains($0.id!) }.map { .init(id: $0.id!.uuidString, name: $0.name, district: $0.district) },
            resultText: t(query.isEmpty && district == nil ? "event.candidates" : "event.matches", String(total)),
            hasMoreResults: total > results.count,
            addAllLabel: total > 0 && total <= Self.addAllLimit ? t("event.addAll", String(total)) : nil,
            chosen: chosen.map { .init(id: $0.id!.uuidString, name: $0.name, district: $0.district) },
            chosenText: t("event.chosen", String(chosen.count)), chosenError: errors["organisations"],
            errorSummary: summary.isEmpty ? nil : summary, cancelURL: SiteURL.accessions(m.slug))
        return try await req.renderForm("joining/signing-event", page, failed: !errors.isEmpty)
    }

    static let addAllLimit = 500

    @Sendable func signingEventForm(req: Request) async throws -> Response {
        try await renderEvent(req, try await req.municipality(), input: nil, errors: [:])
    }

    /// One action for the whole event: every chosen organisation becomes a signatory on its date.
    @Sendable func recordSigningEvent(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        // Picking organisations: search, add the checked ones or every match, remove one.
        var chosenIDs = (input.lists["organisations"] ?? []).compactMap(UUID.init(uuidString:))
        let action = input["action"] ?? "sign"
        if action != "sign" {
            switch action {
            case "add":
                chosenIDs += (input.lists["pick"] ?? []).compactMap(UUID.init(uuidString:))
            case "addAll":
                let query = String((input["sok"] ?? "").prefix(100))
                chosenIDs += try await candidates(req, m, query: query, district: input["kommundel"]).limit(Self.addAllLimit).all(\.$id)
            case let remove where remove.hasPrefix("remove:"):
                let id = UUID(uuidString: String(remove.dropFirst("remove:".count)))
                chosenIDs.removeAll { $0 == id }
            default:
                break
            }
            var seen = Set<UUID>()
            chosenIDs = chosenIDs.filter { seen.insert($0).inserted }
            return try await renderEvent(req, m, input: input, chosenIDs: chosenIDs, errors: [:])
        }
        var check = FormValidation(input, req.translator)
        let title = check.required("title", max: 200)
        let date = check.date("date", required: true)
        let name = check.required("signatoryName", max: 200)
        let role = check.required("signatoryRole", max: 200)
        let chosen = Set((input.lists["organisations"] ?? []).compactMap(UUID.init(uuidString:)))
        let organisations = chosen.isEmpty ? [] : try await Organisation.query(on: req.db)
            .filter(\.$municipality.$id == m.requireID()).filter(\.$status == .approved).filter(\.$id ~~ Array(chosen)).all()
        let busy = Set(try await Accession.query(on: req.db).filter(\.$organisation.$id ~~ Array(chosen))
            .filter(\.$status ~~ [.submitted, .moreInfoRequested, .approved, .signed]).all().map { $0.$organisation.id })
        if organisations.isEmpty || organisations.count != chosen.count || !busy.isEmpty {
            check.fail("organisations", req.t("event.error.organisations"))
        }
        guard let agreement = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first() else { throw Abort(.conflict, reason: req.t("error.noAgreement")) }
        guard check.isValid, let title, let date, let name, let role else {
            return try await renderEvent(req, m, input: input, chosenIDs: chosenIDs, errors: check.errors)
        }
        let user = try req.requireUser()
        let app = req.application
        let act: @Sendable (any Database) async throws -> Void = { db in try await db.writeTransaction { tx in
            let event = SigningEvent()
            event.$municipality.id = try m.requireID()
            event.$agreement.id = try agreement.requireID()
            event.title = title
            event.date = date.description
            event.signatoryName = name
            event.signatoryRole = role
            event.$createdBy.id = user.id
            try await event.create(on: tx)
            let mailer = Mailer(db: tx, app: app)
            for o in organisations {
                let a = Accession()
                a.$organisation.id = try o.requireID()
                a.$municipality.id = try m.requireID()
                a.$agreement.id = try agreement.requireID()
                a.$signingEvent.id = event.id
                a.method = .event
                a.status = .signed
                a.decisionDate = date.description
                a.organisationSignedOn = date.description
                a.organisationSignatoryName = nil
                a.municipalitySignatoryName = name
                a.municipalitySignatoryRole = role
                a.municipalitySignedOn = date.description
                a.signedOn = date.description
                try await a.create(on: tx)
                try await AccessionEvent(accessionID: a.requireID(), user: user, action: .signedAtEvent, message: title).create(on: tx)
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.signed.subject", bodyKey: "mail.signed.body",
                                                   [date.description, mailer.link(SiteURL.certificate(m.slug, a.requireID()))],
                                                   kind: "accession")
            }
            try await SignatoryStatus.refresh(organisations.compactMap(\.id), on: tx)
        } }
        // Every representative is mailed a certificate: shown first, with the number who get it.
        guard input.isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("event.confirm.heading", String(organisations.count), title),
                message: req.t("event.confirm.message", String(organisations.count), date.description),
                mail: mail, button: req.t("event.submit"), cancelURL: SiteURL.signingEvent(m.slug), municipality: m)
        }
        try await act(req.db)
        req.flash(req.t("event.done", String(organisations.count), title))
        return req.redirect(to: SiteURL.signatories(m.slug))
    }
}
