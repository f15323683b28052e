import Fluent
import SamverkanCore
import Vapor

/// The coordinator's follow-up pages: the rounds with the departments, and one round.
enum FollowUpAdminPages {
    struct Option: Encodable { let value: String; let label: String }

    struct List: Encodable {
        struct Row: Encodable { let year: Int; let url: String; let status: String; let period: String; let rate: String }
        struct Dept: Encodable { let name: String; let email: String?; let removeAction: String }
        let chrome: Chrome
        let csrf: String
        let rows: [Row]?
        let departments: [Dept]?
        let createAction: String
        let departmentAction: String
        let roundFields: [FormField]
        let departmentFields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
    }

    static func list(_ req: Request, _ m: Municipality, errors: [String: String], values: [String: String]) async throws -> List {
        let t = req.translator
        let rounds = try await FollowUpRound.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$year, .descending).all()
        var rows: [List.Row] = []
        for r in rounds {
            let rates = try await FollowUpRounds.responseRates(r, on: req.db)
            let submitted = rates.values.map(\.submitted).reduce(0, +), total = rates.values.map(\.total).reduce(0, +)
            rows.append(.init(year: r.year, url: SiteURL.followUpRound(m.slug, r.year), status: t("followUp.status.\(r.status.rawValue)"),
                              period: "\(r.opensOn) – \(r.closesOn)", rate: t("followUpAdmin.rate", String(submitted), String(total))))
        }
        let departments = try await Department.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$name).all()
        let today = req.clock.today
        var defaults = ["year": String(today.year), "opensOn": today.description, "closesOn": today.adding(days: 30).description,
                        "minimum": String(FollowUpRounds.defaultMinimum)]
        defaults.merge(values) { $1 }
        return List(chrome: req.chrome(title: t("followUpAdmin.title", m.name), municipality: m), csrf: req.csrfToken,
                    rows: rows.isEmpty ? nil : rows,
                    departments: departments.isEmpty ? nil : departments.map {
                        .init(name: $0.name, email: $0.email, removeAction: SiteURL.departmentRemove(m.slug, $0.id!))
                    },
                    createAction: SiteURL.followUpAdmin(m.slug), departmentAction: SiteURL.departments(m.slug),
                    roundFields: [
                        .shown("year", label: t("report.year"), kind: .number, values: defaults, errors: errors, required: true),
                        .shown("opensOn", label: t("followUpAdmin.opensOn"), kind: .date, values: defaults, errors: errors, required: true),
                        .shown("closesOn", label: t("followUpAdmin.closesOn"), kind: .date, values: defaults, errors: errors, required: true),
                        .shown("minimum", label: t("followUpAdmin.minimum"), kind: .number, values: defaults, errors: errors,
                               hint: t("followUpAdmin.minimumHint", String(FollowUpRounds.defaultMinimum))),
                    ],
                    departmentFields: [
                        .shown("departmentName", label: t("followUpAdmin.departmentName"), kind: .text, values: defaults, errors: errors,
                               required: true, maxLength: 200),
                        .shown("departmentEmail", label: t("followUpAdmin.departmentEmail"), kind: .email, values: defaults, errors: errors,
                               maxLength: 254),
                    ],
                    errorSummary: FormPage.ErrorLink.summary(errors))
    }

    struct Round: Encodable {
        struct Question: Encodable { let number: Int; let text: String; let kind: String; let removeAction: String? }
        struct Comment: Encodable {
            let question: String; let party: String; let text: String; let status: String; let action: String
            let approvable: Bool; let rejectable: Bool
        }
        struct Unlinked: Encodable { let commitmentID: String; let text: String; let fieldID: String }
        struct Rate: Encodable { let party: String; let submitted: Int; let total: Int; let percent: Int }
        struct Respondent: Encodable { let name: String; let party: String; let status: String; let reopenAction: String? }
        let chrome: Chrome
        let csrf: String
        let year: Int
        let status: String
        let period: String
        let minimum: Int
        let rates: [Rate]
        let respondents: [Respondent]?
        let commitmentCount: Int
        let extras: [Question]?
        let isDraft: Bool
        let openAction: String?
        let remindAction: String?
        let closeAction: String?
        let publishAction: String?
        let reportURL: String?
        let questionAction: String
        let comments: [Comment]?
        let unlinked: [Unlinked]?
        let earlierCommitments: [Option]?
        let linkAction: String
        let linkYear: Int?
        let questionFields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
        let listURL: String
    }

    static func round(_ req: Request, _ m: Municipality, _ round: FollowUpRound, errors: [String: String],
                      values: [String: String]) async throws -> Round {
        let t = req.translator
        let rid = try round.requireID()
        let slug = m.slug, year = round.year
        let questions = try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == rid).sort(\.$position).all()
        let rates = try await FollowUpRounds.responseRates(round, on: req.db)
        let today = req.clock.today.description
        let responses = try await FollowUpResponse.query(on: req.db).filter(\.$round.$id == rid)
            .with(\.$organisation).with(\.$department).all()
        let respondents = responses.map { r in
            Round.Respondent(
                name: r.organisation?.name ?? r.department?.name ?? "–", party: t("followUp.party.\(r.party.rawValue)"),
                status: r.status == .submitted
                    ? t("followUpAdmin.respondent.submitted", r.submittedAt.map { ObligationCheck.localDate($0).description } ?? "")
                    : t("followUpAdmin.respondent.\(r.status.rawValue)"),
                reopenAction: FollowUpPolicy.mayReopen(r, in: round, today: today) ? SiteURL.followUpReopen(slug, year, r.id!) : nil)
        }.sorted { ($0.party, $0.name.lowercased()) < ($1.party, $1.name.lowercased()) }
        let comments = try await FollowUpAnswer.query(on: req.db).filter(\.$roundID == rid).filter(\.$counted == true)
            .filter(\.$commentStatus ~~ [.pending, .approved, .rejected]).all()
        let text = Dictionary(uniqueKeysWithValues: questions.map { ($0.id!, "\($0.position). \($0.text)") })
        // Commitments the previous published round cannot match by text or link: the coordinator may link them.
        let previous = try await FollowUpRound.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$year < round.year).filter(\.$status == .published).sort(\.$year, .descending).first()
        var unlinked: [Round.Unlinked] = []
        var earlierOptions: [Option] = []
        if let previous {
            let earlier = try await FollowUpQuestion.query(on: req.db).filter(\.$round.$id == previous.requireID())
                .filter(\.$kind == .commitment).sort(\.$position).all()
            let links = try await CommitmentLink.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all()
            let current = questions.filter { $0.kind == .commitment }.compactMap { q in
                q.$commitment.id.map { CommitmentMatching.Item(id: $0.uuidString, text: q.text) } }
            let before = earlier.compactMap { q in q.$commitment.id.map { CommitmentMatching.Item(id: $0.uuidString, text: q.text) } }
            let matched = CommitmentMatching.match(current: current, earlier: before, links: links.map { ($0.$from.id.uuidString, $0.$to.id.uuidString) })
            let used = Set(matched.values)
            unlinked = current.filter { matched[$0.id] == nil }.map { .init(commitmentID: $0.id, text: $0.text, fieldID: "from-\($0.id)") }
            earlierOptions = before.filter { !used.contains($0.id) }.map { Option(value: $0.id, label: $0.text) }
        }
        let parties: [Party] = [.civilSociety, .municipality]
        return Round(
            chrome: req.chrome(title: t("followUpAdmin.roundTitle", String(round.year)), municipality: m), csrf: req.csrfToken,
            year: round.year, status: t("followUp.status.\(round.status.rawValue)"), period: "\(round.opensOn) – \(round.closesOn)",
            minimum: round.minimumAnswers,
            rates: parties.map { p in
                let r = rates[p] ?? FollowUpRounds.Rate()
                return Round.Rate(party: t("followUp.party.\(p.rawValue)"), submitted: r.submitted, total: r.total, percent: r.percent)
            },
            respondents: respondents.isEmpty ? nil : respondents,
            commitmentCount: questions.filter { $0.kind == .commitment }.count,
            extras: {
                let list = questions.filter { $0.kind != .commitment }.map {
                    Round.Question(number: $0.position, text: $0.text, kind: t("followUp.kind.\($0.kind.rawValue)"),
                                   removeAction: round.status == .draft ? SiteURL.followUpQuestionRemove(slug, year, $0.id!) : nil)
                }
                return list.isEmpty ? nil : list
            }(),
            isDraft: round.status == .draft,
            openAction: round.status == .draft ? SiteURL.followUpOpen(slug, year) : nil,
            remindAction: round.status == .open ? SiteURL.followUpRemind(slug, year) : nil,
            closeAction: round.status == .open ? SiteURL.followUpClose(slug, year) : nil,
            publishAction: round.status == .closed ? SiteURL.followUpPublish(slug, year) : nil,
            reportURL: round.status == .closed || round.status == .published ? SiteURL.followUpReport(m.slug, round.year) : nil,
            questionAction: SiteURL.followUpQuestions(slug, year),

            comments: comments.isEmpty ? nil : comments.sorted { ($0.commentStatus?.rawValue ?? "", text[$0.$question.id] ?? "") > ($1.commentStatus?.rawValue ?? "", text[$1.$question.id] ?? "") }.map { a in
                Round.Comment(question: text[a.$question.id] ?? "", party: t("followUp.party.\(a.party)"), text: a.comment ?? "",
                              status: t("followUp.comment.\((a.commentStatus ?? .pending).rawValue)"),
                              action: SiteURL.followUpComment(slug, year, a.id!),
                              approvable: a.commentStatus != .approved, rejectable: a.commentStatus != .rejected)
            },
            unlinked: unlinked.isEmpty || earlierOptions.isEmpty ? nil : unlinked,
            earlierCommitments: earlierOptions.isEmpty ? nil : earlierOptions,
            linkAction: SiteURL.followUpLinks(slug, year), linkYear: previous?.year,
            questionFields: [
                .shown("questionText", label: t("followUpAdmin.questionText"), kind: .text, values: values, errors: errors,
                       required: true, maxLength: 500),
                .shown("questionKind", label: t("followUpAdmin.questionKind"), kind: .select, values: values, errors: errors,
                       options: [FollowUpQuestion.Kind.rating, .text, .single, .multiple].map { ($0.rawValue, t("followUp.kind.\($0.rawValue)")) }),
                .shown("questionOptions", label: t("followUpAdmin.questionOptions"), kind: .textarea, values: values, errors: errors,
                       hint: t("followUpAdmin.questionOptionsHint"), rows: 4),
            ],
            errorSummary: FormPage.ErrorLink.summary(errors),
            listURL: SiteURL.followUpAdmin(m.slug))
    }
}
