import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Why a follow-up step is refused; each has a message in the catalogue.
enum FollowUpError: DomainError, Equatable {
    case roundExists(Int)
    case noAgreement
    case notDraft
    case notOpen
    case closed
    case alreadySubmitted
    case notClosed
    case noRespondents

    var key: String {
        switch self {
        case .roundExists: "followUp.error.exists"
        case .noAgreement: "error.noAgreement"
        case .notDraft: "followUp.error.notDraft"
        case .notOpen: "followUp.error.notOpen"
        case .closed: "followUp.error.closed"
        case .alreadySubmitted: "followUp.error.submitted"
        case .notClosed: "followUp.error.notClosed"
        case .noRespondents: "followUp.error.noRespondents"
        }
    }

    var arguments: [String] {
        if case .roundExists(let year) = self { return [String(year)] }
        return []
    }
}

/// Creating a round from the agreement in force, opening it to respondents, and closing it.
enum FollowUpRounds {
    static let defaultMinimum = 5

    /// A new round for `year`, with one question per commitment grouped by principle.
    static func create(year: Int, municipality m: Municipality, opensOn: CalendarDate, closesOn: CalendarDate,
                       minimum: Int, on db: any Database) async throws -> FollowUpRound {
        let mid = try m.requireID()
        guard try await FollowUpRound.query(on: db).filter(\.$municipality.$id == mid).filter(\.$year == year).count() == 0 else {
            throw FollowUpError.roundExists(year)
        }
        guard let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .inForce).first() else {
            throw FollowUpError.noAgreement
        }
        return try await db.writeTransaction { tx in
            let round = FollowUpRound()
            round.$municipality.id = mid
            round.$agreement.id = try agreement.requireID()
            round.year = year
            round.status = .draft
            round.opensOn = opensOn.description
            round.closesOn = closesOn.description
            round.minimumAnswers = max(1, minimum)
            try await round.create(on: tx)
            let principles = try await Principle.query(on: tx).filter(\.$agreement.$id == agreement.requireID()).sort(\.$position).all()
            let commitments = try await Commitment.query(on: tx).filter(\.$agreement.$id == agreement.requireID()).sort(\.$position).all()
            let links = try await CommitmentPrinciple.query(on: tx).filter(\.$commitment.$id ~~ commitments.compactMap(\.id)).sort(\.$position).all()
            var position = 0
            var asked = Set<UUID>()
            var questions: [FollowUpQuestion] = []
            // A commitment serving several principles is asked once, under the first of them.
            for principle in principles {
                let ids = Set(links.filter { $0.$principle.id == principle.id }.map { $0.$commitment.id })
                for commitment in commitments where ids.contains(commitment.id!) && !asked.contains(commitment.id!) {
                    asked.insert(commitment.id!)
                    position += 1
                    let q = FollowUpQuestion()
                    q.$round.id = try round.requireID()
                    q.position = position
                    q.kind = .commitment
                    q.$commitment.id = commitment.id
                    q.$principle.id = principle.id
                    q.text = commitment.text
                    questions.append(q)
                }
            }
            // One statement for all the questions.
            if !questions.isEmpty { try await questions.create(on: tx) }
            return round
        }
    }

    /// Opens the round: a response for every signatory organisation and every department, and an
    /// invitation to each through the outbox.
    /// Opens the round: a response for every signatory and department. The invitations go now when
    /// the answer window has begun, else on its first day (`invitationJob`). Returns the respondents.
    static func open(_ round: FollowUpRound, municipality m: Municipality, app: Application, on db: any Database,
                     today: CalendarDate) async throws -> Int {
        try await db.writeTransaction { tx in
            let count = try await open(round, municipality: m, on: tx)
            if round.opensOn <= today.description {
                _ = try await sendInvitations(round, municipality: m, app: app, on: tx, now: app.clock.now)
            }
            return count
        }
    }

    /// Opens the round for the demo: everyone counts as invited, and nobody is mailed.
    static func openWithoutMail(_ round: FollowUpRound, municipality m: Municipality, on db: any Database, now: Date) async throws -> Int {
        try await db.writeTransaction { tx in
            let count = try await open(round, municipality: m, on: tx)
            try await FollowUpResponse.query(on: tx).filter(\.$round.$id == round.requireID()).set(\.$invitedAt, to: now).update()
            return count
        }
    }

    private static func open(_ round: FollowUpRound, municipality m: Municipality, on tx: any Database) async throws -> Int {
        guard round.status == .draft else { throw FollowUpError.notDraft }
        let mid = try m.requireID()
        let signatories = try await Organisation.query(on: tx).filter(\.$municipality.$id == mid)
            .filter(\.$signatorySince != nil).filter(\.$status == .approved).all()
        let departments = try await Department.query(on: tx).filter(\.$municipality.$id == mid).all()
        guard !signatories.isEmpty || !departments.isEmpty else { throw FollowUpError.noRespondents }
        round.status = .open
        try await round.save(on: tx)
        for o in signatories { try await response(round, organisation: o).create(on: tx) }
        for d in departments {
            let r = FollowUpResponse()
            r.$round.id = try round.requireID()
            r.$department.id = d.id
            r.party = .municipality
            r.status = .invited
            try await r.create(on: tx)
        }
        return signatories.count + departments.count
    }

    private static func response(_ round: FollowUpRound, organisation o: Organisation) throws -> FollowUpResponse {
        let r = FollowUpResponse()
        r.$round.id = try round.requireID()
        r.$organisation.id = o.id
        r.party = .civilSociety
        r.status = .invited
        return r
    }

    /// Adds the organisations that have become signatories since the round opened, and invites
    /// every respondent not yet invited. Returns how many were invited now.
    static func sendInvitations(_ round: FollowUpRound, municipality m: Municipality, app: Application, on db: any Database,
                                now: Date) async throws -> Int {
        try await db.writeTransaction { tx in
            let mid = try m.requireID()
            let rid = try round.requireID()
            let answering = Set(try await FollowUpResponse.query(on: tx).filter(\.$round.$id == rid).all().compactMap { $0.$organisation.id })
            let signatories = try await Organisation.query(on: tx).filter(\.$municipality.$id == mid)
                .filter(\.$signatorySince != nil).filter(\.$status == .approved).all()
            for o in signatories where !answering.contains(o.id!) { try await response(round, organisation: o).create(on: tx) }
            let waiting = try await FollowUpResponse.query(on: tx).filter(\.$round.$id == rid).filter(\.$invitedAt == nil)
                .with(\.$organisation).with(\.$department).all()
            let mailer = Mailer(db: tx, app: app)
            for r in waiting {
                if let o = r.organisation {
                    try await mailer.toRepresentatives(of: o, subjectKey: "mail.followUpInvitation.subject",
                                                       bodyKey: "mail.followUpInvitation.body",
                                                       [String(round.year), round.closesOn, mailer.link(SiteURL.organisationQuestionnaire(m.slug, o.id!, round.year))],
                                                       kind: "followUp")
                } else if let d = r.department {
                    let (token, hash) = LinkToken.issue()
                    r.token = hash
                    if let email = d.email {
                        try await mailer.send(to: email, in: .municipal, subjectKey: "mail.followUpInvitation.subject", bodyKey: "mail.followUpInvitation.body",
                                              [d.name, String(round.year), round.closesOn, mailer.link(SiteURL.departmentQuestionnaire(m.slug, token))],
                                              municipalityID: mid, kind: "followUp")
                    }
                }
                r.invitedAt = now
                try await r.save(on: tx)
            }
            return waiting.count
        }
    }

    /// Hourly: invites the respondents of every round whose answer window has begun and that
    /// were not invited yet (a round opened ahead of its date, an organisation that signed since).
    static let invitationJob = ScheduledJob(name: "follow-up-invitations", everySeconds: 3600) { app in
        let count = try await inviteDue(app: app, now: app.clock.now, today: app.clock.today)
        return count > 0 ? app.say("followUp.job.invited", String(count)) : nil
    }

    @discardableResult
    static func inviteDue(app: Application, now: Date, today: CalendarDate) async throws -> Int {
        let rounds = try await FollowUpRound.query(on: app.db).filter(\.$status == .open)
            .filter(\.$opensOn <= today.description).filter(\.$closesOn >= today.description).with(\.$municipality).all()
        var invited = 0
        for round in rounds {
            invited += try await sendInvitations(round, municipality: round.municipality, app: app, on: app.db, now: now)
        }
        return invited
    }

    /// Reminds every respondent who has not submitted; returns how many were reminded.
    static func remind(_ round: FollowUpRound, municipality m: Municipality, app: Application, on db: any Database) async throws -> Int {
        guard round.status == .open else { throw FollowUpError.notOpen }
        let waiting = try await FollowUpResponse.query(on: db).filter(\.$round.$id == round.requireID())
            .filter(\.$status != .submitted).with(\.$organisation).with(\.$department).all()
        let mailer = Mailer(db: db, app: app)
        for r in waiting {
            if let o = r.organisation {
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.followUpReminder.subject", bodyKey: "mail.followUpReminder.body",
                                                   [String(round.year), round.closesOn, mailer.link(SiteURL.organisationQuestionnaire(m.slug, o.id!, round.year))],
                                                   kind: "followUp")
            } else if let d = r.department, let email = d.email {
                // Only the token's hash is kept, so the reminder carries a new link (the old one stops working).
                let (token, hash) = LinkToken.issue()
                r.token = hash
                try await r.save(on: db)
                try await mailer.send(to: email, in: .municipal, subjectKey: "mail.followUpReminder.subject", bodyKey: "mail.followUpReminder.body",
                                      [d.name, String(round.year), round.closesOn, mailer.link(SiteURL.departmentQuestionnaire(m.slug, token))],
                                      municipalityID: m.id, kind: "followUp")
            }
        }
        return waiting.count
    }

    /// Opens a submitted answer again: its answers stop counting, it is a draft once more, and the
    /// respondent is told by mail (a department gets a new link).
    static func reopen(_ response: FollowUpResponse, round: FollowUpRound, municipality m: Municipality, app: Application,
                       on db: any Database) async throws {
        try await db.writeTransaction { tx in
            let rid = try response.requireID()
            try await FollowUpAnswer.query(on: tx).filter(\.$response.$id == rid).set(\.$counted, to: false).update()
            response.status = .draft
            response.submittedAt = nil
            let mailer = Mailer(db: tx, app: app)
            if let o = try await response.$organisation.get(on: tx) {
                try await mailer.toRepresentatives(of: o, subjectKey: "mail.followUpReopened.subject", bodyKey: "mail.followUpReopened.body",
                                                   [String(round.year), round.closesOn, mailer.link(SiteURL.organisationQuestionnaire(m.slug, o.id!, round.year))],
                                                   kind: "followUp")
            } else if let d = try await response.$department.get(on: tx) {
                let (token, hash) = LinkToken.issue()
                response.token = hash
                if let email = d.email {
                    try await mailer.send(to: email, in: .municipal, subjectKey: "mail.followUpReopened.subject", bodyKey: "mail.followUpReopened.body",
                                          [d.name, String(round.year), round.closesOn, mailer.link(SiteURL.departmentQuestionnaire(m.slug, token))],
                                          municipalityID: m.id, kind: "followUp")
                }
            }
            try await response.save(on: tx)
        }
    }

    struct Rate: Sendable {
        var submitted = 0
        var total = 0
        var percent: Int { total == 0 ? 0 : Int((Double(submitted) / Double(total) * 100).rounded()) }
    }

    /// Submitted and invited respondents per party, counted in SQL.
    static func responseRates(_ round: FollowUpRound, on db: any Database) async throws -> [Party: Rate] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.select().column("party").column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(FollowUpResponse.schema).where("round_id", .equal, round.requireID()).groupBy("party").groupBy("status").all()
        var rates: [Party: Rate] = [:]
        for row in rows {
            guard let party = Party(rawValue: try row.decode(column: "party", as: String.self)) else { continue }
            let n = try row.decode(column: "n", as: Int.self)
            rates[party, default: Rate()].total += n
            if try row.decode(column: "status", as: String.self) == FollowUpResponse.Status.submitted.rawValue {
                rates[party, default: Rate()].submitted += n
            }
        }
        return rates
    }
}
