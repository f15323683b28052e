import Fluent
import SamverkanCore
import Vapor

/// Staff plan meetings, change or cancel them, send invitations, mark attendance and publish
/// minutes. The coordinator also keeps the municipality's own kinds of meeting.
struct MeetingAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.meetingsAdmin, access: .staff, use: list)
        routes.on(.GET, SiteURL.meetingNew, access: .staff, use: newForm)
        routes.on(.POST, SiteURL.meetingsAdmin, access: .staff, use: create)
        routes.on(.POST, SiteURL.meetingKinds, access: .coordinator, use: addKind)
        routes.on(.POST, SiteURL.meetingKindRemove, access: .coordinator, use: removeKind)
        routes.on(.GET, SiteURL.meetingAdmin, access: .arranger, use: show)
        routes.on(.GET, SiteURL.meetingEdit, access: .arranger, use: editForm)
        routes.on(.POST, SiteURL.meetingEdit, access: .arranger, use: update)
        routes.on(.POST, SiteURL.meetingCancel, access: .arranger, use: cancel)
        routes.on(.POST, SiteURL.meetingDelete, access: .arranger, use: delete)
        routes.on(.GET, SiteURL.meetingParticipantsCSV, access: .arranger, use: participantsCSV)
        routes.on(.GET, SiteURL.meetingAttendanceList, access: .arranger, use: attendanceList)
        routes.on(.POST, SiteURL.meetingInvite, access: .staff, use: invite)
        routes.on(.POST, SiteURL.meetingAttendance, access: .arranger, use: attendance)
        routes.on(.POST, SiteURL.meetingMinutes, access: .staff, use: publishMinutes)
    }


    struct ListPage: Encodable {
        struct Row: Encodable { let title: String; let url: String; let when: String; let kind: String; let status: String; let registered: Int }
        struct Kind: Encodable { let name: String; let removeAction: String }
        let chrome: Chrome
        let csrf: String
        let newURL: String
        let list: ListControls
        let rows: [Row]?
        let pages: [PageLink]
        let kinds: [Kind]?
        let kindAction: String
        let kindFields: [FormField]
        let isCoordinator: Bool
        let publicURL: String
    }

    /// Which meetings the list shows (`?visa=`): all, latest first (the default); the coming ones,
    /// soonest first; those held; those cancelled.
    enum Show: String, CaseIterable, Sendable { case alla, kommande, genomforda, installda }

    /// The page of meetings asked for, how many match, and the seats taken at each: three queries
    /// whatever the number of meetings.
    static func listed(_ db: any Database, _ mid: UUID, _ list: ListRequest<Show>, now: Int) async throws
        -> (total: Int, meetings: [Meeting], seated: [UUID: Int]) {
        func listed() -> QueryBuilder<Meeting> {
            let query = Meeting.query(on: db).filter(\.$municipality.$id == mid)
            switch list.show {
            case .alla: break
            case .kommande: query.filter(\.$status == .scheduled).filter(\.$endsAt >= now)
            case .genomforda: query.filter(\.$status == .scheduled).filter(\.$endsAt < now)
            case .installda: query.filter(\.$status == .cancelled)
            }
            if !list.q.isEmpty { query.filter(ListSearch.contains(Meeting.schema, "title", list.q)) }
            return query
        }
        let total = try await listed().count()
        let meetings = try await listed().sort(\.$startsAt, list.show == .kommande ? .ascending : .descending).sort(\.$id)
            .range(list.range).all()
        return (total, meetings, try await MeetingQueries.seated(meetings.compactMap(\.id), on: db))
    }

    /// The municipality's meetings with a search in the title, a filter, a count and pages.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let mid = try m.requireID()
        let t = req.translator
        let now = req.clock.seconds
        let list = ListRequest<Show>(req, path: SiteURL.meetingsAdmin(m.slug), default: .alla)
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let (total, meetings, seated) = try await Self.listed(req.db, mid, list, now: now)
        let rows = meetings.map { mt in
            ListPage.Row(title: mt.title, url: SiteURL.meetingAdmin(m.slug, mt.id!), when: mt.when(t), kind: mt.kindName(t, custom: custom),
                         status: t(mt.status == .cancelled ? "meeting.cancelled" : mt.endsAt < now ? "meeting.held" : "meeting.planned"),
                         registered: seated[mt.id!] ?? 0)
        }
        let controls = list.controls(total: total, keys: "meetingsAdmin.", t: t)
        let kinds = custom.sorted { $0.value < $1.value }.map {
            ListPage.Kind(name: $0.value, removeAction: SiteURL.meetingKindRemove(m.slug, $0.key))
        }
        return try await req.view.render("meetings/admin-list", ListPage(
            chrome: req.chrome(title: t("meetingsAdmin.title", m.name), municipality: m), csrf: req.csrfToken,
            newURL: SiteURL.meetingNew(m.slug), list: controls, rows: rows.isEmpty ? nil : rows, pages: controls.pages, kinds: kinds.isEmpty ? nil : kinds,
            kindAction: SiteURL.meetingKinds(m.slug),
            kindFields: [FormField(name: "name", label: t("meetingsAdmin.kindName"), kind: .text, required: true, maxLength: 100, idPrefix: "kind")],
            isCoordinator: MeetingPolicy.mayManageKinds(req.currentUser, municipalityID: m.id),
            publicURL: SiteURL.meetings(m.slug)))
    }

    private func renderForm(_ req: Request, _ m: Municipality, _ values: MeetingForm.Values, errors: [String: String],
                            meeting: Meeting?) async throws -> Response {
        let t = req.translator
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let mode = try await MeetingForm.mode(req, m, meeting: meeting)
        let page = FormPage(
            chrome: req.chrome(title: meeting == nil ? t("meetingsAdmin.new") : t("meetingsAdmin.edit", meeting!.title), municipality: m),
            heading: meeting == nil ? t("meetingsAdmin.new") : t("meetingsAdmin.edit", meeting!.title),
            intro: t("meetingsAdmin.formIntro"),
            action: meeting.map { SiteURL.meetingEdit(m.slug, $0.id!) } ?? SiteURL.meetingsAdmin(m.slug),
            csrf: req.csrfToken,
            fields: MeetingForm.fields(values, errors: errors, custom: custom, mode: mode, t: t, editing: meeting != nil),
            submitLabel: t("action.save"),
            cancelURL: meeting.map { SiteURL.meetingAdmin(m.slug, $0.id!) } ?? SiteURL.meetingsAdmin(m.slug))
        return try await req.renderForm("partials/form-page", page, failed: !errors.isEmpty)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await renderForm(req, try await req.municipality(), MeetingForm.Values(), errors: [:], meeting: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        let meeting = Meeting()
        meeting.$municipality.id = try m.requireID()
        meeting.status = .scheduled
        meeting.sequence = 0
        let errors = MeetingForm.apply(input, to: meeting, custom: try await MeetingQueries.customKinds(m, on: req.db),
                                       mode: try await MeetingForm.mode(req, m, meeting: nil), t: req.translator)
        guard errors.isEmpty else { return try await renderForm(req, m, MeetingForm.Values(input), errors: errors, meeting: nil) }
        try await meeting.create(on: req.db)
        req.flash(req.t("meetingsAdmin.created", meeting.title))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        return try await renderForm(req, m, MeetingForm.Values(meeting), errors: [:], meeting: meeting)
    }

    /// Saves changes; a new time counts as moving the meeting, and everyone registered is told.
    @Sendable func update(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard meeting.status == .scheduled else { throw Abort(.conflict, reason: req.t("meetingsAdmin.error.cancelled")) }
        let input = FormInput(req)
        let (oldStart, oldEnd, oldPlace) = (meeting.startsAt, meeting.endsAt, meeting.whereText)
        let mode = try await MeetingForm.mode(req, m, meeting: meeting)
        let errors = MeetingForm.apply(input, to: meeting, custom: try await MeetingQueries.customKinds(m, on: req.db),
                                       mode: mode, t: req.translator)
        guard errors.isEmpty else { return try await renderForm(req, m, MeetingForm.Values(input), errors: errors, meeting: meeting) }
        let moved = meeting.startsAt != oldStart || meeting.endsAt != oldEnd || meeting.whereText != oldPlace
        let note = input["note"]
        let application = req.application, now = req.clock.now
        let act: @Sendable (any Database) async throws -> Int = { tx in
            var told = 0
            if moved {
                meeting.sequence += 1
                if meeting.startsAt != oldStart, meeting.movedFrom == nil { meeting.movedFrom = oldStart }
                meeting.statusNote = note
            }
            try await meeting.save(on: tx)
            let mail = MeetingMail(db: tx, app: application, municipality: m, meeting: meeting)
            if moved {
                told = try await mail.toEveryoneRegistered(subjectKey: "mail.meetingMoved.subject", bodyKey: "mail.meetingMoved.body",
                                                           extra: [note ?? ""])
            }
            // A larger capacity lets people off the waiting list.
            try await MeetingRegistrations.moveUp(meeting, mail: mail, on: tx, now: now)
            return told
        }
        // A change that mails the people registered is shown to them first, with the message.
        if !input.isConfirmed {
            let mail = try await MailPreview.dryRun(req.db) { tx in _ = try await act(tx) }
            if !mail.isEmpty {
                return try await req.confirmation(
                    heading: req.t("meetingsAdmin.confirmChange.heading", meeting.title),
                    message: req.t("meetingsAdmin.confirmChange.message"), mail: mail, button: req.t("meetingsAdmin.confirmChange.button"),
                    cancelURL: SiteURL.meetingEdit(m.slug, try meeting.requireID()), municipality: m)
            }
        }
        let told = try await req.db.writeTransaction { try await act($0) }
        req.flash(moved ? req.t("meetingsAdmin.moved", String(told)) : req.t("action.saved"))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    /// Cancelling needs a reason, which the mail carries, and a confirmation that shows who is told.
    @Sendable func cancel(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard meeting.status == .scheduled else { throw Abort(.conflict, reason: req.t("meetingsAdmin.error.cancelled")) }
        let input = FormInput(req)
        guard let reason = input["reason"].map({ String($0.prefix(1000)) }) else {
            return try await renderShow(req, m, meeting, errors: ["reason": req.t("meetingsAdmin.error.reasonRequired")],
                                        minutes: meeting.minutes ?? "", decisions: meeting.decisions ?? "")
        }
        let application = req.application
        let act: @Sendable (any Database) async throws -> Int = { tx in
            meeting.status = .cancelled
            meeting.statusNote = reason
            meeting.sequence += 1
            try await meeting.save(on: tx)
            return try await MeetingMail(db: tx, app: application, municipality: m, meeting: meeting)
                .toEveryoneRegistered(subjectKey: "mail.meetingCancelled.subject", bodyKey: "mail.meetingCancelled.body", extra: [reason])
        }
        guard input.isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in _ = try await act(tx) }
            return try await req.confirmation(
                heading: req.t("meetingsAdmin.confirmCancel.heading", meeting.title),
                message: req.t(mail.isEmpty ? "meetingsAdmin.confirmCancel.nobody" : "meetingsAdmin.confirmCancel.message"),
                mail: mail, button: req.t("meetingsAdmin.cancel"), cancelURL: SiteURL.meetingAdmin(m.slug, try meeting.requireID()),
                municipality: m)
        }
        let told = try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("meetingsAdmin.cancelledDone", String(told)))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    /// Invitations go after a confirmation that lists the recipients and shows the message.
    @Sendable func invite(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard meeting.status == .scheduled, meeting.endsAt > req.clock.seconds else {
            throw Abort(.conflict, reason: req.t("meetingsAdmin.error.notInvitable"))
        }
        let today = StockholmTime.local(fromUTC: req.clock.seconds).date.description
        let application = req.application
        guard FormInput(req).isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db) { tx in
                _ = try await MeetingInvitations.send(meeting, municipality: m, app: application, on: tx, today: today)
            }
            return try await req.confirmation(
                heading: req.t("meetingsAdmin.confirmInvite.heading", meeting.title),
                message: req.t(mail.isEmpty ? "meetingsAdmin.confirmInvite.nobody" : "meetingsAdmin.confirmInvite.message"),
                mail: mail, button: req.t("meetingsAdmin.invite"), cancelURL: SiteURL.meetingAdmin(m.slug, try meeting.requireID()),
                municipality: m)
        }
        let sent = try await MeetingInvitations.send(meeting, municipality: m, app: application, on: req.db, today: today)
        req.flash(req.t("meetingsAdmin.invited", String(sent)))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    /// A meeting entered by mistake, that nobody was invited to or registered for, can be deleted.
    @Sendable func delete(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let id = try meeting.requireID()
        let registrations = try await MeetingRegistration.query(on: req.db).filter(\.$meeting.$id == id).count()
        let invited = try await MeetingInvitation.query(on: req.db).filter(\.$meeting.$id == id).count()
        guard MeetingPolicy.mayDelete(meeting, registrations: registrations, invited: invited) else {
            throw Abort(.conflict, reason: req.t("meetingsAdmin.error.notDeletable"))
        }
        guard FormInput(req).isConfirmed else {
            return try await req.confirmation(
                heading: req.t("meetingsAdmin.confirmDelete.heading", meeting.title),
                message: req.t("meetingsAdmin.confirmDelete.message"), button: req.t("meetingsAdmin.delete"),
                cancelURL: SiteURL.meetingAdmin(m.slug, id), municipality: m)
        }
        try await meeting.delete(on: req.db)
        req.flash(req.t("meetingsAdmin.deleted", meeting.title))
        // The arranging organisation's representatives go back to its trainings.
        if !TrainingPolicy.isStaffWork(req.currentUser, municipalityID: m.id), let arranger = meeting.$arranger.id {
            return req.redirect(to: SiteURL.organisationTrainings(m.slug, arranger))
        }
        return req.redirect(to: SiteURL.meetingsAdmin(m.slug))
    }

    @Sendable func attendance(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard meeting.startsAt <= req.clock.seconds, meeting.status == .scheduled else {
            throw Abort(.conflict, reason: req.t("meetingsAdmin.error.notStarted"))
        }
        let present = Set(FormInput(req).lists["attended"]?.compactMap(UUID.init(uuidString:)) ?? [])
        try await req.db.writeTransaction { tx in
            for r in try await MeetingRegistration.query(on: tx).filter(\.$meeting.$id == meeting.requireID())
                .filter(\.$status == .confirmed).all() {
                r.attended = present.contains(r.id!)
                try await r.save(on: tx)
            }
        }
        req.flash(req.t("meetingsAdmin.attendanceSaved", String(present.count)))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    struct MinutesInput: Content {
        var minutes: String?
        var decisions: String?
        var removeFile: String?
        var file: File?
    }

    @Sendable func publishMinutes(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        var input = (try? req.content.decode(MinutesInput.self)) ?? MinutesInput()
        input.minutes = input.minutes?.trimmingCharacters(in: .whitespacesAndNewlines)
        input.decisions = input.decisions?.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        if (input.minutes ?? "").isEmpty { errors["minutes"] = req.t("validation.required") }
        if (input.minutes ?? "").count > 50_000 { errors["minutes"] = req.t("validation.tooLong", "50000") }
        if (input.decisions ?? "").count > 20_000 { errors["decisions"] = req.t("validation.tooLong", "20000") }
        if meeting.startsAt > req.clock.seconds { errors["minutes"] = req.t("meetingsAdmin.error.notStarted") }
        let upload = input.file.flatMap { $0.data.readableBytes > 0 ? $0 : nil }
        if let upload { try FileStore.checkSize(upload.data, req) }
        if let upload, !FileCheck.isPDF(upload.data.readableBytesView) { errors["file"] = req.t("apply.error.notPDF") }
        guard errors.isEmpty else {
            return try await renderShow(req, m, meeting, errors: errors, minutes: input.minutes ?? "", decisions: input.decisions ?? "")
        }
        let store = FileStore(app: req.application)
        let written = try upload.map { try store.write($0.data) }
        let previous = meeting.minutesFileStored
        meeting.minutes = input.minutes
        meeting.decisions = input.decisions.flatMap { $0.isEmpty ? nil : $0 }
        meeting.minutesPublishedAt = meeting.minutesPublishedAt ?? req.clock.seconds
        if let written, let upload {
            meeting.minutesFileStored = written.storedName
            meeting.minutesFileSHA256 = written.sha256
            meeting.minutesFileName = FileCheck.pdfDownloadName(upload.filename, fallback: "protokoll")
        } else if input.removeFile == "on" {
            meeting.minutesFileStored = nil
            meeting.minutesFileSHA256 = nil
            meeting.minutesFileName = nil
        }
        do {
            try await meeting.save(on: req.db)
        } catch {
            if let written { store.remove(storedName: written.storedName) }
            throw error
        }
        if let previous, previous != meeting.minutesFileStored { store.remove(storedName: previous) }
        req.flash(req.t("meetingsAdmin.minutesPublished"))
        return req.redirect(to: SiteURL.meetingAdmin(m.slug, try meeting.requireID()))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        return try await renderShow(req, m, meeting, errors: [:], minutes: meeting.minutes ?? "", decisions: meeting.decisions ?? "")
    }

    /// `errors` are the minutes form's or the cancellation's (`reason`).
    private func renderShow(_ req: Request, _ m: Municipality, _ meeting: Meeting, errors: [String: String],
                            minutes: String, decisions: String) async throws -> Response {
        let page = try await MeetingAdminPage.query(req, m, meeting, now: req.clock.seconds, errors: errors,
                                                    minutes: minutes, decisions: decisions)
        return try await req.renderForm("meetings/admin-meeting", page, failed: !errors.isEmpty)
    }

    // MARK: Lists of the people registered

    /// Everyone with a seat or on the waiting list, in the order they registered.
    private func participants(_ req: Request, _ meeting: Meeting) async throws -> [MeetingRegistration] {
        try await MeetingRegistration.query(on: req.db).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status ~~ [.confirmed, .waiting]).with(\.$organisation).sort(\.$registeredAt).all()
    }

    @Sendable func participantsCSV(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let t = req.translator
        var doc = CSVDocument(CSVDialect(req), columns: [
            ("namn", t("registration.name")), ("e_post", t("registration.email")), ("organisation", t("registration.organisation")),
            ("status", t("admin.status")), ("narvarande", t("meetingsAdmin.attended"))], t: t)
        for r in try await participants(req, meeting) {
            doc.row([.text(r.name), .text(r.email), .text(r.organisation?.name ?? ""),
                     .coded(code: r.status.rawValue, label: t("registration.status.\(r.status.rawValue)")),
                     r.attended.map { .flag($0) } ?? .text("")])
        }
        let day = meeting.localStart.date.description
        return doc.response(filename: "deltagare-\(m.slug)-\(day).csv")
    }

    struct AttendancePage: Encodable {
        struct Row: Encodable { let number: Int; let name: String; let organisation: String? }
        let chrome: Chrome
        let title: String
        let when: String
        let place: String?
        let rows: [Row]
        /// Empty rows for people who come without registering.
        let blankRows: [Int]
        let backURL: String
    }

    /// A page to print and pass round at the meeting: everyone with a seat, with room to sign.
    @Sendable func attendanceList(req: Request) async throws -> View {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let t = req.translator
        let seated = try await participants(req, meeting).filter { $0.status == .confirmed }
        return try await req.view.render("meetings/attendance-list", AttendancePage(
            chrome: req.chrome(title: t("meetingsAdmin.attendanceList.title", meeting.title), municipality: m),
            title: meeting.title, when: meeting.when(t), place: meeting.whereText.isEmpty ? nil : meeting.whereText,
            rows: seated.enumerated().map { .init(number: $0.offset + 1, name: $0.element.name, organisation: $0.element.organisation?.name) },
            blankRows: Array(1...5), backURL: SiteURL.meetingAdmin(m.slug, try meeting.requireID())))
    }

    // MARK: The municipality's own kinds

    @Sendable func addKind(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let name = FormInput(req)["name"], name.count <= 100 else {
            req.flash(req.t("meetingsAdmin.kindNameRequired"))
            return req.redirect(to: SiteURL.meetingsAdmin(m.slug))
        }
        let exists = try await MeetingKindDefinition.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$name == name).count() > 0
        if !exists {
            let kind = MeetingKindDefinition()
            kind.$municipality.id = try m.requireID()
            kind.name = name
            try await kind.create(on: req.db)
        }
        req.flash(req.t(exists ? "meetingsAdmin.kindExists" : "meetingsAdmin.kindAdded", name))
        return req.redirect(to: SiteURL.meetingsAdmin(m.slug))
    }

    @Sendable func removeKind(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let kind = try await req.find(MeetingKindDefinition.self, "kind", in: m)
        let used = try await Meeting.query(on: req.db).filter(\.$kind == kind.requireID().uuidString).count()
        guard used == 0 else { throw Abort(.conflict, reason: req.t("meetingsAdmin.kindInUse", kind.name, String(used))) }
        if let ask = try await req.unconfirmedDeletion(of: kind.name, back: SiteURL.meetingsAdmin(m.slug), municipality: m) { return ask }
        try await kind.delete(on: req.db)
        req.flash(req.t("meetingsAdmin.kindRemoved", kind.name))
        return req.redirect(to: SiteURL.meetingsAdmin(m.slug))
    }
}
