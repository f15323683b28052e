import Fluent
import SamverkanCore
import Vapor

/// The coordinator's forms of support at `/admin/{kommun}/stod`: adding and changing a form
/// (with the first version of its rules), removing it after a confirmation, and giving its rules
/// a new version from a day: after a confirmation that shows the mail, every signatory's
/// representatives are told what changes and since when. `SupportPolicy` decides.
struct SupportAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.supportAdmin, access: .coordinator, use: list)
        routes.on(.GET, SiteURL.supportNew, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.supportAdmin, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.supportFormAdmin, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.supportFormAdmin, access: .coordinator, use: update)
        routes.on(.POST, SiteURL.supportFormRemove, access: .coordinator, use: remove)
        routes.on(.GET, SiteURL.supportRules, access: .coordinator, use: rulesForm)
        routes.on(.POST, SiteURL.supportRules, access: .coordinator, use: newRules)
    }

    private func authorise(_ req: Request, _ m: Municipality) throws {
        guard SupportPolicy.mayEdit(req.currentUser, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
    }

    struct ListPage: Encodable {
        struct Row: Encodable { let name: String; let kind: String; let rules: String; let editURL: String; let rulesURL: String; let removeAction: String }
        let chrome: Chrome
        let csrf: String
        let newURL: String
        let publicURL: String
        let rows: [Row]?
    }

    /// Two queries, whatever the number of forms.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        try authorise(req, m)
        let t = req.translator, today = req.clock.today
        let forms = try await SupportForm.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$position).sort(\.$name).all()
        let versions = forms.isEmpty ? [] : try await SupportRuleVersion.query(on: req.db).filter(\.$form.$id ~~ forms.compactMap(\.id)).all()
        let byForm = Dictionary(grouping: versions, by: { $0.$form.id })
        return try await req.view.render("support/admin", ListPage(
            chrome: req.chrome(title: t("supportAdmin.title"), municipality: m), csrf: req.csrfToken,
            newURL: SiteURL.supportNew(m.slug), publicURL: SiteURL.support(m.slug),
            rows: forms.isEmpty ? nil : forms.map { f in
                let current = SupportRules.inEffect(byForm[f.id!] ?? [], on: today)
                return .init(name: f.name, kind: t("support.kind.\(f.kind.rawValue)"),
                             rules: current.map { t("supportAdmin.rulesSince", $0.effectiveFrom) } ?? t("supportAdmin.noRulesYet"),
                             editURL: SiteURL.supportFormAdmin(m.slug, f.id!), rulesURL: SiteURL.supportRules(m.slug, f.id!),
                             removeAction: SiteURL.supportFormRemove(m.slug, f.id!))
            }))
    }

    // MARK: A form of support

    private func render(_ req: Request, _ m: Municipality, _ form: SupportForm?, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let kind = values["kind"] ?? SupportForm.Kind.grant.rawValue
        var fields = [
            FormField(name: "kind", label: t("supportAdmin.field.kind"), kind: .radios, error: errors["kind"], required: true,
                      options: SupportForm.Kind.allCases.map { .init(value: $0.rawValue, label: t("support.kind.\($0.rawValue)"), selected: kind == $0.rawValue) }),
            FormField(name: "name", label: t("supportAdmin.field.name"), kind: .text, value: values["name"] ?? "", error: errors["name"], required: true, maxLength: 200),
            FormField(name: "whoMayApply", label: t("supportAdmin.field.whoMayApply"), kind: .textarea, value: values["whoMayApply"] ?? "",
                      error: errors["whoMayApply"], required: true, maxLength: 5_000, rows: 4),
            FormField(name: "howToApply", label: t("supportAdmin.field.howToApply"), kind: .textarea, value: values["howToApply"] ?? "",
                      error: errors["howToApply"], required: true, maxLength: 5_000, rows: 4),
            FormField(name: "deadlines", label: t("supportAdmin.field.deadlines"), kind: .textarea, value: values["deadlines"] ?? "",
                      hint: t("supportAdmin.hint.deadlines"), error: errors["deadlines"], maxLength: 2_000, rows: 3),
        ]
        if form == nil {
            fields += [
                FormField(name: "rules", label: t("supportAdmin.field.rules"), kind: .textarea, value: values["rules"] ?? "",
                          hint: t("supportAdmin.hint.rules"), error: errors["rules"], required: true, maxLength: 20_000, rows: 10),
                FormField(name: "effectiveFrom", label: t("supportAdmin.field.effectiveFrom"), kind: .date,
                          value: values["effectiveFrom"] ?? req.clock.today.description, error: errors["effectiveFrom"], required: true),
            ]
        }
        let heading = form.map { t("supportAdmin.editTitle", $0.name) } ?? t("supportAdmin.newTitle")
        var page = FormPage(chrome: req.chrome(title: heading, municipality: m), heading: heading,
                            intro: t(form == nil ? "supportAdmin.newIntro" : "supportAdmin.editIntro"),
                            action: form.map { SiteURL.supportFormAdmin(m.slug, $0.id!) } ?? SiteURL.supportAdmin(m.slug),
                            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"), cancelURL: SiteURL.supportAdmin(m.slug))
        if let form { page.related = [.init(label: t("supportAdmin.newRules"), url: SiteURL.supportRules(m.slug, form.id!), current: false)] }
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        return try await render(req, m, nil, values: [:], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let f = try await req.find(SupportForm.self, "form", in: m, notFound: "support.error.notFound")
        return try await render(req, m, f, values: ["kind": f.kind.rawValue, "name": f.name, "whoMayApply": f.whoMayApply,
                                                    "howToApply": f.howToApply, "deadlines": f.deadlines ?? ""], errors: [:])
    }

    private func check(_ req: Request, withRules: Bool) -> (FormValidation, FormInput) {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        _ = check.choice("kind", as: SupportForm.Kind.self)
        _ = check.required("name", max: 200)
        _ = check.required("whoMayApply", max: 5_000)
        _ = check.required("howToApply", max: 5_000)
        _ = check.optional("deadlines", max: 2_000)
        if withRules {
            _ = check.required("rules", max: 20_000)
            _ = check.date("effectiveFrom", required: true)
        }
        return (check, input)
    }

    private func apply(_ input: FormInput, to f: SupportForm) {
        f.kind = SupportForm.Kind(rawValue: input["kind"] ?? "") ?? .grant
        f.name = input["name"] ?? ""
        f.whoMayApply = input["whoMayApply"] ?? ""
        f.howToApply = input["howToApply"] ?? ""
        f.deadlines = input["deadlines"]
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let (check, input) = check(req, withRules: true)
        guard check.isValid else { return try await render(req, m, nil, values: input.values, errors: check.errors) }
        let mid = try m.requireID()
        let existing = try await SupportForm.query(on: req.db).filter(\.$municipality.$id == mid).all()
        let f = SupportForm()
        f.$municipality.id = mid
        apply(input, to: f)
        f.slug = Articles.slug(f.name, taken: Set(existing.map(\.slug)))
        f.position = (existing.map(\.position).max() ?? 0) + 1
        let now = req.clock.seconds
        try await req.db.writeTransaction { tx in
            try await f.create(on: tx)
            let v = SupportRuleVersion()
            v.$form.id = try f.requireID()
            v.effectiveFrom = input["effectiveFrom"] ?? ""
            v.rules = input["rules"] ?? ""
            v.createdAt = now
            try await v.create(on: tx)
        }
        req.flash(req.t("supportAdmin.saved", f.name))
        return req.redirect(to: SiteURL.supportAdmin(m.slug))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let f = try await req.find(SupportForm.self, "form", in: m, notFound: "support.error.notFound")
        let (check, input) = check(req, withRules: false)
        guard check.isValid else { return try await render(req, m, f, values: input.values, errors: check.errors) }
        apply(input, to: f)
        try await f.save(on: req.db)
        req.flash(req.t("supportAdmin.saved", f.name))
        return req.redirect(to: SiteURL.supportAdmin(m.slug))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let f = try await req.find(SupportForm.self, "form", in: m, notFound: "support.error.notFound")
        let count = try await SupportRuleVersion.query(on: req.db).filter(\.$form.$id == f.requireID()).count()
        if let ask = try await req.unconfirmedDeletion(of: req.t("supportAdmin.what", f.name), detail: req.t("supportAdmin.whatGoes", String(count)),
                                                       back: SiteURL.supportAdmin(m.slug), municipality: m) {
            return ask
        }
        try await f.delete(on: req.db)
        req.flash(req.t("supportAdmin.removed", f.name))
        return req.redirect(to: SiteURL.supportAdmin(m.slug))
    }

    // MARK: A new version of the rules

    private func renderRules(_ req: Request, _ m: Municipality, _ f: SupportForm, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let fields = [
            FormField(name: "rules", label: t("supportAdmin.field.rules"), kind: .textarea, value: values["rules"] ?? "",
                      hint: t("supportAdmin.hint.newRules"), error: errors["rules"], required: true, maxLength: 20_000, rows: 12),
            FormField(name: "effectiveFrom", label: t("supportAdmin.field.effectiveFrom"), kind: .date, value: values["effectiveFrom"] ?? "",
                      hint: t("supportAdmin.hint.effectiveFrom"), error: errors["effectiveFrom"], required: true),
            FormField(name: "changeNote", label: t("supportAdmin.field.changeNote"), kind: .text, value: values["changeNote"] ?? "",
                      hint: t("supportAdmin.hint.changeNote"), error: errors["changeNote"], required: true, maxLength: 300),
        ]
        let heading = t("supportAdmin.rulesTitle", f.name)
        let page = FormPage(chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: t("supportAdmin.rulesIntro"),
                            action: SiteURL.supportRules(m.slug, f.id!), csrf: req.csrfToken, fields: fields,
                            submitLabel: t("supportAdmin.rulesSubmit"), cancelURL: SiteURL.supportAdmin(m.slug))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func rulesForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let f = try await req.find(SupportForm.self, "form", in: m, notFound: "support.error.notFound")
        let versions = try await SupportRuleVersion.query(on: req.db).filter(\.$form.$id == f.requireID()).all()
        let latest = SupportRules.history(versions).first
        return try await renderRules(req, m, f, values: ["rules": latest?.rules ?? "", "effectiveFrom": req.clock.today.adding(days: 30).description],
                                     errors: [:])
    }

    /// The representatives of every organisation that has signed the agreement.
    static func signatoryAddresses(_ m: Municipality, on db: any Database) async throws -> [String] {
        try await signatoryRecipients(m, on: db).map(\.email)
    }

    /// The same, each with the language they read mail in.
    static func signatoryRecipients(_ m: Municipality, on db: any Database) async throws -> [(email: String, language: Language)] {
        let users = try await User.query(on: db)
            .join(OrganisationRepresentative.self, on: \User.$id == \OrganisationRepresentative.$user.$id)
            .join(Organisation.self, on: \OrganisationRepresentative.$organisation.$id == \Organisation.$id)
            .filter(Organisation.self, \.$municipality.$id == (try m.requireID()))
            .filter(Organisation.self, \.$status == .approved)
            .filter(Organisation.self, \.$signatorySince != nil)
            .filter(\.$emailVerifiedAt != nil).filter(\.$deactivatedAt == nil)
            .all()
        var seen = Set<String>()
        return users.map { (email: User.normalise(email: $0.email), language: $0.mailLanguage) }
            .filter { seen.insert($0.email).inserted }.sorted { $0.email < $1.email }
    }

    @Sendable func newRules(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let f = try await req.find(SupportForm.self, "form", in: m, notFound: "support.error.notFound")
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let rules = check.required("rules", max: 20_000)
        let effective = check.date("effectiveFrom", required: true)
        let note = check.required("changeNote", max: 300)
        let versions = try await SupportRuleVersion.query(on: req.db).filter(\.$form.$id == f.requireID()).all()
        if let rules, let latest = SupportRules.history(versions).first, latest.rules == rules {
            check.fail("rules", req.t("supportAdmin.error.unchanged"))
        }
        if let effective, versions.contains(where: { $0.effectiveFrom == effective.description }) {
            check.fail("effectiveFrom", req.t("supportAdmin.error.sameDay"))
        }
        guard check.isValid, let rules, let effective, let note else {
            return try await renderRules(req, m, f, values: input.values, errors: check.errors)
        }
        let app = req.application, now = req.clock.seconds
        let recipients = try await Self.signatoryRecipients(m, on: req.db)
        let formID = try f.requireID()
        let act: @Sendable (any Database) async throws -> Void = { tx in
            let v = SupportRuleVersion()
            v.$form.id = formID
            v.effectiveFrom = effective.description
            v.rules = rules
            v.changeNote = note
            v.createdAt = now
            try await v.create(on: tx)
            let mailer = Mailer(db: tx, app: app)
            for (email, language) in recipients {
                try await mailer.send(to: email, in: language, subjectKey: "mail.supportRules.subject", bodyKey: "mail.supportRules.body",
                                      [f.name, effective.description, note, mailer.link(SiteURL.supportForm(m.slug, f.slug))],
                                      municipalityID: m.id, kind: "supportRules")
            }
        }
        guard input.isConfirmed else {
            let mail = try await MailPreview.dryRun(req.db, act)
            return try await req.confirmation(
                heading: req.t("supportAdmin.confirm.heading", f.name),
                message: req.t(mail.isEmpty ? "supportAdmin.confirm.nobody" : "supportAdmin.confirm.message", effective.description, String(mail.count)),
                mail: mail, button: req.t("supportAdmin.confirm.button"), cancelURL: SiteURL.supportAdmin(m.slug), municipality: m)
        }
        try await req.db.writeTransaction { try await act($0) }
        req.flash(req.t("supportAdmin.rulesSaved", f.name, effective.description, String(recipients.count)))
        return req.redirect(to: SiteURL.supportAdmin(m.slug))
    }
}
