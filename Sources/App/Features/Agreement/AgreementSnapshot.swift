import Fluent
import SamverkanCore
import Vapor

/// Everything of one agreement version, loaded in a fixed number of queries (seven),
/// whatever the number of principles, commitments or activities.
struct AgreementSnapshot: Sendable {
    let agreement: Agreement
    let principles: [Principle]
    let commitments: [Commitment]
    /// Principle ids per commitment id, in the order the author gave.
    let links: [UUID: [UUID]]
    let areas: [DevelopmentArea]
    let activities: [UUID: [PlanActivity]]
    let rules: [AgreementRule]
    /// The translations of its texts, in every language.
    let translations: [ContentTranslation]

    static func load(_ agreement: Agreement, on db: any Database) async throws -> AgreementSnapshot {
        try await loadMany([agreement], on: db)[0]
    }

    /// Several versions in the same seven queries, in the order given.
    static func loadMany(_ agreements: [Agreement], on db: any Database) async throws -> [AgreementSnapshot] {
        let ids = try agreements.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let principles = try await Principle.query(on: db).filter(\.$agreement.$id ~~ ids).sort(\.$position).all()
        let commitments = try await Commitment.query(on: db).filter(\.$agreement.$id ~~ ids).sort(\.$position).all()
        let pivots = try await CommitmentPrinciple.query(on: db)
            .join(Commitment.self, on: \CommitmentPrinciple.$commitment.$id == \Commitment.$id)
            .filter(Commitment.self, \.$agreement.$id ~~ ids)
            .sort(\.$position).all()
        let areas = try await DevelopmentArea.query(on: db).filter(\.$agreement.$id ~~ ids).sort(\.$position).all()
        let activities = try await PlanActivity.query(on: db)
            .join(DevelopmentArea.self, on: \PlanActivity.$area.$id == \DevelopmentArea.$id)
            .filter(DevelopmentArea.self, \.$agreement.$id ~~ ids)
            .sort(\.$position).all()
        let rules = try await AgreementRule.query(on: db).filter(\.$agreement.$id ~~ ids).sort(\.$position).all()
        let translations = try await ContentTranslation.query(on: db).filter(\.$subject == .agreement)
            .filter(\.$subjectID ~~ ids).sort(\.$field).all()
        let links = Dictionary(grouping: pivots, by: { $0.$commitment.id }).mapValues { $0.map { $0.$principle.id } }
        let activitiesByArea = Dictionary(grouping: activities, by: { $0.$area.id })
        return agreements.map { agreement in
            let id = agreement.id
            let own = commitments.filter { $0.$agreement.id == id }
            let ownAreas = areas.filter { $0.$agreement.id == id }
            let commitmentIDs = Set(own.compactMap(\.id)), areaIDs = Set(ownAreas.compactMap(\.id))
            return AgreementSnapshot(
                agreement: agreement, principles: principles.filter { $0.$agreement.id == id }, commitments: own,
                links: links.filter { commitmentIDs.contains($0.key) },
                areas: ownAreas,
                activities: activitiesByArea.filter { areaIDs.contains($0.key) },
                rules: rules.filter { $0.$agreement.id == id },
                translations: translations.filter { $0.subjectID == id }
            )
        }
    }

    /// The version as the file format describes it, translations included.
    var document: AgreementDocument {
        var document = swedishDocument
        let current = document.swedishTexts
        for row in translations {
            guard let swedish = current[row.field] else { continue }
            document.translations[row.language, default: [:]][row.field] =
                .init(text: row.text, translatedFrom: row.source == swedish ? nil : row.source)
        }
        return document
    }

    /// The texts of `language` for this version's pages.
    func texts(in language: Language) -> TranslatedTexts { .init(language: language, rows: language == .default ? [] : translations) }

    private var swedishDocument: AgreementDocument {
        let a = agreement
        let keyByID = Dictionary(uniqueKeysWithValues: principles.compactMap { p in p.id.map { ($0, p.key) } })
        return AgreementDocument(
            title: a.title, subtitle: a.subtitle, purpose: a.purpose,
            parties: .init(municipality: a.municipalityParty, civilSociety: a.civilSocietyParty),
            metadata: .init(
                adoptedBy: a.adoptedBy, adoptedOn: a.adoptedOn.flatMap(CalendarDate.init),
                referenceNumber: a.referenceNumber,
                validFrom: a.validFrom.flatMap(CalendarDate.init), validUntil: a.validUntil.flatMap(CalendarDate.init),
                revisionIntervalYears: a.revisionIntervalYears, documentOwner: a.documentOwner,
                contact: .init(name: a.contactName, email: a.contactEmail, phone: a.contactPhone)
            ),
            principles: principles.map { .init(key: $0.key, name: $0.name, description: $0.description) },
            commitments: commitments.map { c in
                .init(key: c.key, party: Party(rawValue: c.party) ?? .both, text: c.text,
                      principles: (c.id.flatMap { links[$0] } ?? []).compactMap { keyByID[$0] })
            },
            developmentAreas: areas.map { area in
                .init(key: area.key, name: area.name, description: area.description,
                      activities: (area.id.flatMap { activities[$0] } ?? []).map { act in
                          .init(title: act.title, description: act.description,
                                owner: Party(rawValue: act.ownerParty) ?? .both, responsible: act.responsible,
                                startDate: act.startDate.flatMap(CalendarDate.init),
                                dueDate: act.dueDate.flatMap(CalendarDate.init),
                                status: ActivityStatus(rawValue: act.status) ?? .planned,
                                indicator: act.indicator.flatMap(PlanIndicator.init))
                      })
            },
            rules: rules.compactMap(\.document)
        )
    }
}

extension AgreementRule {
    var document: AgreementDocument.Rule? {
        switch AgreementDocument.RuleType(rawValue: type) {
        case .meetingsPerYear:
            guard let kind = meetingKind.flatMap(MeetingKind.init), let minimum else { return nil }
            return .meetingsPerYear(kind: kind, minimum: minimum, note: note)
        case .followUp:
            return everyMonths.map { .followUp(everyMonths: $0, note: note) }
        case .planReview:
            return everyMonths.map { .planReview(everyMonths: $0, note: note) }
        case .revisionDue:
            return dueDate.flatMap(CalendarDate.init).map { .revisionDue(date: $0, note: note) }
        case .responseTime:
            return minimum.map { .responseTime(minimumPercent: $0, note: note) }
        case nil:
            return nil
        }
    }
}
