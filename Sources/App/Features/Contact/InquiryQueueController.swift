import Fluent
import SamverkanCore
import Vapor

/// The staff's side of one way in: the queue at `/admin/{kommun}/arenden` (an officer's is their
/// department's and what is assigned to them; the coordinator's is everything, with "don't know"
/// waiting for routing), and one inquiry's handling: taking it, internal notes, sending it on to
/// another topic with a reason, asking the inquirer for more (the clock stops), answering,
/// closing, and recording its diarienummer. `InquiryPolicy` decides per inquiry.
struct InquiryQueueController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.inquiries, access: .staff, use: queue)
        routes.on(.GET, SiteURL.inquiry, access: .staff, use: show)
        routes.on(.POST, SiteURL.inquiryTake, access: .staff, use: take)
        routes.on(.POST, SiteURL.inquiryNote, access: .staff, use: note)
        routes.on(.POST, SiteURL.inquiryAsk, access: .staff, use: askForMore)
        routes.on(.POST, SiteURL.inquiryAnswer, access: .staff, use: answer)
        routes.on(.POST, SiteURL.inquiryClose, access: .staff, use: close)
        routes.on(.POST, SiteURL.inquiryReassign, access: .staff, use: reassign)
        routes.on(.POST, SiteURL.inquiryRegister, access: .staff, use: register)
        routes.on(.POST, SiteURL.inquiryTouches, access: .staff, use: touches)
        routes.on(.GET, SiteURL.inquiryPrint, access: .staff, use: printable)
        routes.on(.GET, SiteURL.inquiryAttachment, access: .staff, use: attachment)
        routes.on(.POST, SiteURL.inquiryToAgenda, access: .coordinator, use: toAgenda)
    }

    enum Show: String, CaseIterable, Sendable { case oppna, mina, vantar, besvarade, skav, alla }

    struct QueuePage: Encodable {
        struct Row: Encodable {
            let url: String; let subject: String; let kind: String; let topic: String; let queue: String
            let received: String; let due: String?; let late: String?; let status: String
        }
        let chrome: Chrome
        let list: ListControls
        let rows: [Row]
        let pages: [PageLink]
    }

    /// The queue's rows and their count. Four queries, whatever the number of inquiries: the
    /// departments, the topics, the count and the page.
    static func listed(_ db: any Database, _ m: Municipality, user: User, _ list: ListRequest<Show>, today: CalendarDate,
                       t: Translator) async throws -> (total: Int, rows: [QueuePage.Row]) {
        let mid = try m.requireID()
        let departments = try await Department.query(on: db).filter(\.$municipality.$id == mid).all()
        let topics = try await Topic.query(on: db).filter(\.$municipality.$id == mid).all()
        let mine = departments.filter { InquiryPolicy.isOfficer(user, of: $0) }.compactMap(\.id)
        func listed() -> QueryBuilder<Inquiry> {
            let q = Inquiry.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status != .unverified)
            if !user.isCoordinator(of: mid) {
                q.group(.or) { g in
                    g.filter(\.$assignee.$id == user.id)
                    if !mine.isEmpty { g.filter(\.$department.$id ~~ mine) }
                }
            }
            switch list.show {
            case .oppna: q.filter(\.$status ~~ [.new, .assigned, .reopened])
            case .mina: q.filter(\.$assignee.$id == user.id).filter(\.$status ~~ [.new, .assigned, .reopened, .waiting])
            case .vantar: q.filter(\.$status == .waiting)
            case .besvarade: q.filter(\.$status ~~ [.answered, .closed])
            // Friction, whatever its state: recurring ones go to the council.
            case .skav: q.filter(\.$kind == .friction)
            case .alla: break
            }
            if !list.q.isEmpty {
                q.group(.or) { $0.filter(ListSearch.contains(Inquiry.schema, "subject", list.q)).filter(ListSearch.contains(Inquiry.schema, "reference_number", list.q)) }
            }
            return q
        }
        let total = try await listed().count()
        let inquiries = try await listed().sort(\.$dueOn).sort(\.$receivedAt).range(list.range).all()
        let departmentName = Dictionary(uniqueKeysWithValues: departments.compactMap { d in d.id.map { ($0, d.name) } })
        let topicName = Dictionary(uniqueKeysWithValues: topics.compactMap { x in x.id.map { ($0, x.name) } })
        let rows = inquiries.map { i in
            QueuePage.Row(
                url: SiteURL.inquiry(m.slug, i.id!), subject: i.thinnedAt == nil ? i.subject : t("inquiry.thinnedSubject"),
                kind: t("inquiry.kind.\(i.kind.rawValue)"),
                topic: i.$topic.id.flatMap { topicName[$0] } ?? t("ask.dontKnow"),
                queue: i.$department.id.flatMap { departmentName[$0] } ?? t("contact.coordinatorGroup"),
                received: DayFormat.string(seconds: i.receivedAt),
                due: i.firstAnsweredAt == nil ? i.dueOn : nil,
                late: Inquiries.timeliness(i, today: today).flatMap { $0 == .onTime ? nil : t("inquiry.timeliness.\($0.rawValue)") },
                status: t("inquiry.status.\(i.status.rawValue)"))
        }
        return (total, rows)
    }

    @Sendable func queue(req: Request) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator
        let list = ListRequest<Show>(req, path: SiteURL.inquiries(m.slug), default: .oppna)
        let (total, rows) = try await Self.listed(req.db, m, user: try req.requireUser(), list, today: req.clock.today, t: t)
        let controls = list.controls(total: total, keys: "queue.", t: t)
        return try await req.view.render("contact/queue", QueuePage(
            chrome: req.chrome(title: t("queue.title")), list: controls, rows: rows, pages: controls.pages))
    }

    // MARK: One inquiry

    struct HandlePage: Encodable {
        struct Step: Encodable { let when: String; let who: String; let what: String; let text: [String]?; let isInternal: Bool }
        struct Action: Encodable { let url: String; let label: String; let field: String?; let fieldLabel: String?; let hint: String? }
        let chrome: Chrome
        let csrf: String
        let subject: String
        let facts: [AgreementPage.Row]
        let body: [String]
        let steps: [Step]
        let takeAction: String?
        let textActions: [Action]
        let reassignAction: String?
        let topicOptions: [FormField.Option]
        let registerAction: String
        let referenceNumber: String
        let closeAction: String?
        let backURL: String
        let error: String?
        let thinnedNote: String?
        let touchesAction: String
        let principleOptions: [FormField.Option]?
        let commitmentOptions: [FormField.Option]?
        let printURL: String
        let attachments: [InquiryAttachments.Link]?
        let agendaAction: String?
        let agendaMeeting: String?
    }

    private func load(_ req: Request) async throws -> (Municipality, Inquiry) {
        let m = try await req.municipality()
        let inquiry = try await req.find(Inquiry.self, "inquiry", in: m, notFound: "inquiry.error.notFound")
        let department = try await inquiry.$department.get(on: req.db)
        guard inquiry.status != .unverified, InquiryPolicy.mayHandle(req.currentUser, inquiry, department: department) else {
            throw Abort(.forbidden, reason: req.t("error.forbidden"))
        }
        return (m, inquiry)
    }

    private func render(_ req: Request, _ m: Municipality, _ inquiry: Inquiry, error: String? = nil) async throws -> Response {
        let t = req.translator
        let events = try await InquiryEvent.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID()).sort(\.$at).sort(\.$id).all()
        let topics = try await Topic.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).sort(\.$name).all()
        let department = try await inquiry.$department.get(on: req.db)
        let assignee = try await inquiry.$assignee.get(on: req.db)
        let open = inquiry.status != .closed
        var facts: [AgreementPage.Row] = [
            .init(label: t("queue.status"), value: t("inquiry.status.\(inquiry.status.rawValue)")),
            .init(label: t("ask.kind"), value: t("inquiry.kind.\(inquiry.kind.rawValue)")),
            .init(label: t("ask.topic"), value: topics.first { $0.id == inquiry.$topic.id }?.name ?? t("ask.dontKnow")),
            .init(label: t("queue.queue"), value: department?.name ?? t("contact.coordinatorGroup")),
            .init(label: t("queue.from"), value: "\(inquiry.inquirerName) <\(inquiry.inquirerEmail)>"),
            .init(label: t("queue.received"), value: DayFormat.string(seconds: inquiry.receivedAt)),
            .init(label: t("queue.assignee"), value: assignee?.name ?? t("queue.nobody")),
        ]
        if let due = inquiry.dueOn, inquiry.firstAnsweredAt == nil {
            let late = Inquiries.timeliness(inquiry, today: req.clock.today).flatMap { $0 == .onTime ? nil : t("inquiry.timeliness.\($0.rawValue)") }
            facts.append(.init(label: t("queue.due"), value: due + (late.map { " – \($0)" } ?? "")))
        }
        if let n = inquiry.referenceNumber { facts.append(.init(label: t("queue.referenceNumber"), value: n)) }
        let me = req.currentUser
        let textActions: [HandlePage.Action] = open ? [
            .init(url: SiteURL.inquiryAnswer(m.slug, inquiry.id!), label: t("queue.answer"), field: "text", fieldLabel: t("queue.answerLabel"), hint: t("queue.answerHint")),
            .init(url: SiteURL.inquiryAsk(m.slug, inquiry.id!), label: t("queue.askForMore"), field: "text", fieldLabel: t("queue.askLabel"), hint: t("queue.askHint")),
            .init(url: SiteURL.inquiryNote(m.slug, inquiry.id!), label: t("queue.note"), field: "text", fieldLabel: t("queue.noteLabel"), hint: t("queue.noteHint")),
        ] : []
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let touched = Set(try await InquiryTouch.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID()).all().map(\.tag))
        let touchedNames = agreement.names(of: touched)
        if !touchedNames.isEmpty { facts.append(.init(label: t("queue.touches"), value: touchedNames.joined(separator: "; "))) }
        let nextCouncil = inquiry.kind == .friction && req.currentUser?.isCoordinator(of: m.id) == true
            ? try await AgreementTouches.nextCouncilMeeting(m, on: req.db, now: req.clock.seconds) : nil
        let subject = inquiry.thinnedAt == nil ? inquiry.subject : t("inquiry.thinnedSubject")
        let page = HandlePage(
            chrome: req.chrome(title: t("queue.inquiryTitle", subject)), csrf: req.csrfToken, subject: subject, facts: facts,
            body: FlowingText.paragraphs(inquiry.body) ?? [],
            steps: events.map { e in
                .init(when: DayFormat.string(seconds: e.at), who: e.authorName, what: t("inquiry.event.\(e.kind.rawValue)"),
                      text: FlowingText.paragraphs(e.text), isInternal: e.isInternal)
            },
            takeAction: open && inquiry.$assignee.id != me?.id ? SiteURL.inquiryTake(m.slug, inquiry.id!) : nil,
            textActions: textActions,
            reassignAction: open ? SiteURL.inquiryReassign(m.slug, inquiry.id!) : nil,
            topicOptions: topics.map { .init(value: $0.id!.uuidString, label: $0.name, selected: $0.id == inquiry.$topic.id) },
            registerAction: SiteURL.inquiryRegister(m.slug, inquiry.id!), referenceNumber: inquiry.referenceNumber ?? "",
            closeAction: open ? SiteURL.inquiryClose(m.slug, inquiry.id!) : nil,
            backURL: SiteURL.inquiries(m.slug), error: error,
            thinnedNote: inquiry.thinnedAt.map { t("inquiry.thinnedNote", DayFormat.string(seconds: $0)) },
            touchesAction: SiteURL.inquiryTouches(m.slug, inquiry.id!),
            principleOptions: agreement.principles.isEmpty ? nil : agreement.principles.map { .init(value: $0.tag, label: $0.label, selected: touched.contains($0.tag)) },
            commitmentOptions: agreement.commitments.isEmpty ? nil : agreement.commitments.map { .init(value: $0.tag, label: $0.label, selected: touched.contains($0.tag)) },
            printURL: SiteURL.inquiryPrint(m.slug, inquiry.id!),
            attachments: InquiryAttachments.links(try await InquiryAttachments.of(inquiry, on: req.db)) { SiteURL.inquiryAttachment(m.slug, inquiry.id!, $0) },
            agendaAction: nextCouncil == nil ? nil : SiteURL.inquiryToAgenda(m.slug, inquiry.id!),
            agendaMeeting: nextCouncil.map { t("queue.agendaMeeting", $0.title, DayFormat.string(seconds: $0.startsAt)) })
        return try await req.renderForm("contact/handle", page, failed: error != nil)
    }

    @Sendable func attachment(req: Request) async throws -> Response {
        let (_, inquiry) = try await load(req)
        return try await InquiryAttachments.serve(req, of: inquiry)
    }

    @Sendable func printable(req: Request) async throws -> View {
        let (m, inquiry) = try await load(req)
        let t = req.translator
        let events = try await InquiryEvent.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID()).sort(\.$at).sort(\.$id).all()
        let topic = try await Topic.find(inquiry.$topic.id, on: req.db)
        let department = try await Department.find(inquiry.$department.id, on: req.db)
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let touched = Set(try await InquiryTouch.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID()).all().map(\.tag))
        var facts: [AgreementPage.Row] = [
            .init(label: t("print.municipality"), value: m.name),
            .init(label: t("queue.referenceNumber"), value: inquiry.referenceNumber ?? t("print.notRegistered")),
            .init(label: t("ask.kind"), value: t("inquiry.kind.\(inquiry.kind.rawValue)")),
            .init(label: t("ask.topic"), value: topic?.name ?? t("ask.dontKnow")),
            .init(label: t("queue.queue"), value: department?.name ?? t("contact.coordinatorGroup")),
            .init(label: t("queue.from"), value: "\(inquiry.inquirerName) <\(inquiry.inquirerEmail)>"),
            .init(label: t("queue.received"), value: DayFormat.string(seconds: inquiry.receivedAt)),
            .init(label: t("queue.status"), value: t("inquiry.status.\(inquiry.status.rawValue)")),
        ]
        let names = agreement.names(of: touched)
        if !names.isEmpty { facts.append(.init(label: t("queue.touches"), value: names.joined(separator: "; "))) }
        // The record: what was received and what was sent; internal notes are working material.
        let steps = events.filter { !$0.isInternal }.map { e in
            HandlePage.Step(when: DayFormat.string(seconds: e.at), who: e.authorName, what: t("inquiry.event.\(e.kind.rawValue)"),
                            text: FlowingText.paragraphs(e.text), isInternal: false)
        }
        let subject = inquiry.thinnedAt == nil ? inquiry.subject : t("inquiry.thinnedSubject")
        return try await req.view.render("contact/print", PrintPage(
            chrome: req.chrome(title: t("print.title", subject)), subject: subject, facts: facts,
            body: FlowingText.paragraphs(inquiry.body) ?? [], steps: steps,
            attachments: InquiryAttachments.links(try await InquiryAttachments.of(inquiry, on: req.db)) { SiteURL.inquiryAttachment(m.slug, inquiry.id!, $0) },
            printedOn: DayFormat.string(seconds: req.clock.seconds),
            backURL: SiteURL.inquiry(m.slug, inquiry.requireID())))
    }

    struct PrintPage: Encodable {
        let chrome: Chrome
        let subject: String
        let facts: [AgreementPage.Row]
        let body: [String]
        let steps: [HandlePage.Step]
        let attachments: [InquiryAttachments.Link]?
        let printedOn: String
        let backURL: String
    }

    /// Sets what of the agreement in force the inquiry touches, from the ticked boxes.
    @Sendable func touches(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let ticked = Set(FormInput(req).lists["touch"] ?? []).intersection(agreement.tags)
        let existing = try await InquiryTouch.query(on: req.db).filter(\.$inquiry.$id == inquiry.requireID()).all()
        let before = Set(existing.map(\.tag))
        guard ticked != before else { return back(req, m, inquiry, "queue.touchesSaved") }
        let names = agreement.names(of: ticked)
        try await step(req, inquiry, .note, text: req.t("queue.touchesNote", names.isEmpty ? req.t("queue.touchesNone") : names.joined(separator: "; ")),
                       internal: true) { tx in
            for touch in existing where !ticked.contains(touch.tag) { try await touch.delete(on: tx) }
            for tag in ticked.subtracting(before).sorted() {
                guard let touch = InquiryTouch(inquiry, tag: tag) else { continue }
                try await touch.create(on: tx)
            }
        }
        return back(req, m, inquiry, "queue.touchesSaved")
    }

    /// A "skav" taken up at the council's next meeting: a line on its agenda, without the inquirer.
    @Sendable func toAgenda(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.kind == .friction else { throw Abort(.conflict, reason: req.t("queue.error.notFriction")) }
        guard let meeting = try await AgreementTouches.nextCouncilMeeting(m, on: req.db, now: req.clock.seconds) else {
            return try await render(req, m, inquiry, error: req.t("queue.error.noCouncilMeeting"))
        }
        let line = req.t("queue.agendaLine", inquiry.subject)
        let lines = (meeting.agenda ?? "").split(separator: "\n").map(String.init)
        guard !lines.contains(line) else { return back(req, m, inquiry, "queue.onAgendaAlready") }
        let when = DayFormat.string(seconds: meeting.startsAt)
        try await step(req, inquiry, .note, text: req.t("queue.onAgendaNote", meeting.title, when), internal: true) { tx in
            meeting.agenda = (lines + [line]).joined(separator: "\n")
            meeting.sequence += 1
            try await meeting.save(on: tx)
        }
        req.flash(req.t("queue.onAgenda", meeting.title, when))
        return try req.redirect(to: SiteURL.inquiry(m.slug, inquiry.requireID()))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        return try await render(req, m, inquiry)
    }

    private func step(_ req: Request, _ inquiry: Inquiry, _ kind: InquiryEvent.Kind, text: String? = nil, internal isInternal: Bool = false,
                      _ change: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws {
        let user = try req.requireUser()
        let now = req.clock.seconds, today = req.clock.today
        try await req.db.writeTransaction { tx in
            try await InquiryEvent(inquiry, kind, at: now, author: user, name: user.name, text: text, internal: isInternal).create(on: tx)
            try await change(tx)
            try await Inquiries.refreshDue(inquiry, on: tx, today: today)
            try await inquiry.save(on: tx)
        }
    }

    private func back(_ req: Request, _ m: Municipality, _ inquiry: Inquiry, _ key: String) -> Response {
        req.flash(req.t(key))
        return req.redirect(to: SiteURL.inquiry(m.slug, inquiry.id!))
    }

    @Sendable func take(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.status != .closed else { throw Abort(.conflict, reason: req.t("queue.error.closed")) }
        let user = try req.requireUser()
        try await step(req, inquiry, .assigned, internal: true) { _ in
            inquiry.$assignee.id = user.id
            if [.new, .reopened].contains(inquiry.status) { inquiry.status = .assigned }
        }
        return back(req, m, inquiry, "queue.taken")
    }

    @Sendable func note(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard let text = Inquiries.text(req).text else { return try await render(req, m, inquiry, error: req.t("queue.error.text")) }
        try await step(req, inquiry, .note, text: text, internal: true)
        return back(req, m, inquiry, "queue.noted")
    }

    @Sendable func askForMore(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.status != .closed else { throw Abort(.conflict, reason: req.t("queue.error.closed")) }
        guard let text = Inquiries.text(req).text else { return try await render(req, m, inquiry, error: req.t("queue.error.text")) }
        let app = req.application
        try await step(req, inquiry, .askedForMore, text: text) { tx in
            inquiry.status = .waiting
            try await Inquiries.mailInquirer(inquiry, municipality: m, subjectKey: "mail.inquiryAsk.subject", bodyKey: "mail.inquiryAsk.body",
                                             [text], app: app, on: tx)
        }
        return back(req, m, inquiry, "queue.asked")
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.status != .closed else { throw Abort(.conflict, reason: req.t("queue.error.closed")) }
        guard let text = Inquiries.text(req).text else { return try await render(req, m, inquiry, error: req.t("queue.error.text")) }
        let app = req.application, now = req.clock.seconds
        try await step(req, inquiry, .answer, text: text) { tx in
            inquiry.status = .answered
            let events = try await InquiryEvent.query(on: tx).filter(\.$inquiry.$id == inquiry.requireID()).all()
            Inquiries.recordFirstAnswer(inquiry, at: now, events: events)
            try await Inquiries.mailInquirer(inquiry, municipality: m, subjectKey: "mail.inquiryAnswer.subject", bodyKey: "mail.inquiryAnswer.body",
                                             [text], app: app, on: tx)
        }
        return back(req, m, inquiry, "queue.answered")
    }

    @Sendable func close(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.status != .closed else { return back(req, m, inquiry, "queue.closed") }
        let now = req.clock.seconds
        try await step(req, inquiry, .closed) { _ in
            inquiry.status = .closed
            inquiry.closedAt = now
        }
        return back(req, m, inquiry, "queue.closed")
    }

    /// To another topic, and so to its department's queue, with the reason kept in the history.
    @Sendable func reassign(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        guard inquiry.status != .closed else { throw Abort(.conflict, reason: req.t("queue.error.closed")) }
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let reason = check.required("reason", max: 2000)
        let topic = try await UUID(uuidString: input["topic"] ?? "").asyncFlatMap { id in
            try await Topic.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).first()
        }
        guard let reason, let topic else {
            return try await render(req, m, inquiry, error: req.t(topic == nil ? "queue.error.topic" : "queue.error.reason"))
        }
        let department = try await topic.$department.get(on: req.db)
        let to = department?.name ?? req.t("contact.coordinatorGroup")
        let app = req.application
        try await step(req, inquiry, .reassigned, text: req.t("queue.reassignedTo", topic.name, to) + " " + reason, internal: true) { tx in
            inquiry.$topic.id = topic.id
            inquiry.$department.id = topic.$department.id
            inquiry.$assignee.id = nil
            if inquiry.status == .assigned { inquiry.status = .new }
            try await inquiry.save(on: tx)
            try await Inquiries.tellHandlers(inquiry, municipality: m, subjectKey: "mail.inquiry.new.subject", bodyKey: "mail.inquiry.new.body", app: app, on: tx)
        }
        // The one who sent it on may no longer see it; the queue is where they go on.
        req.flash(req.t("queue.reassigned", to))
        return req.redirect(to: SiteURL.inquiries(m.slug))
    }

    @Sendable func register(req: Request) async throws -> Response {
        let (m, inquiry) = try await load(req)
        var check = FormValidation(FormInput(req), req.translator)
        guard let number = check.required("referenceNumber", max: 50) else { return try await render(req, m, inquiry, error: req.t("queue.error.referenceNumber")) }
        try await step(req, inquiry, .registered, text: number, internal: true) { _ in inquiry.referenceNumber = number }
        return back(req, m, inquiry, "queue.registered")
    }
}

extension Inquiry: MunicipalityScoped { static var municipalityKey: KeyPath<Inquiry, FieldProperty<Inquiry, UUID>> { \.$municipality.$id } }
