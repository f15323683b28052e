import Fluent
import SamverkanCore
import Vapor

/// `/admin`: what waits for this person, each item a link to the page that settles it, with
/// counts. Staff see their municipality (the platform administrator every one); a representative
/// sees each organisation they act for.
struct WorkspacePage: Encodable, Sendable {
    /// One thing to do: "3 ansökningar att granska", linking to where it is done.
    struct Task: Encodable, Sendable {
        let text: String
        let url: String
        /// Past a deadline or failed: shown first and marked.
        let urgent: Bool
    }
    struct MeetingItem: Encodable, Sendable {
        let title: String
        let when: String
        let registrations: String
        let url: String
    }
    struct MunicipalityEntry: Encodable, Sendable {
        let name: String
        let publicURL: String
        let tasks: [Task]
        let meetings: [MeetingItem]
        let hasMeetings: Bool
        let nothingWaits: Bool
    }
    struct OrganisationEntry: Encodable, Sendable {
        let name: String
        let status: String
        let url: String
        let tasks: [Task]
        let nothingWaits: Bool
    }

    let chrome: Chrome
    let municipalities: [MunicipalityEntry]
    let organisations: [OrganisationEntry]
    let hasOrganisations: Bool
    let nothingToAdminister: Bool
    /// A council member's way to the council's material.
    var councilURL: String? = nil

    /// Counts per municipality; a fixed number of queries whatever the number of municipalities
    /// (the rules are evaluated per municipality, as the rules page does).
    static func municipalities(db: any Database, user: User, t: Translator, warningDays: Int,
                               now: Date, today: CalendarDate) async throws -> [MunicipalityEntry] {
        let query = Municipality.query(on: db).sort(\.$name)
        switch user.role {
        case .platformAdmin: break
        case .coordinator, .officer:
            guard let id = user.$municipality.id else { return [] }
            query.filter(\.$id == id)
        case .representative, .councilMember: return []
        }
        let list = try await query.all()
        let ids = try list.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }

        func tally(_ pairs: [UUID]) -> [UUID: Int] { pairs.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        let pendingOrganisations = tally(try await Organisation.query(on: db).field(\.$id).field(\.$municipality.$id)
            .filter(\.$municipality.$id ~~ ids).filter(\.$status == .pending).all().map(\.$municipality.id))
        let staleOrganisations = tally(try await Organisation.query(on: db).field(\.$id).field(\.$municipality.$id)
            .filter(\.$municipality.$id ~~ ids).filter(\.$status == .approved)
            .group(.or) { $0.filter(\.$confirmedAt == nil).filter(\.$confirmedAt < RegisterAdminController.staleBefore(now)) }
            .all().map(\.$municipality.id))
        let accessions = tally(try await Accession.query(on: db).field(\.$id).field(\.$municipality.$id)
            .filter(\.$municipality.$id ~~ ids).filter(\.$status == .submitted).all().map(\.$municipality.id))
        let failedMail = tally(try await OutboxMessage.query(on: db).field(\.$id).field(\.$municipality.$id)
            .filter(\.$municipality.$id ~~ ids).filter(\.$status == .failed).all().compactMap(\.$municipality.id))
        let overdue = tally(try await PlanActivity.query(on: db)
            .join(DevelopmentArea.self, on: \PlanActivity.$area.$id == \DevelopmentArea.$id)
            .join(Agreement.self, on: \DevelopmentArea.$agreement.$id == \Agreement.$id)
            .filter(Agreement.self, \.$municipality.$id ~~ ids).filter(Agreement.self, \.$status == .inForce)
            .filter(\.$dueDate < today.description).filter(\.$status ~~ [ActivityStatus.planned.rawValue, ActivityStatus.ongoing.rawValue])
            .all().map { try $0.joined(Agreement.self).$municipality.id })
        let rounds = try await FollowUpRound.query(on: db).filter(\.$municipality.$id ~~ ids).filter(\.$status == .open)
            .sort(\.$year).all()
        let roundIDs = try rounds.map { try $0.requireID() }
        let responses = roundIDs.isEmpty ? [] : try await FollowUpResponse.query(on: db).field(\.$id).field(\.$round.$id).field(\.$status)
            .filter(\.$round.$id ~~ roundIDs).all()
        let upcoming = try await Meeting.query(on: db).filter(\.$municipality.$id ~~ ids).filter(\.$status == .scheduled)
            .filter(\.$startsAt >= Int(now.timeIntervalSince1970)).sort(\.$startsAt).limit(ids.count * 20).all()
        let seats = try await MeetingQueries.seated(upcoming.compactMap(\.id), on: db)
        // Inquiries waiting for the municipality, and the departments that tell an officer's own.
        let openInquiries = try await Inquiry.query(on: db).filter(\.$municipality.$id ~~ ids)
            .filter(\.$status ~~ [.new, .assigned, .reopened]).all()
        let departments = try await Department.query(on: db).filter(\.$municipality.$id ~~ ids).all()
        let today = ObligationCheck.localDate(now)

        var entries: [MunicipalityEntry] = []
        for m in list {
            let mid = try m.requireID()
            let coordinator = user.isCoordinator(of: mid)
            var tasks: [Task] = []
            func add(_ count: Int?, _ key: String, _ url: String, urgent: Bool = false) {
                guard let count, count > 0 else { return }
                tasks.append(.init(text: t(key, String(count)), url: url, urgent: urgent))
            }
            if coordinator {
                let outcome = try await ObligationCheck.evaluate(m, on: db, warningDays: warningDays, now: now)
                add(outcome.results.filter { $0.current?.status == .missed }.count, "workspace.rulesMissed", SiteURL.rulesAdmin(m.slug), urgent: true)
                add(outcome.results.filter { $0.current?.status == .atRisk }.count, "admin.rulesAtRisk", SiteURL.rulesAdmin(m.slug), urgent: true)
                add(failedMail[mid], "workspace.failedMail", SiteURL.outbox(m.slug), urgent: true)
                add(accessions[mid], "workspace.accessions", SiteURL.accessions(m.slug))
                add(pendingOrganisations[mid], "workspace.registrations", SiteURL.registerAdmin(m.slug))
                for round in rounds where round.$municipality.id == mid {
                    let mine = responses.filter { $0.$round.id == round.id }
                    tasks.append(.init(text: t("workspace.openRound", String(round.year), String(mine.filter { $0.status == .submitted }.count),
                                               String(mine.count), round.closesOn),
                                       url: SiteURL.followUpRound(m.slug, round.year), urgent: false))
                }
            }
            let handled = openInquiries.filter { i in
                i.$municipality.id == mid && InquiryPolicy.mayHandle(user, i, department: departments.first { $0.id == i.$department.id })
            }
            add(handled.filter { Inquiries.timeliness($0, today: today) == .overdue }.count, "workspace.inquiriesOverdue",
                SiteURL.inquiries(m.slug), urgent: true)
            add(handled.count, "workspace.inquiriesOpen", SiteURL.inquiries(m.slug))
            add(overdue[mid], "workspace.overdueActivities", SiteURL.actionPlanAdmin(m.slug))
            add(staleOrganisations[mid], "workspace.staleOrganisations", SiteURL.registerAdmin(m.slug))
            let meetings = upcoming.filter { $0.$municipality.id == mid }.prefix(3).map { meeting in
                MeetingItem(title: meeting.title, when: StockholmTime.local(fromUTC: meeting.startsAt).description,
                            registrations: t("workspace.registered", String(seats[meeting.id!] ?? 0)),
                            url: SiteURL.meetingAdmin(m.slug, meeting.id!))
            }
            entries.append(.init(name: m.name, publicURL: SiteURL.municipality(m.slug),
                                 tasks: tasks.filter(\.urgent) + tasks.filter { !$0.urgent }, meetings: Array(meetings), hasMeetings: !meetings.isEmpty,
                                 nothingWaits: tasks.isEmpty))
        }
        return entries
    }

    /// The organisations a representative acts for, each with what it is asked to do.
    static func organisations(db: any Database, user: User, t: Translator, now: Date) async throws -> [OrganisationEntry] {
        guard user.role == .representative else { return [] }
        let organisations = try await Organisation.query(on: db)
            .join(OrganisationRepresentative.self, on: \Organisation.$id == \OrganisationRepresentative.$organisation.$id)
            .filter(OrganisationRepresentative.self, \.$user.$id == user.requireID())
            .filter(\.$status != .merged).with(\.$municipality).sort("sort_name").all()
        let ids = try organisations.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let replies = try await Accession.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$status == .moreInfoRequested).all()
        let open = try await FollowUpResponse.query(on: db).filter(\.$organisation.$id ~~ ids).filter(\.$status != .submitted)
            .join(FollowUpRound.self, on: \FollowUpResponse.$round.$id == \FollowUpRound.$id)
            .filter(FollowUpRound.self, \.$status == .open).all()
        let staleBefore = RegisterAdminController.staleBefore(now)
        return try organisations.map { o in
            let slug = o.municipality.slug
            let page = SiteURL.organisationAdmin(slug, o.id!)
            var tasks: [Task] = []
            if replies.contains(where: { $0.$organisation.id == o.id }) {
                tasks.append(.init(text: t("workspace.replyToCoordinator"), url: page, urgent: true))
            }
            for response in open where response.$organisation.id == o.id {
                let round = try response.joined(FollowUpRound.self)
                tasks.append(.init(text: t("workspace.answerFollowUp", String(round.year), round.closesOn),
                                   url: SiteURL.organisationQuestionnaire(slug, o.id!, round.year), urgent: false))
            }
            if o.status == .approved, (o.confirmedAt ?? .distantPast) < staleBefore {
                tasks.append(.init(text: t("workspace.confirmDetails"), url: page, urgent: false))
            }
            return .init(name: o.name, status: t("org.status.\(o.status.rawValue)"), url: page, tasks: tasks, nothingWaits: tasks.isEmpty)
        }
    }
}
