import Fluent
import SamverkanCore
import Vapor

/// A resident's side of volunteering, without an account: offering help from an assignment's
/// page, confirming the address from the mailed link (only then does the organisation get the
/// offer), and the volunteer's own page, where they see what they offered and the answer, correct
/// it, or withdraw it.
struct OfferController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, SiteURL.assignmentOffer, access: .anyone, use: offer)
        routes.on(.GET, SiteURL.offer, access: .anyone, use: page)
        routes.on(.POST, SiteURL.offerConfirm, access: .anyone, use: confirm)
        routes.on(.POST, SiteURL.offerCorrect, access: .anyone, use: correct)
        routes.on(.POST, SiteURL.offerWithdraw, access: .anyone, use: withdraw)
    }

    struct Details { let name: String; let email: String?; let phone: String?; let message: String }

    /// Name, phone and message (and the address, when `withEmail`); nil with the errors when one fails.
    static func read(_ input: FormInput, withEmail: Bool, t: Translator) -> (Details?, [String: String]) {
        var v = FormValidation(input, t)
        let name = v.required("name", max: 200)
        let email = withEmail ? v.email("email") : nil
        if withEmail, email == nil, v.errors["email"] == nil { v.fail("email", t("validation.required")) }
        let phone = v.optional("phone", max: 40)
        if let phone, phone.contains(where: { !($0.isNumber || " +-()".contains($0)) }) { v.fail("phone", t("offer.error.phone")) }
        let message = v.required("message", max: 3_000)
        guard v.isValid, let name, let message else { return (nil, v.errors) }
        return (Details(name: name, email: email.map(User.normalise(email:)), phone: phone, message: message), [:])
    }

    @Sendable func offer(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let a = try await AssignmentsController.find(req, m)
        let today = req.clock.today
        guard VolunteerPolicy.mayOffer(a, today: today) else { throw Abort(.conflict, reason: req.t("volunteer.closed.ended")) }
        let input = FormInput(req)
        let (details, errors) = Self.read(input, withEmail: true, t: req.translator)
        guard let details, let email = details.email else {
            return try await AssignmentsController.render(req, m, a, values: input.values, errors: errors)
        }
        let now = req.clock.seconds, app = req.application
        let language = req.locale.rawValue
        try await req.db.writeTransaction { tx in
            let earlier = try await VolunteerInterest.query(on: tx).filter(\.$assignment.$id == a.requireID()).filter(\.$email == email)
                .filter(\.$status != .withdrawn).filter(\.$erasedAt == nil).first()
            if let earlier {
                // The same address again: nothing changes, the mail says where the offer stands.
                try await Volunteering.mailVolunteer(earlier, a, municipality: m, key: earlier.status == .unconfirmed ? "confirm" : "already",
                                                     [String(VolunteerPolicy.confirmHours)], app: app, on: tx)
                return
            }
            let interest = VolunteerInterest()
            interest.$assignment.id = try a.requireID()
            interest.name = details.name
            interest.email = email
            interest.phone = details.phone
            interest.message = details.message
            interest.language = language
            interest.status = .unconfirmed
            interest.createdAt = now
            interest.confirmBy = now + VolunteerPolicy.confirmHours * 3600
            try await interest.create(on: tx)
            try await Volunteering.mailVolunteer(interest, a, municipality: m, key: "confirm", [String(VolunteerPolicy.confirmHours)], app: app, on: tx)
        }
        // The same answer whatever the address: the mail says the rest.
        return try await req.messagePage(heading: req.t("offer.sent.heading"), message: req.t("offer.sent.message", email, String(VolunteerPolicy.confirmHours)),
                                         linkURL: SiteURL.assignments(m.slug), linkLabel: req.t("offer.sent.back"))
    }

    // MARK: The volunteer's page

    struct Page: Encodable {
        let chrome: Chrome
        let csrf: String
        let assignment: AssignmentSummary
        let assignmentURL: String?
        let status: String
        let statusKey: String
        let name: String
        let email: String
        let phone: String?
        let message: [String]
        let answer: [String]?
        let answeredOn: String?
        let confirmAction: String?
        let lapsed: Bool
        let correct: FormPage?
        let withdrawAction: String?
    }

    private func load(_ req: Request) async throws -> (Municipality, VolunteerInterest, VolunteerAssignment, String) {
        let m = try await req.municipality()
        let token = req.parameters.get("token") ?? ""
        guard let (interest, a) = try await Volunteering.find(token: token, municipality: m, on: req.db) else {
            throw Abort(.notFound, reason: req.t("offer.error.notFound"))
        }
        return (m, interest, a, token)
    }

    private func render(_ req: Request, _ m: Municipality, _ interest: VolunteerInterest, _ a: VolunteerAssignment, token: String,
                        values: [String: String]? = nil, errors: [String: String] = [:]) async throws -> Response {
        req.isPersonal = true
        let t = req.translator
        let today = req.clock.today, now = req.clock.seconds
        let summary = AssignmentSummary(a, organisation: a.organisation.name, area: nil, slug: m.slug, today: today, t: t)
        let mayChange = VolunteerPolicy.volunteerMayChange(interest, of: a, today: today)
        let lapsed = interest.status == .unconfirmed && interest.confirmBy < now
        // One chrome for the page and its form: building it takes the flash message.
        let chrome = req.chrome(title: t("offer.page.title", a.title), municipality: m)
        var correct: FormPage?
        if mayChange, !lapsed {
            let shown = values ?? ["name": interest.name, "phone": interest.phone ?? "", "message": interest.message]
            correct = FormPage(
                chrome: chrome, heading: t("offer.correct.heading"), intro: t("offer.correct.intro"),
                action: SiteURL.offerCorrect(m.slug, token), csrf: req.csrfToken,
                fields: [
                    FormField.shown("name", label: t("offer.field.name"), kind: .text, values: shown, errors: errors, required: true, maxLength: 200, autocomplete: "name"),
                    FormField.shown("phone", label: t("offer.field.phone"), kind: .text, values: shown, errors: errors, maxLength: 40, autocomplete: "tel"),
                    FormField.shown("message", label: t("offer.field.message"), kind: .textarea, values: shown, errors: errors, required: true,
                                    maxLength: 3_000, rows: 5),
                ],
                submitLabel: t("offer.correct.save"), cancelURL: SiteURL.offer(m.slug, token))
        }
        let page = Page(
            chrome: chrome, csrf: req.csrfToken, assignment: summary,
            assignmentURL: [.published, .filled].contains(a.status) ? summary.url : nil,
            status: t("offer.status.\(lapsed ? "lapsed" : interest.status.rawValue)"), statusKey: interest.status.rawValue,
            name: interest.name, email: interest.email, phone: interest.phone, message: FlowingText.paragraphs(interest.message) ?? [],
            answer: FlowingText.paragraphs(interest.answer), answeredOn: interest.answeredAt.map { DayFormat.string(seconds: $0) },
            confirmAction: interest.status == .unconfirmed && !lapsed ? SiteURL.offerConfirm(m.slug, token) : nil, lapsed: lapsed,
            correct: correct, withdrawAction: mayChange && !lapsed ? SiteURL.offerWithdraw(m.slug, token) : nil)
        let response = try await req.renderForm("volunteering/offer", page, failed: !errors.isEmpty)
        // The page's address is the volunteer's key: it is not cached and not sent on as a referrer.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        let (m, interest, a, token) = try await load(req)
        return try await render(req, m, interest, a, token: token)
    }

    /// The address is confirmed: now the organisation gets the offer.
    @Sendable func confirm(req: Request) async throws -> Response {
        let (m, interest, a, token) = try await load(req)
        let now = req.clock.seconds, app = req.application
        guard interest.status == .unconfirmed else { return req.redirect(to: SiteURL.offer(m.slug, token)) }
        guard interest.confirmBy >= now else { throw Abort(.gone, reason: req.t("offer.error.lapsed")) }
        try await req.db.writeTransaction { tx in
            interest.status = .open
            interest.confirmedAt = now
            try await interest.save(on: tx)
            try await Volunteering.tellOrganisation(interest, a, municipality: m, key: "new", app: app, on: tx)
        }
        req.flash(req.t("offer.confirmed", a.organisation.name))
        return req.redirect(to: SiteURL.offer(m.slug, token))
    }

    @Sendable func correct(req: Request) async throws -> Response {
        let (m, interest, a, token) = try await load(req)
        guard VolunteerPolicy.volunteerMayChange(interest, of: a, today: req.clock.today) else {
            throw Abort(.conflict, reason: req.t("offer.error.cannotChange"))
        }
        let input = FormInput(req)
        let (details, errors) = Self.read(input, withEmail: false, t: req.translator)
        guard let details else { return try await render(req, m, interest, a, token: token, values: input.values, errors: errors) }
        let app = req.application
        try await req.db.writeTransaction { tx in
            interest.name = details.name
            interest.phone = details.phone
            interest.message = details.message
            try await interest.save(on: tx)
            if interest.status != .unconfirmed {
                try await Volunteering.tellOrganisation(interest, a, municipality: m, key: "corrected", app: app, on: tx)
            }
        }
        req.flash(req.t("offer.corrected"))
        return req.redirect(to: SiteURL.offer(m.slug, token))
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let (m, interest, a, token) = try await load(req)
        guard VolunteerPolicy.volunteerMayChange(interest, of: a, today: req.clock.today) else {
            throw Abort(.conflict, reason: req.t("offer.error.cannotChange"))
        }
        guard FormInput(req).isConfirmed else {
            return try await req.confirmation(heading: req.t("offer.withdraw.heading", a.title), message: req.t("offer.withdraw.message", a.organisation.name),
                                              button: req.t("offer.withdraw.button"), cancelURL: SiteURL.offer(m.slug, token), municipality: m)
        }
        let now = req.clock.seconds, app = req.application
        let wasWithOrganisation = interest.status != .unconfirmed
        try await req.db.writeTransaction { tx in
            interest.status = .withdrawn
            interest.withdrawnAt = now
            try await interest.save(on: tx)
            if wasWithOrganisation {
                try await Volunteering.tellOrganisation(interest, a, municipality: m, key: "withdrawn", app: app, on: tx)
            }
        }
        req.flash(req.t("offer.withdrawn"))
        return req.redirect(to: SiteURL.offer(m.slug, token))
    }
}
