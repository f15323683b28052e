import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Every list of the open-data API: public data only, each row with a stable identifier. What a
/// page shows of a list, the list gives, and nothing a page keeps for its staff: no e-mail
/// address, no phone number, no person's name.
enum APILists {
    static let all: [APIList] = [
        municipalities, agreementVersions, commitments, signatories, organisations, meetings, rules, actionPlan,
        followUp, decisions, partnerships, assignments, topics, inquiryStatistics,
    ]

    static func named(_ name: String) -> APIList? { all.first { $0.name == name } }

    // MARK: Shared helpers

    /// An ISO 8601 time with the Swedish offset of that moment (`2026-03-29T18:00:00+02:00`).
    static func isoTime(_ utc: Int) -> String {
        let local = StockholmTime.local(fromUTC: utc)
        let hours = StockholmTime.offset(atUTC: utc) / 3600
        return "\(local.date)T\(local.time):00+0\(hours):00"
    }

    static func isoTime(_ date: Date?) -> APIValue {
        date.map { .string(isoTime(Int($0.timeIntervalSince1970))) } ?? .null
    }

    static func inForce(_ m: Municipality, on db: any Database) async throws -> Agreement? {
        try await Agreement.query(on: db).filter(\.$municipality.$id == (try m.requireID())).filter(\.$status == .inForce).first()
    }

    // MARK: Municipalities

    static let municipalities = APIList(
        name: "municipalities", path: "/municipalities",
        summary: "The municipalities on the platform",
        description: "Every municipality, with its agreement in force and the languages its pages offer.",
        fields: [
            .init("id", .string, "The municipality's short name, as in its addresses (`/{id}`)."),
            .init("name", .string, "The municipality's name."),
            .init("kind", .choice(Municipality.Kind.allCases.map(\.rawValue)), "kommun or region."),
            .init("agreementTitle", .string, "The title of the agreement in force.", nullable: true),
            .init("agreementVersion", .integer, "The version number of the agreement in force.", nullable: true),
            .init("languages", .array(.string), "The interface languages the municipality's pages offer (ISO 639-1)."),
            .init("url", .uri, "The municipality's page."),
            .init("api", .uri, "The municipality's agreement in this API."),
        ],
        load: { q in
            let all = try await Municipality.query(on: q.req.db).sort(\.$slug).all()
            let agreements = try await Agreement.query(on: q.req.db).filter(\.$status == .inForce).all()
            let bySlug = Dictionary(agreements.map { ($0.$municipality.id, $0) }) { first, _ in first }
            return all.map { m in
                let a = m.id.flatMap { bySlug[$0] }
                return [.string(m.slug), .string(m.name), .string(m.kind.rawValue), .text(a?.title), .integer(a?.version),
                        .array(m.offeredLanguages.map { .string($0.rawValue) }), .string(SiteURL.municipality(m.slug)),
                        .string("/api/v1/municipalities/\(m.slug)/agreement")]
            }
        })

    // MARK: The agreement

    static let agreementVersions = APIList(
        name: "agreementVersions", path: "/municipalities/{kommun}/agreement/versions",
        summary: "The published versions of the agreement",
        description: "Every published version (drafts are not public), newest first; each one whole at its `api` address.",
        fields: [
            .init("id", .string, "The version number, as text."),
            .init("version", .integer, "The version number."),
            .init("status", .choice(["inForce", "superseded"]), "Whether the version is in force."),
            .init("title", .string, "The agreement's title in this version."),
            .init("adoptedOn", .date, "When it was adopted.", nullable: true),
            .init("validFrom", .date, "From when it applies.", nullable: true),
            .init("validUntil", .date, "Until when it applies; null: until further notice.", nullable: true),
            .init("publishedAt", .dateTime, "When it was published on the platform.", nullable: true),
            .init("url", .uri, "The version's page."),
            .init("api", .uri, "The version in this API."),
        ],
        page: { SiteURL.agreementChanges($0) },
        load: { q in
            let m = q.municipality!
            return try await Agreement.query(on: q.req.db).filter(\.$municipality.$id == (try m.requireID())).filter(\.$status != .draft)
                .sort(\.$version, .descending).all().map { a in
                    [.string(String(a.version)), .int(a.version), .string(a.status == .inForce ? "inForce" : "superseded"), .string(a.title),
                     .text(a.adoptedOn), .text(a.validFrom), .text(a.validUntil), isoTime(a.publishedAt),
                     .string(a.status == .inForce ? SiteURL.agreement(m.slug) : SiteURL.agreementVersion(m.slug, a.version)),
                     .string("/api/v1/municipalities/\(m.slug)/agreement/versions/\(a.version)")]
                }
        })

    static let commitments = APIList(
        name: "commitments", path: "/municipalities/{kommun}/commitments",
        summary: "The commitments of the agreement in force",
        description: "Each commitment of the version in force, with the party that makes it and the principles it serves. Filter by party or principle, as on the agreement's page.",
        fields: [
            .init("id", .string, "The commitment's key; it keeps its identity across versions."),
            .init("party", .choice(Party.allCases.map(\.rawValue)), "Who makes the commitment: municipality, civilSociety or both."),
            .init("text", .string, "The commitment, in Swedish (the text that applies)."),
            .init("principles", .array(.string), "Keys of the principles it serves."),
            .init("position", .integer, "Its place in the agreement."),
        ],
        filters: [.init(name: "part", type: .choice(Party.allCases.map(\.rawValue)), description: "Only this party's commitments."),
                  .init(name: "princip", type: .string, description: "Only commitments serving the principle with this key.")],
        page: { SiteURL.agreement($0) },
        load: { q in
            guard let a = try await inForce(q.municipality!, on: q.req.db) else { return [] }
            let s = try await AgreementSnapshot.load(a, on: q.req.db)
            let keyByID = Dictionary(uniqueKeysWithValues: s.principles.compactMap { p in p.id.map { ($0, p.key) } })
            return s.commitments.compactMap { c -> [APIValue]? in
                let principles = (c.id.flatMap { s.links[$0] } ?? []).compactMap { keyByID[$0] }
                if let party = q.filters["part"], party != c.party { return nil }
                if let key = q.filters["princip"], !principles.contains(key) { return nil }
                return [.string(c.key), .string(c.party), .string(c.text), .array(principles.map(APIValue.string)), .int(c.position)]
            }
        })

    // MARK: Signatories and the register

    static let signatories = APIList(
        name: "signatories", path: "/municipalities/{kommun}/signatories",
        summary: "The organisations that have signed the agreement",
        description: "Each signing organisation, when and how it joined, and the version it signed. Filter like the signatories' page: by method and year.",
        fields: [
            .init("id", .uuid, "The accession's identifier."),
            .init("organisationId", .uuid, "The organisation's identifier (as in `organisations`)."),
            .init("organisation", .string, "The organisation's name."),
            .init("orgNumber", .string, "Its organisation number, when it has one.", nullable: true),
            .init("signedOn", .date, "The day the accession was signed.", nullable: true),
            .init("method", .choice(Accession.Method.allCases.map(\.rawValue)), "How it joined."),
            .init("agreementVersion", .integer, "The version of the agreement it signed."),
            .init("url", .uri, "The organisation's public page."),
        ],
        filters: [.init(name: "satt", type: .choice(Accession.Method.allCases.map(\.rawValue)), description: "Only accessions made this way."),
                  .init(name: "ar", type: .integer, description: "Only accessions signed in this year.")],
        page: { SiteURL.signatories($0) },
        load: { q in
            let m = q.municipality!
            var query = Accession.query(on: q.req.db).filter(\.$municipality.$id == (try m.requireID())).filter(\.$status == .signed)
                .with(\.$organisation).with(\.$agreement)
            if let method = q.filters["satt"].flatMap(Accession.Method.init(rawValue:)) { query = query.filter(\.$method == method) }
            if let year = q.filters["ar"].flatMap(Int.init) { query = query.filter(\.$signedOn >= "\(year)-01-01").filter(\.$signedOn <= "\(year)-12-31") }
            return try await query.all().sorted { $0.id!.uuidString < $1.id!.uuidString }.map { a in
                [.string(a.id!.uuidString), .string(a.$organisation.id.uuidString), .string(a.organisation.name), .text(a.organisation.orgNumber),
                 .text(a.signedOn), .string(a.method.rawValue), .int(a.agreement.version),
                 .string(SiteURL.organisation(m.slug, a.$organisation.id))]
            }
        })

    static let organisations = APIList(
        name: "organisations", path: "/municipalities/{kommun}/organisations",
        summary: "The register of civil-society organisations",
        description: "Every approved organisation in the municipality's register, with what the public catalogue shows. An organisation's e-mail address and phone number are not part of the data. Filter like the catalogue: by activity area, district and legal form.",
        fields: [
            .init("id", .uuid, "The organisation's identifier."),
            .init("name", .string, "The organisation's name."),
            .init("orgNumber", .string, "Its organisation number, when it has one.", nullable: true),
            .init("legalForm", .choice(Organisation.LegalForm.allCases.map(\.rawValue)), "Its legal form."),
            .init("district", .string, "The district where it mainly works.", nullable: true),
            .init("activityAreas", .array(.string), "The activity areas it works in."),
            .init("description", .string, "What it does, in its own words.", nullable: true),
            .init("website", .uri, "Its website.", nullable: true),
            .init("languages", .string, "The languages it uses.", nullable: true),
            .init("signatory", .boolean, "Whether it has signed the agreement."),
            .init("signatorySince", .date, "Since when it has signed.", nullable: true),
            .init("url", .uri, "Its public page."),
        ],
        filters: [.init(name: "omrade", type: .uuid, description: "Only organisations in the activity area with this identifier."),
                  .init(name: "distrikt", type: .string, description: "Only organisations in this district."),
                  .init(name: "form", type: .choice(Organisation.LegalForm.allCases.map(\.rawValue)), description: "Only organisations of this legal form.")],
        page: { SiteURL.catalogue($0) },
        load: { q in
            let m = q.municipality!
            let mid = try m.requireID()
            var query = Organisation.query(on: q.req.db).filter(\.$municipality.$id == mid).filter(\.$status == .approved)
            if let district = q.filters["distrikt"] { query = query.filter(\.$district == district) }
            if let form = q.filters["form"].flatMap(Organisation.LegalForm.init(rawValue:)) { query = query.filter(\.$legalForm == form) }
            let orgs = try await query.all()
            let areas = try await ActivityArea.query(on: q.req.db).filter(\.$municipality.$id == mid).all()
            let names = Dictionary(uniqueKeysWithValues: areas.compactMap { a in a.id.map { ($0, a.name) } })
            let links = try await OrganisationActivityArea.query(on: q.req.db).filter(\.$area.$id ~~ Array(names.keys)).all()
            let byOrg = Dictionary(grouping: links, by: { $0.$organisation.id })
            let area = q.filters["omrade"].flatMap(UUID.init(uuidString:))
            return orgs.sorted { $0.id!.uuidString < $1.id!.uuidString }.compactMap { o -> [APIValue]? in
                let own = (byOrg[o.id!] ?? []).map { $0.$area.id }
                if let area, !own.contains(area) { return nil }
                return [.string(o.id!.uuidString), .string(o.name), .text(o.orgNumber), .string(o.legalForm.rawValue), .text(o.district),
                        .array(own.compactMap { names[$0] }.sorted().map(APIValue.string)), .text(o.description), .text(o.website),
                        .text(o.languages), .bool(o.signatorySince != nil), .text(o.signatorySince),
                        .string(SiteURL.organisation(m.slug, o.id!))]
            }
        })

    // MARK: Meetings, rules, the action plan, the follow-up

    static let meetings = APIList(
        name: "meetings", path: "/municipalities/{kommun}/meetings",
        summary: "The meetings under the agreement",
        description: "Dialogue meetings, plenary meetings, council meetings and trainings, past and coming. Filter by kind, as on the meetings' page.",
        fields: [
            .init("id", .uuid, "The meeting's identifier."),
            .init("title", .string, "The meeting's title."),
            .init("kind", .string, "The kind of meeting: dialogue, annual, council, training, or one of the municipality's own (its name)."),
            .init("startsAt", .dateTime, "When it starts, with the Swedish offset."),
            .init("endsAt", .dateTime, "When it ends."),
            .init("place", .string, "Where it is held.", nullable: true),
            .init("online", .boolean, "Whether one can take part online."),
            .init("audience", .choice(Meeting.Audience.allCases.map(\.rawValue)), "Who may register."),
            .init("capacity", .integer, "How many seats it has; null: no limit.", nullable: true),
            .init("cancelled", .boolean, "Whether it is cancelled."),
            .init("arrangedBy", .string, "The organisation that arranges it; null: the municipality.", nullable: true),
            .init("hasMinutes", .boolean, "Whether its minutes are published."),
            .init("url", .uri, "The meeting's page."),
        ],
        filters: [.init(name: "typ", type: .string, description: "Only meetings of this kind (dialogue, annual, council, training).")],
        page: { SiteURL.meetings($0) },
        load: { q in
            let m = q.municipality!
            var query = Meeting.query(on: q.req.db).filter(\.$municipality.$id == (try m.requireID()))
            if let kind = q.filters["typ"] { query = query.filter(\.$kind == kind) }
            let meetings = try await query.all()
            let custom = try await MeetingQueries.customKinds(m, on: q.req.db)
            let arrangers = try await MeetingQueries.arrangers(meetings, on: q.req.db)
            return meetings.sorted { $0.id!.uuidString < $1.id!.uuidString }.map { meeting in
                [.string(meeting.id!.uuidString), .string(meeting.title),
                 .string(meeting.builtInKind?.rawValue ?? meeting.kindName(q.t, custom: custom)),
                 .string(isoTime(meeting.startsAt)), .string(isoTime(meeting.endsAt)), .text(meeting.place), .bool(meeting.onlineURL != nil),
                 .string(meeting.audience.rawValue), .integer(meeting.capacity), .bool(meeting.status == .cancelled),
                 .text(meeting.id.flatMap { arrangers[$0] }), .bool(meeting.minutesPublishedAt != nil),
                 .string(SiteURL.meeting(m.slug, meeting.id!))]
            }
        })

    static let rules = APIList(
        name: "rules", path: "/municipalities/{kommun}/rules",
        summary: "The agreement's rules and whether they are kept, year by year",
        description: "Each machine-checkable rule of the agreement (meetings per year, follow-up, review of the plan, revision, response times) and, per year judged, whether it was kept, with the number of pieces of evidence and what is still needed. Each year is judged by the version in force then: the rules in force come first, then those of earlier versions, each with the days it applied.",
        fields: [
            .init("id", .string, "The rule's place and the year: `1-2026`."),
            .init("rule", .integer, "The rule's place: the rules in force in the agreement's order, then those that applied before."),
            .init("type", .choice(AgreementDocument.RuleType.allCases.map(\.rawValue)), "The kind of rule."),
            .init("description", .string, "The rule in words (Swedish)."),
            .init("year", .integer, "The year judged."),
            .init("status", .choice(Obligations.Status.allCases.map(\.rawValue)), "Whether the rule is kept that year."),
            .init("evidence", .integer, "How many records show it was kept (meetings held, follow-ups, reviews)."),
            .init("stillNeeded", .integer, "How many more are needed."),
            .init("deadline", .date, "By when.", nullable: true),
            .init("partialYear", .boolean, "Whether only part of the year is judged."),
            .init("appliesFrom", .date, "The first day the rule applied (the start of the first version that has it)."),
            .init("appliesUntil", .date, "The last day it applied; null while it still applies.", nullable: true),
            .init("versions", .string, "The agreement versions that have the rule, comma-separated: `1,2`."),
        ],
        page: { SiteURL.rules($0) },
        load: { q in
            let outcome = try await ObligationCheck.evaluate(q.municipality!, on: q.req.db, warningDays: 0, now: q.req.clock.now)
            let swedish = Translator(catalogue: q.req.application.catalogue, locale: .sv)
            return outcome.all.flatMap { judged in
                let result = judged.result, span = judged.span
                return result.years.map { y -> [APIValue] in
                    [.string("\(result.index + 1)-\(y.year)"), .int(result.index + 1), .string(result.rule.type.rawValue),
                     .string(RuleText.describe(result.rule, swedish)), .int(y.year), .string(y.status.rawValue),
                     .int(y.evidence.count), .int(y.stillNeeded), .text(y.deadline?.description), .bool(y.partial),
                     .string(span.from.description), .text(span.until?.description),
                     .string(span.versions.map(String.init).joined(separator: ","))]
                }
            }.sorted { $0[0].csv < $1[0].csv }
        })

    static let actionPlan = APIList(
        name: "actionPlan", path: "/municipalities/{kommun}/action-plan",
        summary: "The action plan: the agreement's development areas and their activities",
        description: "Each activity of the development areas of the agreement in force, with who owns it, its dates and status.",
        fields: [
            .init("id", .uuid, "The activity's identifier."),
            .init("area", .string, "The key of its development area."),
            .init("areaName", .string, "The development area's name."),
            .init("title", .string, "The activity."),
            .init("description", .string, "What it is.", nullable: true),
            .init("owner", .choice(Party.allCases.map(\.rawValue)), "The party that owns it."),
            .init("responsible", .string, "The unit or group responsible.", nullable: true),
            .init("startDate", .date, "When it starts.", nullable: true),
            .init("dueDate", .date, "When it is due.", nullable: true),
            .init("status", .choice(ActivityStatus.allCases.map(\.rawValue)), "How it stands."),
            .init("indicator", .choice(PlanIndicator.allCases.map(\.rawValue)), "A figure of the platform it follows.", nullable: true),
        ],
        page: { SiteURL.developmentAreas($0) },
        load: { q in
            guard let a = try await inForce(q.municipality!, on: q.req.db) else { return [] }
            let s = try await AgreementSnapshot.load(a, on: q.req.db)
            return s.areas.flatMap { area in
                (s.activities[area.id!] ?? []).map { act -> [APIValue] in
                    [.string(act.id!.uuidString), .string(area.key), .string(area.name), .string(act.title), .text(act.description),
                     .string(act.ownerParty), .text(act.responsible), .text(act.startDate), .text(act.dueDate), .string(act.status), .text(act.indicator)]
                }
            }.sorted { $0[0].csv < $1[0].csv }
        })

    static let followUp = APIList(
        name: "followUp", path: "/municipalities/{kommun}/follow-up",
        summary: "The yearly follow-up: ratings per question and party",
        description: "For each published follow-up, each rated question (a commitment or another rating) and each party: the number of answers, the mean on the scale 1–5, the count at each step and don't-know. As in the report, figures are left out (`suppressed`) where fewer than the round's minimum answered. Filter by year.",
        fields: [
            .init("id", .string, "The year, the question's number and the party: `2025-3-civilSociety`."),
            .init("year", .integer, "The year of the follow-up."),
            .init("question", .integer, "The question's number in the questionnaire."),
            .init("text", .string, "The question (a commitment's text, in Swedish)."),
            .init("commitment", .string, "The key of the commitment it follows up.", nullable: true),
            .init("party", .choice([Party.civilSociety.rawValue, Party.municipality.rawValue]), "Which side answered."),
            .init("suppressed", .boolean, "Whether too few answered for the figures to be shown."),
            .init("answers", .integer, "The number of answers.", nullable: true),
            .init("mean", .number, "The mean rating (don't-know left out).", nullable: true),
            .init("ratings", .array(.integer), "How many answered 1, 2, 3, 4 and 5; empty when suppressed."),
            .init("dontKnow", .integer, "How many answered don't know.", nullable: true),
        ],
        filters: [.init(name: "ar", type: .integer, description: "Only this year's follow-up.")],
        page: { SiteURL.followUpIndex($0) },
        load: { q in
            let m = q.municipality!
            var query = FollowUpRound.query(on: q.req.db).filter(\.$municipality.$id == (try m.requireID())).filter(\.$status == .published)
            if let year = q.filters["ar"].flatMap(Int.init) { query = query.filter(\.$year == year) }
            let rounds = try await query.all()
            guard !rounds.isEmpty else { return [] }
            let questions = try await FollowUpQuestion.query(on: q.req.db).filter(\.$round.$id ~~ rounds.compactMap(\.id))
                .with(\.$commitment).sort(\.$position).all()
            let counts = try await AnswerCounts.load(rounds: rounds.compactMap(\.id), on: q.req.db)
            var rows: [[APIValue]] = []
            for round in rounds.sorted(by: { $0.year < $1.year }) {
                let own = counts[round.id!] ?? AnswerCounts()
                for question in questions where question.$round.id == round.id && question.isRated {
                    for party in [Party.civilSociety, .municipality] {
                        let s = own.rating(question.id!, party, minimum: round.minimumAnswers)
                        rows.append([.string("\(round.year)-\(question.position)-\(party.rawValue)"), .int(round.year), .int(question.position),
                                     .string(question.text), .text(question.commitment?.key), .string(party.rawValue), .bool(s.suppressed),
                                     s.suppressed ? .null : .int(s.answered), s.suppressed ? .null : s.mean.map(APIValue.number) ?? .null,
                                     .array(s.suppressed ? [] : s.counts.map(APIValue.int)), s.suppressed ? .null : .int(s.dontKnow)])
                    }
                }
            }
            return rows
        })

    // MARK: Information to the sector, volunteering, one way in

    static let decisions = APIList(
        name: "decisions", path: "/municipalities/{kommun}/decisions",
        summary: "Decisions that affect civil society",
        description: "The municipality's decisions that affect the sector, and whether the sector was heard in time before each. Filter by year, as on the decisions' page.",
        fields: [
            .init("id", .uuid, "The decision's identifier."),
            .init("title", .string, "What was decided."),
            .init("decidedBy", .string, "The body that decided."),
            .init("decidedOn", .date, "The day of the decision."),
            .init("referenceNumber", .string, "The reference number (diarienummer).", nullable: true),
            .init("summary", .string, "The decision in short."),
            .init("consultation", .choice(Decision.Consultation.allCases.map(\.rawValue)), "Whether the sector was heard: inTime, tooLate or no."),
            .init("consultedOn", .date, "When it was heard.", nullable: true),
            .init("principles", .array(.string), "Keys of the agreement's principles it touches."),
            .init("link", .uri, "The decision's own document on the web.", nullable: true),
            .init("url", .uri, "The page of the decisions."),
        ],
        filters: [.init(name: "ar", type: .integer, description: "Only decisions of this year.")],
        page: { SiteURL.decisions($0) },
        load: { q in
            let m = q.municipality!
            var query = Decision.query(on: q.req.db).filter(\.$municipality.$id == (try m.requireID()))
            if let year = q.filters["ar"].flatMap(Int.init) { query = query.filter(\.$decidedOn >= "\(year)-01-01").filter(\.$decidedOn <= "\(year)-12-31") }
            let decisions = try await query.all()
            let keys = decisions.isEmpty ? [] : try await DecisionPrinciple.query(on: q.req.db).filter(\.$decision.$id ~~ decisions.compactMap(\.id)).all()
            let byDecision = Dictionary(grouping: keys, by: { $0.$decision.id })
            return decisions.sorted { $0.id!.uuidString < $1.id!.uuidString }.map { d in
                [.string(d.id!.uuidString), .string(d.title), .string(d.decidedBy), .string(d.decidedOn), .text(d.referenceNumber), .string(d.summary),
                 .string(d.consultation.rawValue), .text(d.consultedOn), .array((byDecision[d.id!] ?? []).map { .string($0.key) }),
                 .text(d.url), .string(SiteURL.decisions(m.slug) + "?ar=" + d.decidedOn.prefix(4))]
            }
        })

    static let partnerships = APIList(
        name: "partnerships", path: "/municipalities/{kommun}/partnerships",
        summary: "Public–civil society partnerships (IOP)",
        description: "The partnerships the municipality has made public: the partner, the purpose, the period, the department, the municipality's contribution where it is public, and the commitments served.",
        fields: [
            .init("id", .uuid, "The partnership's identifier."),
            .init("title", .string, "The partnership's name."),
            .init("partner", .string, "The partner organisation."),
            .init("partnerId", .uuid, "The partner's identifier (as in `organisations`)."),
            .init("department", .string, "The municipality's department in it.", nullable: true),
            .init("purpose", .string, "What it is to achieve."),
            .init("startsOn", .date, "When it starts."),
            .init("endsOn", .date, "When it ends.", nullable: true),
            .init("status", .choice(Partnership.Status.allCases.map(\.rawValue)), "planned, active or ended."),
            .init("contribution", .string, "The municipality's contribution, where the municipality publishes it.", nullable: true),
            .init("commitments", .array(.string), "The commitments of the agreement it serves."),
        ],
        page: { SiteURL.partnerships($0) },
        load: { q in
            let loaded = try await PartnershipsController.load(q.req.db, q.municipality!, publicOnly: true)
            return loaded.partnerships.sorted { $0.id!.uuidString < $1.id!.uuidString }.map { p in
                [.string(p.id!.uuidString), .string(p.title), .string(loaded.organisations[p.$organisation.id]?.name ?? ""),
                 .string(p.$organisation.id.uuidString), .text(p.$department.id.flatMap { loaded.departments[$0]?.name }), .string(p.purpose),
                 .string(p.startsOn), .text(p.endsOn), .string(p.status.rawValue), p.contributionPublic ? .string(p.contribution) : .null,
                 .array((loaded.commitments[p.id!] ?? []).map(APIValue.string))]
            }
        })

    static let assignments = APIList(
        name: "assignments", path: "/municipalities/{kommun}/assignments",
        summary: "Volunteer assignments open to offers",
        description: "The reviewed volunteer assignments whose last day has not passed: what, when, where, and how many are needed. Residents offer to help on the assignment's page. Filter like the page: by activity area, district and kind.",
        fields: [
            .init("id", .uuid, "The assignment's identifier."),
            .init("title", .string, "The assignment."),
            .init("organisation", .string, "The organisation that posted it."),
            .init("organisationId", .uuid, "Its identifier (as in `organisations`)."),
            .init("area", .string, "Its activity area.", nullable: true),
            .init("schedule", .choice(VolunteerAssignment.Schedule.allCases.map(\.rawValue)), "once, recurring or flexible."),
            .init("when", .string, "When, in words (Swedish)."),
            .init("district", .string, "The district it is in.", nullable: true),
            .init("online", .boolean, "Whether it is done online."),
            .init("languages", .array(.string), "The languages it can be done in (codes)."),
            .init("wanted", .integer, "How many people are needed."),
            .init("lastDay", .date, "The last day to offer help."),
            .init("suitsYoung", .boolean, "Whether it suits young people."),
            .init("url", .uri, "The assignment's page."),
        ],
        filters: [.init(name: "omrade", type: .uuid, description: "Only assignments in the activity area with this identifier."),
                  .init(name: "distrikt", type: .string, description: "Only assignments in this district."),
                  .init(name: "typ", type: .choice(VolunteerAssignment.Schedule.allCases.map(\.rawValue)), description: "Only assignments of this kind.")],
        page: { SiteURL.assignments($0) },
        load: { q in
            let m = q.municipality!
            var query = AssignmentsController.open(q.req.db, try m.requireID(), today: q.req.clock.today).with(\.$organisation).with(\.$area)
            if let area = q.filters["omrade"].flatMap(UUID.init(uuidString:)) { query = query.filter(\.$area.$id == area) }
            if let district = q.filters["distrikt"] { query = query.filter(\.$district == district) }
            if let schedule = q.filters["typ"].flatMap(VolunteerAssignment.Schedule.init(rawValue:)) { query = query.filter(\.$schedule == schedule) }
            let swedish = Translator(catalogue: q.req.application.catalogue, locale: .sv)
            return try await query.all().sorted { $0.id!.uuidString < $1.id!.uuidString }.map { a in
                let summary = AssignmentSummary(a, organisation: a.organisation.name, area: a.area?.name, slug: m.slug, today: q.req.clock.today, t: swedish)
                return [.string(a.id!.uuidString), .string(a.title), .string(a.organisation.name), .string(a.$organisation.id.uuidString),
                        .text(a.area?.name), .string(a.schedule.rawValue), .string(summary.when), .text(a.district), .bool(a.online),
                        .array(a.languageCodes.map(APIValue.string)), .int(a.wanted), .string(a.lastDay), .bool(a.suitsYoung),
                        .string(SiteURL.assignment(m.slug, a.id!))]
            }
        })

    static let topics = APIList(
        name: "topics", path: "/municipalities/{kommun}/topics",
        summary: "One way in: whom to contact about what",
        description: "The topics of the municipality's directory, the department that answers each, and the response-time target in working days. Contact persons are not part of the data.",
        fields: [
            .init("id", .uuid, "The topic's identifier."),
            .init("name", .string, "The topic."),
            .init("description", .string, "What it covers.", nullable: true),
            .init("department", .string, "The department that answers; null: the agreement's coordinator.", nullable: true),
            .init("targetDays", .integer, "The first answer is due within this many working days."),
            .init("ask", .uri, "Where to ask about it."),
        ],
        page: { SiteURL.contact($0) },
        load: { q in
            let m = q.municipality!
            let d = try await DirectoryPage.load(m, on: q.req.db)
            return d.topics.sorted { $0.id!.uuidString < $1.id!.uuidString }.map { topic in
                [.string(topic.id!.uuidString), .string(topic.name), .text(topic.description),
                 .text(topic.$department.id.flatMap { d.departments[$0]?.name }), .int(topic.targetDays),
                 .string(SiteURL.ask(m.slug) + "?amne=\(topic.id!.uuidString)")]
            }
        })

    static let inquiryStatistics = APIList(
        name: "inquiryStatistics", path: "/municipalities/{kommun}/inquiry-statistics",
        summary: "Questions to the municipality through one way in, and response times",
        description: "Per year, for the whole municipality, each department and each topic: how many questions came in, the median working days to a first answer, and the share answered within the target. As on the statistics page, a figure from fewer than five questions is left out (null), so that no inquirer can be singled out. Filter by year; the current year unless given.",
        fields: [
            .init("id", .string, "The year and the group: `2026-all`, `2026-department-<name>`, `2026-topic-<name>`."),
            .init("year", .integer, "The year."),
            .init("group", .choice(["all", "department", "topic"]), "What the row counts."),
            .init("name", .string, "The department's or topic's name; the municipality's for `all`."),
            .init("questions", .integer, "Questions received; null when 1 to 4.", nullable: true),
            .init("medianWorkingDays", .number, "Median working days to a first answer; null when fewer than five were answered.", nullable: true),
            .init("answeredInTimePercent", .integer, "The share answered within the target, in per cent; null when fewer than five were judged.", nullable: true),
        ],
        filters: [.init(name: "ar", type: .integer, description: "The year; this year unless given.")],
        page: { SiteURL.contactStatistics($0) },
        load: { q in
            let m = q.municipality!
            let today = q.req.clock.today
            let year = q.filters["ar"].flatMap(Int.init).map { min(max($0, 2000), today.year) } ?? today.year
            let stats = try await InquiryStatistics.load(m, year: year, on: q.req.db, today: today, t: q.t)
            func row(_ id: String, _ group: String, _ name: String, _ f: InquiryFigures) -> [APIValue] {
                [.string("\(year)-\(id)"), .int(year), .string(group), .string(name), .integer(f.shown(f.count)),
                 f.medianDays.map(APIValue.number) ?? .null, .integer(f.inTimePercent)]
            }
            return [row("all", "all", m.name, stats.total)]
                + stats.departments.map { row("department-\($0.name)", "department", $0.name, $0.figures) }
                + stats.topics.map { row("topic-\($0.name)", "topic", $0.name, $0.figures) }
        })
}
