import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}/version/{n}/regler`: the coordinator adds, changes and removes the rules of a
/// draft version, each type with its own fields and the same checks as the agreement file
/// (`RuleCheck`). Publishing the draft puts them in force; the rules page then judges each year
/// by the version in force in it.
struct RuleEditorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.versionRuleNew, access: .coordinator, use: chooseType)
        routes.on(.GET, SiteURL.versionRuleNewOfType, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.versionRuleNewOfType, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.versionRule, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.versionRule, access: .coordinator, use: save)
        routes.on(.POST, SiteURL.versionRuleRemove, access: .coordinator, use: remove)
    }

    /// The page to choose which kind of rule to add.
    struct TypeChoice: Encodable {
        struct Option: Encodable { let url: String; let name: String; let hint: String }
        let chrome: Chrome
        let heading: String
        let options: [Option]
        let cancelURL: String
    }

    @Sendable func chooseType(req: Request) async throws -> View {
        let (m, a) = try await req.draftForRules()
        let t = req.translator
        return try await req.view.render("rules/new-rule", TypeChoice(
            chrome: req.chrome(title: t("rules.edit.newHeading")), heading: t("rules.edit.newHeading"),
            options: AgreementDocument.RuleType.allCases.map {
                .init(url: SiteURL.versionRuleNewOfType(m.slug, a.version, $0.slug), name: t("rules.type.\($0.rawValue)"),
                      hint: t("rules.type.\($0.rawValue).hint"))
            },
            cancelURL: Self.back(m, a)))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let (m, a) = try await req.draftForRules()
        let type = try req.ruleType()
        return try await render(req, m, a, type: type, rule: nil, values: [:], errors: [:])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let (m, a) = try await req.draftForRules()
        let type = try req.ruleType()
        switch read(req, type) {
        case .invalid(let values, let errors):
            return try await render(req, m, a, type: type, rule: nil, values: values, errors: errors)
        case .valid(let document):
            let id = try a.requireID()
            try await req.db.writeTransaction { tx in
                let last = try await AgreementRule.query(on: tx).filter(\.$agreement.$id == id).max(\.$position) ?? 0
                try await AgreementRule(agreementID: id, position: last + 1, document).create(on: tx)
            }
            req.flash(req.t("rules.edit.added", RuleText.describe(document, req.translator)))
            return req.redirect(to: Self.back(m, a))
        }
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let (m, a) = try await req.draftForRules()
        let rule = try await req.item(AgreementRule.self, in: a)
        guard let document = rule.document else { throw Abort(.notFound, reason: req.t("error.itemNotFound")) }
        var values = RuleCheck.values(of: document)
        values["note"] = document.note ?? ""
        return try await render(req, m, a, type: document.type, rule: rule, values: values, errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (m, a) = try await req.draftForRules()
        let rule = try await req.item(AgreementRule.self, in: a)
        guard let type = AgreementDocument.RuleType(rawValue: rule.type) else { throw Abort(.notFound, reason: req.t("error.itemNotFound")) }
        switch read(req, type) {
        case .invalid(let values, let errors):
            return try await render(req, m, a, type: type, rule: rule, values: values, errors: errors)
        case .valid(let document):
            rule.set(document)
            if rule.hasChanges { try await rule.save(on: req.db) }
            req.flash(req.t("rules.edit.saved", RuleText.describe(document, req.translator)))
            return req.redirect(to: Self.back(m, a))
        }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let (m, a) = try await req.draftForRules()
        let rule = try await req.item(AgreementRule.self, in: a)
        let name = rule.document.map { RuleText.describe($0, req.translator) } ?? rule.type
        if let ask = try await req.unconfirmedDeletion(of: name, detail: req.t("rules.edit.removeDetail"),
                                                       back: Self.back(m, a), municipality: m) { return ask }
        try await rule.delete(on: req.db)
        req.flash(req.t("rules.edit.removed", name))
        return req.redirect(to: Self.back(m, a))
    }

    // MARK: - The form

    static func back(_ m: Municipality, _ a: Agreement) -> String { SiteURL.adminVersion(m.slug, a.version) + "#regler" }

    private enum Read {
        case valid(AgreementDocument.Rule)
        case invalid(values: [String: String], errors: [String: String])
    }

    /// The type's fields and the note, checked as the agreement file's are.
    private func read(_ req: Request, _ type: AgreementDocument.RuleType) -> Read {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let note = check.optional("note", max: 1000)
        var texts: [String: String] = [:]
        for field in RuleCheck.fields(of: type) { texts[field] = input[field] }
        let outcome = RuleCheck.read(type, texts, note: note)
        for (field, problem) in outcome.problems {
            check.fail(field, req.application.catalogue.text(problem.key, req.locale, problem.arguments))
        }
        guard check.isValid, let rule = outcome.rule else {
            return .invalid(values: input.values, errors: check.errors)
        }
        return .valid(rule)
    }

    private func render(_ req: Request, _ m: Municipality, _ a: Agreement, type: AgreementDocument.RuleType,
                        rule: AgreementRule?, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        func field(_ name: String, _ kind: FormField.Kind, hint: String? = nil, options: [(value: String, label: String)] = []) -> FormField {
            .shown(name, label: t("rules.field.\(name)"), kind: kind, values: values, errors: errors, hint: hint,
                   required: true, options: options)
        }
        var fields: [FormField]
        switch type {
        case .meetingsPerYear:
            fields = [
                field("meetingKind", .select, options: [("", t("field.choose"))] + MeetingKind.allCases.map { ($0.rawValue, t("meeting.kind.\($0.rawValue)")) }),
                field("minimum", .number, hint: t("rules.hint.minimum")),
            ]
        case .followUp, .planReview:
            fields = [field("everyMonths", .number, hint: t("rules.hint.everyMonths"))]
        case .revisionDue:
            fields = [field("date", .date, hint: t("hint.date"))]
        case .responseTime:
            fields = [field("minimumPercent", .number, hint: t("rules.hint.minimumPercent"))]
        }
        fields.append(.shown("note", label: t("rules.field.note"), kind: .textarea, values: values, errors: errors,
                             hint: t("rules.hint.note"), maxLength: 1000, rows: 3))
        let heading = t(rule == nil ? "rules.edit.newOfType" : "rules.edit.editOfType", t("rules.type.\(type.rawValue)"))
        let page = FormPage(
            chrome: req.chrome(title: heading), heading: heading, intro: t("rules.type.\(type.rawValue).hint"),
            action: rule.map { SiteURL.versionRule(m.slug, a.version, $0.id!) }
                ?? SiteURL.versionRuleNewOfType(m.slug, a.version, type.slug),
            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"), cancelURL: Self.back(m, a))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }
}

extension AgreementDocument.RuleType {
    /// Its part of the address of the form that adds one.
    var slug: String {
        switch self {
        case .meetingsPerYear: "moten-per-ar"
        case .followUp: "uppfoljning"
        case .planReview: "oversyn-av-planen"
        case .revisionDue: "revidering"
        case .responseTime: "svarstid"
        }
    }
}

extension AgreementRule: VersionItem {
    static func query(_ id: UUID, in agreement: Agreement, on db: any Database) async throws -> AgreementRule? {
        try await AgreementRule.query(on: db).filter(\.$id == id).filter(\.$agreement.$id == agreement.requireID()).first()
    }
}

extension Request {
    /// The version named in the address, when its rules may be changed (`RulesPolicy`): 409 otherwise.
    func draftForRules() async throws -> (Municipality, Agreement) {
        let (m, a) = try await agreementVersion()
        guard RulesPolicy.mayChangeRules(of: a) else { throw Abort(.conflict, reason: t("rules.edit.notDraft")) }
        return (m, a)
    }

    /// The `:typ` of the address; 404 when it names no type of rule.
    func ruleType() throws -> AgreementDocument.RuleType {
        guard let slug = parameters.get("typ"), let type = AgreementDocument.RuleType.allCases.first(where: { $0.slug == slug }) else {
            throw Abort(.notFound, reason: t("rules.edit.unknownType"))
        }
        return type
    }
}
