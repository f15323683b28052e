import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/regler`: whether the agreement's rules are kept. The coordinator's view adds the
/// follow-ups, plan reviews and revisions that count as evidence, which only they record.
struct RulesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.rules, access: .anyone, use: show)
        routes.on(.GET, SiteURL.rulesAdmin, access: .coordinator, use: admin)
        routes.on(.POST, SiteURL.ruleRecords, access: .coordinator, use: addRecord)
        routes.on(.POST, SiteURL.ruleRecordRemove, access: .coordinator, use: removeRecord)
        routes.on(.POST, SiteURL.rulesJudgedFrom, access: .coordinator, use: setJudgedFrom)
    }

    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("rules/public", RulesPage.query(req, m, admin: false))
    }

    @Sendable func admin(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("rules/admin", RulesPage.query(req, m, admin: true))
    }

    @Sendable func addRecord(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let kind = v.choice("kind", as: ObligationRecord.Kind.self)
        let date = v.date("date", required: true)
        let title = v.required("title", max: 300)
        if let date, date > req.clock.today { v.fail("date", req.t("rules.error.future")) }
        guard v.isValid, let kind, let date, let title else {
            let page = try await RulesPage.query(req, m, admin: true, errors: v.errors, values: input.values)
            return try await req.renderForm("rules/admin", page, failed: true)
        }
        let record = ObligationRecord()
        record.$municipality.id = try m.requireID()
        record.kind = kind
        record.date = date.description
        record.title = title
        record.$recordedBy.id = req.currentUser?.id
        try await record.create(on: req.db)
        req.flash(req.t("rules.recorded", title))
        return req.redirect(to: SiteURL.rulesAdmin(m.slug))
    }

    @Sendable func removeRecord(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let record = try await req.find(ObligationRecord.self, "record", in: m)
        if let ask = try await req.unconfirmedDeletion(of: record.title, detail: req.t("rules.removeDetail"),
                                                       back: SiteURL.rulesAdmin(m.slug), municipality: m) { return ask }
        try await record.delete(on: req.db)
        req.flash(req.t("rules.recordRemoved", record.title))
        return req.redirect(to: SiteURL.rulesAdmin(m.slug))
    }

    /// The day the rules are judged from; empty goes back to the first meeting recorded here.
    @Sendable func setJudgedFrom(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let input = FormInput(req)
        var v = FormValidation(input, req.translator)
        let date = v.date("judgedFrom")
        if let date, date.year < 1990 || date > req.clock.today.adding(days: 366) {
            v.fail("judgedFrom", req.t("rules.error.judgedFromRange", req.clock.today.adding(days: 366).description))
        }
        guard v.isValid else {
            let page = try await RulesPage.query(req, m, admin: true, errors: v.errors, values: input.values)
            return try await req.renderForm("rules/admin", page, failed: true)
        }
        if m.rulesJudgedFrom != date?.description {
            m.rulesJudgedFrom = date?.description
            try await m.save(on: req.db)
        }
        req.flash(date.map { req.t("rules.judgedFromSaved", $0.description) } ?? req.t("rules.judgedFromCleared"))
        return req.redirect(to: SiteURL.rulesAdmin(m.slug))
    }
}
