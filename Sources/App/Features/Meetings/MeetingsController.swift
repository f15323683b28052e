import Fluent
import SamverkanCore
import Vapor

/// The public side of meetings: lists, one meeting, calendar files, registering and cancelling.
struct MeetingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.meetings, access: .anyone, use: list)
        routes.on(.GET, SiteURL.meetingsFeed, access: .anyone, use: feed)
        routes.on(.GET, SiteURL.meeting, access: .anyone, use: show)
        routes.on(.GET, SiteURL.meetingCalendar, access: .anyone, use: calendarFile)
        routes.on(.GET, SiteURL.meetingMinutesFile, access: .anyone, use: minutesFile)
        routes.on(.POST, SiteURL.meetingRegister, access: .anyone, use: register)
        routes.on(.POST, SiteURL.meetingRegistrationCancel, access: .signedIn, use: cancelOwn)
        routes.on(.GET, SiteURL.registrationCancel, access: .anyone, use: cancelPage)
        routes.on(.POST, SiteURL.registrationCancel, access: .anyone, use: cancelByToken)
        routes.on(.GET, SiteURL.registrationConfirm, access: .anyone, use: confirmPage)
        routes.on(.POST, SiteURL.registrationConfirm, access: .anyone, use: confirmByToken)
    }


    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let kind = (try? req.query.get(String.self, at: "typ")).flatMap { $0.isEmpty ? nil : String($0.prefix(40)) }
        let chrome = req.chrome(title: req.t("meetings.title", m.name), municipality: m)
        return try await req.view.render("meetings/list", MeetingsPage.query(db: req.db, m, kind: kind, now: req.clock.seconds,
                                                                             t: req.translator, chrome: chrome))
    }

    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        return try await req.view.render("meetings/meeting", MeetingPage.query(req, m, meeting, now: req.clock.seconds))
    }

    // MARK: Calendar

    static func events(_ meetings: [Meeting], _ m: Municipality, app: Application, t: Translator,
                       custom: [UUID: String]) -> [ICalendar.Event] {
        let base = app.config.publicBaseURL
        let host = URL(string: base)?.host ?? "samverkan"
        return meetings.map { meeting in
            let url = base + SiteURL.meeting(m.slug, meeting.id!)
            let description = [meeting.description, meeting.agenda.map { t("meeting.agenda") + ":\n" + $0 },
                               meeting.onlineURL, url].compactMap { $0 }.joined(separator: "\n\n")
            return ICalendar.Event(
                uid: "meeting-\(meeting.id!.uuidString.lowercased())@\(host)",
                stamp: Int((meeting.updatedAt ?? meeting.createdAt ?? app.clock.now).timeIntervalSince1970),
                start: meeting.startsAt, end: meeting.endsAt, summary: meeting.title, description: description,
                location: meeting.whereText.isEmpty ? nil : meeting.whereText, url: url,
                status: meeting.status == .cancelled ? .cancelled : .confirmed, sequence: meeting.sequence,
                categories: [meeting.kindName(t, custom: custom)])
        }
    }

    static func calendarResponse(_ text: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }

    /// The subscribable feed: the past year's meetings and all coming ones, cancelled ones marked so.
    @Sendable func feed(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meetings = try await Meeting.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$startsAt > req.clock.seconds - 366 * 86_400).sort(\.$startsAt).all()
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let t = req.translator
        let text = ICalendar.render(name: t("meetings.feedName", m.name),
                                    events: Self.events(meetings, m, app: req.application, t: t, custom: custom))
        return Self.calendarResponse(text, filename: "\(m.slug)-moten.ics")
    }

    @Sendable func calendarFile(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let custom = try await MeetingQueries.customKinds(m, on: req.db)
        let t = req.translator
        let text = ICalendar.render(name: meeting.title, events: Self.events([meeting], m, app: req.application, t: t, custom: custom))
        let response = Self.calendarResponse(text, filename: "mote-\(meeting.localStart.date).ics")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"mote-\(meeting.localStart.date).ics\"")
        return response
    }

    @Sendable func minutesFile(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        guard meeting.minutesPublishedAt != nil, let stored = meeting.minutesFileStored else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let path = FileStore(app: req.application).path(storedName: stored)
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: .pdf)
        response.headers.replaceOrAdd(name: .contentDisposition, value: FileStore.attachment(meeting.minutesFileName ?? "", fallback: "protokoll"))
        return response
    }

    // MARK: Registering

    @Sendable func register(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let name = v.required("name", max: 200)
        let email = v.required("email", max: 254).flatMap { _ in v.email("email") }
        var form = MeetingPage.Form(name: input["name"] ?? "", email: input["email"] ?? "", organisation: input["organisation"] ?? "")
        let page = try await MeetingPage.query(req, m, meeting, now: req.clock.seconds)
        var organisationID: UUID?
        if let options = page.registrationFields.first(where: { $0.name == "organisation" })?.options {
            organisationID = input["organisation"].flatMap(UUID.init(uuidString:))
            if organisationID == nil || !options.contains(where: { $0.value == organisationID!.uuidString }) {
                v.fail("organisation", req.t("validation.choice"))
            }
        }
        var status: HTTPStatus = .unprocessableEntity
        if !page.canRegister {
            // The page says why (closed, cancelled, not in the audience).
            status = meeting.status == .cancelled || !meeting.registrationOpen(now: req.clock.seconds) ? .conflict : .forbidden
            form.errors = ["name": page.closedReason ?? req.t("registration.error.closed")]
            return try await render(req, m, meeting, form: form, status: status)
        }
        guard v.isValid, let name, let email else {
            form.errors = v.errors
            return try await render(req, m, meeting, form: form, status: status)
        }
        do {
            // A resident confirms the address by the mailed link before the registration holds a seat.
            let outcome = try await MeetingRegistrations.register(
                .init(name: name, email: email, organisationID: organisationID, registeredBy: req.currentUser?.id,
                      // Someone registering themselves reads it in their account's language; anyone else in the page's.
                      language: req.currentUser.flatMap { User.normalise(email: email) == $0.email ? $0.mailLanguage : nil } ?? req.locale),
                for: meeting, municipality: m, app: req.application, confirmByMail: req.currentUser == nil, on: req.db,
                now: req.clock.now)
            let key = switch outcome {
            case .seat: "registration.done"
            case .waitingList: "registration.doneWaiting"
            case .confirmationSent: "registration.checkMail"
            }
            req.flash(req.t(key, email))
            return req.redirect(to: SiteURL.meeting(m.slug, try meeting.requireID()))
        } catch let error as RegistrationError {
            status = .conflict
            form.errors = [error == .alreadyRegistered ? "email" : "name": req.t(error)]
            return try await render(req, m, meeting, form: form, status: status)
        }
    }

    private func render(_ req: Request, _ m: Municipality, _ meeting: Meeting, form: MeetingPage.Form, status: HTTPStatus) async throws -> Response {
        let page = try await MeetingPage.query(req, m, meeting, form: form, now: req.clock.seconds)
        let response = try await req.view.render("meetings/meeting", page).encodeResponse(for: req)
        response.status = status
        return response
    }

    /// A representative or the person who registered cancels from the meeting page.
    @Sendable func cancelOwn(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let meeting = try await MeetingQueries.find(req, m)
        let user = try req.requireUser()
        guard let id = req.parameters.get("registration", as: UUID.self),
              let r = try await MeetingRegistration.query(on: req.db).filter(\.$id == id)
                .filter(\.$meeting.$id == meeting.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let representing = try await req.representedOrganisationIDs()
        guard MeetingPolicy.mayCancel(r, by: user, representing: representing, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        try await MeetingRegistrations.cancel(r, municipality: m, app: req.application, on: req.db, now: req.clock.now)
        req.flash(req.t("registration.cancelled", r.name))
        return req.redirect(to: SiteURL.meeting(m.slug, try meeting.requireID()))
    }

    struct TokenPage: Encodable {
        let chrome: Chrome
        let heading: String
        let message: String
        let csrf: String
        let action: String?
        let button: String?
        let backURL: String
        let backLabel: String
    }

    private func registration(_ req: Request, _ m: Municipality) async throws -> (MeetingRegistration, Meeting) {
        guard let hash = LinkToken.lookupHash(req.parameters.get("token")),
              let r = try await MeetingRegistration.query(on: req.db).filter(\.$token == hash).with(\.$meeting).first(),
              r.meeting.$municipality.id == m.id else {
            throw Abort(.notFound, reason: req.t("registration.error.unknownLink"))
        }
        return (r, r.meeting)
    }

    @Sendable func cancelPage(req: Request) async throws -> View {
        let m = try await req.municipality()
        let (r, meeting) = try await registration(req, m)
        let t = req.translator
        let active = r.status == .confirmed || r.status == .waiting
        return try await req.view.render("partials/token-action", TokenPage(
            chrome: req.chrome(title: t("registration.cancelTitle"), municipality: m),
            heading: t("registration.cancelTitle"),
            message: active ? t("registration.cancelQuestion", r.name, meeting.title, meeting.when(t))
                            : t("registration.alreadyCancelled", r.name, meeting.title),
            csrf: req.csrfToken, action: active ? req.url.path : nil, button: active ? t("registration.cancelButton") : nil,
            backURL: SiteURL.meeting(m.slug, try meeting.requireID()), backLabel: t("registration.backToMeeting")))
    }

    @Sendable func cancelByToken(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let (r, meeting) = try await registration(req, m)
        try await MeetingRegistrations.cancel(r, municipality: m, app: req.application, on: req.db, now: req.clock.now)
        req.flash(req.t("registration.cancelled", r.name))
        return req.redirect(to: SiteURL.meeting(m.slug, try meeting.requireID()))
    }

    @Sendable func confirmPage(req: Request) async throws -> View {
        let m = try await req.municipality()
        let (r, meeting) = try await registration(req, m)
        let t = req.translator
        let pending = r.status == .unconfirmed && (r.confirmBy ?? 0) > req.clock.seconds
        let message = pending ? t("registration.confirmQuestion", r.name, meeting.title, meeting.when(t))
            : r.status == .unconfirmed ? t("registration.confirmLapsed") : t("registration.alreadyConfirmed", r.name, meeting.title)
        return try await req.view.render("partials/token-action", TokenPage(
            chrome: req.chrome(title: t("registration.confirmTitle"), municipality: m),
            heading: t("registration.confirmTitle"), message: message,
            csrf: req.csrfToken, action: pending ? req.url.path : nil, button: pending ? t("registration.confirmButton") : nil,
            backURL: SiteURL.meeting(m.slug, try meeting.requireID()), backLabel: t("registration.backToMeeting")))
    }

    @Sendable func confirmByToken(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let (r, meeting) = try await registration(req, m)
        let outcome = try await MeetingRegistrations.confirm(r, municipality: m, app: req.application, on: req.db, now: req.clock.now)
        switch outcome {
        case .seat: req.flash(req.t("registration.done", r.email))
        case .waitingList: req.flash(req.t("registration.doneWaiting", r.email))
        case .confirmationSent, nil: req.flash(req.t("registration.confirmLapsed"))
        }
        return req.redirect(to: SiteURL.meeting(m.slug, try meeting.requireID()))
    }
}
