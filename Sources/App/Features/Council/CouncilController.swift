import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/samrad` and its administration: the joint council, its members and their terms.
struct CouncilController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.council, access: .anyone, use: show)
        routes.on(.GET, SiteURL.councilAdmin, access: .coordinator, use: admin)
        routes.on(.POST, SiteURL.councilAdmin, access: .coordinator, use: saveCouncil)
        routes.on(.GET, SiteURL.councilMaterial, access: .council, use: material)
        routes.on(.GET, SiteURL.councilMemberNew, access: .coordinator, use: newMember)
        routes.on(.POST, SiteURL.councilMembers, access: .coordinator, use: createMember)
        routes.on(.GET, SiteURL.councilMember, access: .coordinator, use: editMember)
        routes.on(.POST, SiteURL.councilMember, access: .coordinator, use: updateMember)
        routes.on(.POST, SiteURL.councilMemberRemove, access: .coordinator, use: removeMember)
    }


    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("council/public", CouncilPage.query(req, m, today: req.clock.today.description, admin: false))
    }

    @Sendable func admin(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("council/admin", CouncilPage.query(req, m, today: req.clock.today.description, admin: true))
    }

    @Sendable func saveCouncil(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        guard let name = input["name"], name.count <= 100 else {
            req.flash(req.t("council.error.name"))
            return req.redirect(to: SiteURL.councilAdmin(m.slug))
        }
        let council = try await Council.query(on: req.db).filter(\.$municipality.$id == m.requireID()).first()
            ?? Council(municipalityID: try m.requireID(), name: name)
        council.name = name
        council.description = input["description"].map { String($0.prefix(2000)) }
        try await council.save(on: req.db)
        req.flash(req.t("action.saved"))
        return req.redirect(to: SiteURL.councilAdmin(m.slug))
    }

    // MARK: Members

    struct MemberValues {
        var name = "", email = "", party = Party.civilSociety.rawValue, affiliation = "", role = CouncilMember.Role.member.rawValue
        var termStart = "", termEnd = ""
    }

    private func renderMember(_ req: Request, _ m: Municipality, _ v: MemberValues, errors: [String: String], member: CouncilMember?) async throws -> Response {
        let t = req.translator
        let parties = [Party.municipality, .civilSociety].map { FormField.Option(value: $0.rawValue, label: t("council.side.\($0.rawValue)"), selected: v.party == $0.rawValue) }
        let roles = CouncilMember.Role.allCases.map { FormField.Option(value: $0.rawValue, label: t("council.role.\($0.rawValue)"), selected: v.role == $0.rawValue) }
        let heading = member == nil ? t("council.newMember") : t("council.editMember", member!.name)
        let page = FormPage(
            chrome: req.chrome(title: heading, municipality: m), heading: heading,
            action: member.map { SiteURL.councilMember(m.slug, $0.id!) } ?? SiteURL.councilMembers(m.slug),
            csrf: req.csrfToken,
            fields: [
                FormField(name: "name", label: t("council.name"), kind: .text, value: v.name, error: errors["name"], required: true, maxLength: 200),
                FormField(name: "email", label: t("council.email"), kind: .email, value: v.email, hint: t("council.emailHint"), error: errors["email"], maxLength: 254),
                FormField(name: "party", label: t("council.side"), kind: .select, error: errors["party"], required: true, options: parties),
                FormField(name: "affiliation", label: t("council.affiliation"), kind: .text, value: v.affiliation, hint: t("council.affiliationHint"), error: errors["affiliation"], required: true, maxLength: 200),
                FormField(name: "role", label: t("council.role"), kind: .select, error: errors["role"], required: true, options: roles),
                FormField(name: "termStart", label: t("council.termStart"), kind: .date, value: v.termStart, error: errors["termStart"], required: true),
                FormField(name: "termEnd", label: t("council.termEnd"), kind: .date, value: v.termEnd, hint: t("council.termEndHint"), error: errors["termEnd"]),
            ],
            submitLabel: t("action.save"), cancelURL: SiteURL.councilAdmin(m.slug))
        return try await req.renderForm("partials/form-page", page, failed: !errors.isEmpty)
    }

    @Sendable func material(req: Request) async throws -> View {
        let m = try await req.municipality()
        let page = try await CouncilMaterialPage.query(
            db: req.db, municipality: m, t: req.translator, chrome: req.chrome(title: req.t("councilMaterial.title", m.name)),
            today: req.clock.today, now: req.clock.seconds)
        return try await req.view.render("council/material", page)
    }

    private func council(_ req: Request, _ m: Municipality) async throws -> Council {
        if let existing = try await Council.query(on: req.db).filter(\.$municipality.$id == m.requireID()).first() { return existing }
        let created = Council(municipalityID: try m.requireID(), name: req.t("council.defaultName"))
        try await created.create(on: req.db)
        return created
    }

    private func member(_ req: Request, _ m: Municipality) async throws -> CouncilMember {
        let c = try await council(req, m)
        guard let id = req.parameters.get("member", as: UUID.self),
              let found = try await CouncilMember.query(on: req.db).filter(\.$id == id).filter(\.$council.$id == c.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        return found
    }

    /// Reads the member form; nil values mean the form goes back with `errors`.
    private func read(_ req: Request, into member: CouncilMember) -> (MemberValues, [String: String]) {
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let values = MemberValues(name: input["name"] ?? "", email: input["email"] ?? "", party: input["party"] ?? "",
                                  affiliation: input["affiliation"] ?? "", role: input["role"] ?? "",
                                  termStart: input["termStart"] ?? "", termEnd: input["termEnd"] ?? "")
        let name = v.required("name", max: 200)
        let email = v.email("email")
        let party = v.choice("party", as: Party.self)
        if party == .both { v.fail("party", req.t("validation.choice")) }
        let affiliation = v.required("affiliation", max: 200)
        let role = v.choice("role", as: CouncilMember.Role.self)
        let start = v.date("termStart", required: true)
        let end = v.date("termEnd")
        v.order(start, end, field: "termEnd")
        if v.isValid, let name, let party, let affiliation, let role, let start {
            member.name = name
            member.email = email.map(User.normalise(email:))
            member.party = party
            member.affiliation = affiliation
            member.role = role
            member.termStart = start.description
            member.termEnd = end?.description
        }
        return (values, v.errors)
    }

    @Sendable func newMember(req: Request) async throws -> Response {
        var v = MemberValues()
        v.termStart = req.clock.today.description
        return try await renderMember(req, try await req.municipality(), v, errors: [:], member: nil)
    }

    @Sendable func createMember(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let member = CouncilMember()
        let (values, errors) = read(req, into: member)
        guard errors.isEmpty else { return try await renderMember(req, m, values, errors: errors, member: nil) }
        member.$council.id = try await council(req, m).requireID()
        try await member.create(on: req.db)
        req.flash(req.t("council.memberAdded", member.name))
        return req.redirect(to: SiteURL.councilAdmin(m.slug))
    }

    @Sendable func editMember(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let member = try await member(req, m)
        let v = MemberValues(name: member.name, email: member.email ?? "", party: member.party.rawValue, affiliation: member.affiliation,
                             role: member.role.rawValue, termStart: member.termStart, termEnd: member.termEnd ?? "")
        return try await renderMember(req, m, v, errors: [:], member: member)
    }

    @Sendable func updateMember(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let member = try await member(req, m)
        let (values, errors) = read(req, into: member)
        guard errors.isEmpty else { return try await renderMember(req, m, values, errors: errors, member: member) }
        try await member.save(on: req.db)
        req.flash(req.t("action.saved"))
        return req.redirect(to: SiteURL.councilAdmin(m.slug))
    }

    /// Only for a member entered by mistake: a member who served gets an end date instead.
    @Sendable func removeMember(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let member = try await member(req, m)
        if let ask = try await req.unconfirmedDeletion(of: member.name, detail: req.t("council.removeDetail"),
                                                       back: SiteURL.councilAdmin(m.slug), municipality: m) { return ask }
        try await member.delete(on: req.db)
        req.flash(req.t("council.memberRemoved", member.name))
        return req.redirect(to: SiteURL.councilAdmin(m.slug))
    }
}
