import Fluent
import SamverkanCore
import Vapor

/// The follow-up as respondents and the public meet it: the questionnaire (for an organisation's
/// representatives, or a department through its link), the report and its CSV exports.
struct FollowUpController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.followUpIndex, access: .anyone, use: index)
        routes.on(.GET, SiteURL.followUpReport, access: .anyone, use: report)
        routes.on(.GET, SiteURL.followUpAnswersCSV, access: .anyone, use: answersCSV)
        routes.on(.GET, SiteURL.followUpAggregatesCSV, access: .anyone, use: aggregatesCSV)
        routes.on(.GET, SiteURL.departmentQuestionnaire, access: .anyone, use: departmentForm)
        routes.on(.POST, SiteURL.departmentQuestionnaire, access: .anyone, use: departmentAnswer)
        routes.on(.GET, SiteURL.organisationQuestionnaire, access: .organisationMember, use: organisationForm)
        routes.on(.POST, SiteURL.organisationQuestionnaire, access: .organisationMember, use: organisationAnswer)
    }


    /// The round of `:year`; 404 when there is none.
    static func round(_ req: Request, _ m: Municipality) async throws -> FollowUpRound {
        guard let year = req.parameters.get("year", as: Int.self),
              let round = try await FollowUpRound.query(on: req.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$year == year).first() else {
            throw Abort(.notFound, reason: req.t("followUp.error.noRound"))
        }
        return round
    }

    /// The report is public once published; the municipality's staff see it from when the round closes.
    static func visibleRound(_ req: Request, _ m: Municipality) async throws -> FollowUpRound {
        let round = try await round(req, m)
        guard FollowUpPolicy.maySeeReport(round.status, user: req.currentUser, municipalityID: m.id) else {
            throw Abort(.notFound, reason: req.t("followUp.error.notPublished"))
        }
        return round
    }

    struct IndexPage: Encodable {
        struct Year: Encodable { let year: Int; let reportURL: String?; let annualURL: String?; let status: String }
        let chrome: Chrome
        let years: [Year]?
    }

    /// Every year with a published follow-up or annual report; staff also see rounds under way.
    @Sendable func index(req: Request) async throws -> View {
        let m = try await req.municipality()
        let rounds = try await FollowUpRound.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all()
        let reports = try await AnnualReport.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$publishedAt != nil).all()
        let years = Set(rounds.filter { FollowUpPolicy.mayListRound($0.status, user: req.currentUser, municipalityID: m.id) }.map(\.year) + reports.map(\.year)).sorted(by: >)
        let t = req.translator
        return try await req.view.render("follow-up/index", IndexPage(
            chrome: req.chrome(title: t("followUp.indexTitle", m.name), municipality: m),
            years: years.isEmpty ? nil : years.map { year in
                let round = rounds.first { $0.year == year }
                let visible = round.map { FollowUpPolicy.maySeeReport($0.status, user: req.currentUser, municipalityID: m.id) } ?? false
                return IndexPage.Year(year: year, reportURL: visible ? SiteURL.followUpReport(m.slug, year) : nil,
                                      annualURL: AnnualReportPolicy.maySee(publishedAt: reports.first { $0.year == year }?.publishedAt,
                                                                      user: req.currentUser, municipalityID: m.id)
                                          ? SiteURL.annualReport(m.slug, year) : nil,
                                      status: round.map { t("followUp.status.\($0.status.rawValue)") } ?? "–")
            }))
    }

    @Sendable func report(req: Request) async throws -> View {
        let m = try await req.municipality()
        let round = try await Self.visibleRound(req, m)
        let chrome = req.chrome(title: req.t("report.title", m.name, String(round.year)), municipality: m)
        return try await FollowUpReport.query(db: req.db, municipality: m, round: round, t: req.translator, chrome: chrome)
            .render(req.translator)
    }

    @Sendable func answersCSV(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await Self.visibleRound(req, m)
        return try await FollowUpExport.answers(round, on: req.db, t: req.translator, dialect: CSVDialect(req))
            .response(filename: "uppfoljning-\(m.slug)-\(round.year)-svar.csv")
    }

    @Sendable func aggregatesCSV(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let round = try await Self.visibleRound(req, m)
        return try await FollowUpExport.aggregates(round, on: req.db, t: req.translator, dialect: CSVDialect(req))
            .response(filename: "uppfoljning-\(m.slug)-\(round.year)-aggregat.csv")
    }

    // MARK: Answering

    private func render(_ req: Request, _ m: Municipality, round: FollowUpRound, response: FollowUpResponse, respondent: String,
                        action: String, entries: [UUID: FollowUpAnswers.Entry]?, errors: [String: String],
                        unanswered: [FollowUpQuestion] = [], status: HTTPStatus = .ok) async throws -> Response {
        let questions = try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let principles = try await Principle.query(on: req.db).filter(\.$agreement.$id == round.$agreement.id).sort(\.$position).all()
        let owners = Dictionary(uniqueKeysWithValues: try await Commitment.query(on: req.db)
            .filter(\.$id ~~ questions.compactMap { $0.$commitment.id }).all().map { ($0.id!, $0.party) })
        var saved = entries ?? [:]
        if entries == nil { saved = try await FollowUpAnswers.entries(of: response, on: req.db) }
        let page = QuestionnairePage.build(
            chrome: req.chrome(title: req.t("questionnaire.title", String(round.year), respondent), municipality: m),
            csrf: req.csrfToken, action: action, respondent: respondent, round: round, questions: questions,
            principles: principles, owners: owners, entries: saved, errors: errors, response: response,
            today: req.clock.today.description, t: req.translator, unanswered: unanswered,
            reportURL: round.status == .published ? SiteURL.followUpReport(m.slug, round.year) : nil)
        let result = try await req.view.render("follow-up/questionnaire", page).encodeResponse(for: req)
        result.status = status
        return result
    }

    private func answer(_ req: Request, _ m: Municipality, round: FollowUpRound, response: FollowUpResponse, respondent: String,
                        action: String, done: String) async throws -> Response {
        let input = FormInput(req)
        let questions = try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == round.requireID()).sort(\.$position).all()
        let (entries, errors) = FollowUpAnswers.read(input, questions: questions, t: req.translator)
        guard errors.isEmpty else {
            return try await render(req, m, round: round, response: response, respondent: respondent, action: action,
                                    entries: entries, errors: errors, status: .unprocessableEntity)
        }
        var submit = input["action"] == "submit"
        // A partial answer is kept as a draft and shown again with the questions left open, until
        // the respondent confirms that it is to be submitted as it is.
        let unanswered = FollowUpAnswers.unanswered(entries, questions: questions)
        let holdBack = submit && !unanswered.isEmpty && input["partial"] != "1"
        if holdBack { submit = false }
        try await FollowUpAnswers.save(entries, response: response, round: round, questions: questions, submit: submit,
                                       user: req.currentUser, on: req.db, today: req.clock.today.description,
                                       now: req.clock.now)
        if holdBack {
            return try await render(req, m, round: round, response: response, respondent: respondent, action: action,
                                    entries: entries, errors: [:], unanswered: unanswered)
        }
        req.flash(req.t(submit ? "questionnaire.submittedFlash" : "questionnaire.savedFlash"))
        return req.redirect(to: done)
    }

    private func organisationResponse(_ req: Request) async throws -> (Municipality, Organisation, FollowUpRound, FollowUpResponse) {
        let m = try await req.municipality()
        let o = try await req.organisation()
        // Staff may look at the organisation's page, but only its own representatives answer for it.
        let representing = try await req.represents(o) ? Set([try o.requireID()]) : []
        guard FollowUpPolicy.mayAnswer(for: try o.requireID(), user: req.currentUser, representing: representing) else { throw Abort(.forbidden, reason: req.t("followUp.error.onlyRepresentatives")) }
        let round = try await Self.round(req, m)
        guard let response = try await FollowUpResponse.query(on: req.db).filter(\.$round.$id == round.requireID())
            .filter(\.$organisation.$id == o.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("followUp.error.notRespondent"))
        }
        return (m, o, round, response)
    }

    @Sendable func organisationForm(req: Request) async throws -> Response {
        let (m, o, round, response) = try await organisationResponse(req)
        return try await render(req, m, round: round, response: response, respondent: o.name,
                                action: SiteURL.organisationQuestionnaire(m.slug, o.id!, round.year), entries: nil, errors: [:])
    }

    @Sendable func organisationAnswer(req: Request) async throws -> Response {
        let (m, o, round, response) = try await organisationResponse(req)
        let path = SiteURL.organisationQuestionnaire(m.slug, o.id!, round.year)
        return try await answer(req, m, round: round, response: response, respondent: o.name, action: path, done: path)
    }

    private func departmentResponse(_ req: Request) async throws -> (Municipality, FollowUpRound, FollowUpResponse, String) {
        let m = try await req.municipality()
        guard let hash = LinkToken.lookupHash(req.parameters.get("token")),
              let response = try await FollowUpResponse.query(on: req.db).filter(\.$token == hash).with(\.$round).with(\.$department).first(),
              response.round.$municipality.id == m.id else {
            throw Abort(.notFound, reason: req.t("followUp.error.unknownLink"))
        }
        return (m, response.round, response, response.department?.name ?? m.name)
    }

    @Sendable func departmentForm(req: Request) async throws -> Response {
        let (m, round, response, name) = try await departmentResponse(req)
        return try await render(req, m, round: round, response: response, respondent: name, action: req.url.path, entries: nil, errors: [:])
    }

    @Sendable func departmentAnswer(req: Request) async throws -> Response {
        let (m, round, response, name) = try await departmentResponse(req)
        return try await answer(req, m, round: round, response: response, respondent: name, action: req.url.path, done: req.url.path)
    }
}
