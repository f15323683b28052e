import Fluent
import SamverkanCore
import Vapor

/// Development areas and the activities of the action plan under them.
extension AgreementEditorController {
    func bootAreas(_ routes: any RoutesBuilder) {
        routes.on(.GET, SiteURL.areaNew, access: .coordinator, use: { try await Self.areas.newForm($0) })
        routes.on(.POST, SiteURL.areas, access: .coordinator, use: { try await Self.areas.create($0) })
        routes.on(.GET, SiteURL.area, access: .coordinator, use: { try await Self.areas.editForm($0) })
        routes.on(.POST, SiteURL.area, access: .coordinator, use: { try await Self.areas.save($0) })
        routes.on(.POST, SiteURL.areaRemove, access: .coordinator, use: deleteArea)
        routes.on(.GET, SiteURL.activityNew, access: .coordinator, use: newActivityForm)
        routes.on(.POST, SiteURL.activityNew, access: .coordinator, use: createActivity)
        routes.on(.GET, SiteURL.activity, access: .coordinator, use: activityForm)
        routes.on(.POST, SiteURL.activity, access: .coordinator, use: saveActivity)
        routes.on(.POST, SiteURL.activityRemove, access: .coordinator, use: deleteActivity)
    }

    // MARK: - Areas

    static let areas = NamedItemEditor<DevelopmentArea>(
        newHeading: "edit.area.new", editHeading: "edit.area.edit", nameLabel: "field.areaName",
        keyFallback: "omrade", anchor: "#omraden",
        createURL: { m, a in SiteURL.areas(m.slug, a.version) },
        itemURL: { m, a, area in SiteURL.area(m.slug, a.version, area.id!) })

    @Sendable func deleteArea(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        let activities = try await PlanActivity.query(on: req.db).filter(\.$area.$id == area.requireID()).count()
        if let ask = try await req.unconfirmedDeletion(
            of: area.name, detail: activities == 0 ? nil : req.t("edit.area.deleteDetail", String(activities)),
            back: SiteURL.adminVersion(m.slug, a.version) + "#omraden", municipality: m) { return ask }
        try await req.db.writeTransaction { tx in
            try await PlanActivity.query(on: tx).filter(\.$area.$id == area.requireID()).auditedDelete()
            try await area.delete(on: tx)
        }
        req.flash(req.t("edit.area.deleted", area.name))
        return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#omraden")
    }

    // MARK: - Activities

    private func activityFields(_ v: [String: String?], _ errors: [String: String], _ a: Agreement, _ t: Translator) -> [FormField] {
        func value(_ name: String) -> String { (v[name] ?? nil) ?? "" }
        return [
            FormField(name: "title", label: t("field.activityTitle"), kind: .text, value: value("title"),
                      error: errors["title"], required: true, maxLength: 300),
            FormField(name: "description", label: t("field.description"), kind: .textarea, value: value("description"),
                      error: errors["description"], maxLength: 2000),
            FormField(name: "owner", label: t("field.owner"), kind: .select, value: value("owner"), error: errors["owner"],
                      required: true,
                      options: [FormField.Option(value: "", label: t("field.choose"), selected: value("owner").isEmpty)]
                        + Party.allCases.map { p in
                            .init(value: p.rawValue, label: AgreementPage.partyName(p, a, t: t), selected: value("owner") == p.rawValue)
                        }),
            FormField(name: "responsible", label: t("field.responsible"), kind: .text, value: value("responsible"),
                      hint: t("hint.responsible"), error: errors["responsible"], maxLength: 200),
            FormField(name: "startDate", label: t("field.startDate"), kind: .date, value: value("startDate"),
                      hint: t("hint.date"), error: errors["startDate"]),
            FormField(name: "dueDate", label: t("field.dueDate"), kind: .date, value: value("dueDate"),
                      hint: t("hint.date"), error: errors["dueDate"]),
            FormField(name: "status", label: t("field.status"), kind: .select, value: value("status"), error: errors["status"],
                      required: true,
                      options: ActivityStatus.allCases.map { s in
                          .init(value: s.rawValue, label: t("status.\(s.rawValue)"),
                                selected: value("status") == s.rawValue || (value("status").isEmpty && s == .planned))
                      }),
            FormField(name: "indicator", label: t("field.indicator"), kind: .select, value: value("indicator"),
                      hint: t("hint.indicator"), error: errors["indicator"],
                      options: [FormField.Option(value: "", label: t("indicator.none"), selected: value("indicator").isEmpty)]
                        + PlanIndicator.allCases.map { i in
                            .init(value: i.rawValue, label: t("indicator.\(i.rawValue)"), selected: value("indicator") == i.rawValue)
                        }),
        ]
    }

    private func renderActivity(_ req: Request, _ m: Municipality, _ a: Agreement, area: DevelopmentArea,
                                activity: PlanActivity?, values: [String: String?], errors: [String: String]) async throws -> Response {
        let heading = activity == nil ? req.t("edit.activity.new", area.name) : req.t("edit.activity.edit")
        let page = FormPage(
            chrome: req.chrome(title: heading), heading: heading,
            action: activity.map { SiteURL.activity(m.slug, a.version, area.id!, $0.id!) }
                ?? SiteURL.activityNew(m.slug, a.version, area.id!),
            csrf: req.csrfToken, fields: activityFields(values, errors, a, req.translator),
            submitLabel: req.t("action.save"), cancelURL: SiteURL.adminVersion(m.slug, a.version) + "#omraden")
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    private func readActivity(_ req: Request, into activity: PlanActivity) -> (FormInput, [String: String])? {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let title = check.required("title")
        let description = check.optional("description", max: 2000)
        let owner = check.choice("owner", as: Party.self)
        let responsible = check.optional("responsible", max: 200)
        let start = check.date("startDate")
        let due = check.date("dueDate")
        check.order(start, due, field: "dueDate")
        let status = check.choice("status", as: ActivityStatus.self)
        let indicator = check.optionalChoice("indicator", as: PlanIndicator.self)
        guard check.isValid, let title, let owner, let status else { return (input, check.errors) }
        activity.title = title
        activity.description = description
        activity.ownerParty = owner.rawValue
        activity.responsible = responsible
        activity.startDate = start?.description
        activity.dueDate = due?.description
        activity.status = status.rawValue
        activity.indicator = indicator?.rawValue
        return nil
    }

    private func activity(_ req: Request, in area: DevelopmentArea) async throws -> PlanActivity {
        guard let id = req.parameters.get("activity", as: UUID.self),
              let found = try await PlanActivity.query(on: req.db).filter(\.$id == id)
                .filter(\.$area.$id == area.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        return found
    }

    @Sendable func newActivityForm(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        return try await renderActivity(req, m, a, area: area, activity: nil, values: [:], errors: [:])
    }

    @Sendable func createActivity(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        let activity = PlanActivity()
        if let (input, errors) = readActivity(req, into: activity) {
            return try await renderActivity(req, m, a, area: area, activity: nil, values: input.values, errors: errors)
        }
        activity.$area.id = try area.requireID()
        let last = try await PlanActivity.query(on: req.db).filter(\.$area.$id == area.requireID()).max(\.$position)
        activity.position = (last ?? 0) + 1
        try await activity.create(on: req.db)
        return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + "#omraden")
    }

    @Sendable func activityForm(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        let act = try await activity(req, in: area)
        let values: [String: String?] = [
            "title": act.title, "description": act.description, "owner": act.ownerParty,
            "responsible": act.responsible, "startDate": act.startDate, "dueDate": act.dueDate, "status": act.status,
            "indicator": act.indicator,
        ]
        return try await renderActivity(req, m, a, area: area, activity: act, values: values, errors: [:])
    }

    @Sendable func saveActivity(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        let act = try await activity(req, in: area)
        if let (input, errors) = readActivity(req, into: act) {
            return try await renderActivity(req, m, a, area: area, activity: act, values: input.values, errors: errors)
        }
        try await act.save(on: req.db)
        return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + "#omraden")
    }

    @Sendable func deleteActivity(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let area = try await req.item(DevelopmentArea.self, in: a)
        let act = try await activity(req, in: area)
        if let ask = try await req.unconfirmedDeletion(of: act.title, back: SiteURL.adminVersion(m.slug, a.version) + "#omraden",
                                                       municipality: m) { return ask }
        try await act.delete(on: req.db)
        req.flash(req.t("edit.activity.deleted", act.title))
        return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#omraden")
    }
}
