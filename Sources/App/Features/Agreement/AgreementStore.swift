import Fluent
import SamverkanCore
import Vapor

/// Why agreement administration is refused; each case has a message in the catalogue.
enum AgreementStoreError: DomainError, Equatable {
    case municipalityNotFound(String)
    case versionNotFound(String, Int?)
    case draftAlreadyExists(Int)
    case nothingInForce
    case notADraft(Int)

    var key: String {
        switch self {
        case .municipalityNotFound: "agreement.error.noMunicipality"
        case .versionNotFound(_, .some): "agreement.error.noVersion"
        case .versionNotFound(_, nil): "agreement.error.noAgreement"
        case .draftAlreadyExists: "agreement.error.draftExists"
        case .nothingInForce: "agreement.error.nothingInForce"
        case .notADraft: "agreement.error.notADraft"
        }
    }

    var arguments: [String] {
        switch self {
        case .municipalityNotFound(let slug): [slug]
        case .versionNotFound(let slug, let version): [slug] + (version.map { [String($0)] } ?? [])
        case .draftAlreadyExists(let version), .notADraft(let version): [String(version)]
        case .nothingInForce: []
        }
    }

    var status: HTTPResponseStatus {
        switch self {
        case .municipalityNotFound, .versionNotFound: .notFound
        default: .conflict
        }
    }
}

/// Creates, copies and publishes agreement versions. Every write is one transaction.
enum AgreementStore {
    /// Stores `document` as a new version of the municipality's agreement.
    /// With `.inForce`, the version that was in force becomes superseded.
    @discardableResult
    static func importDocument(
        _ document: AgreementDocument, into municipality: Municipality,
        status: Agreement.Status, on db: any Database, now: Date
    ) async throws -> Agreement {
        try await db.writeTransaction { tx in
            let municipalityID = try municipality.requireID()
            let last = try await Agreement.query(on: tx).filter(\.$municipality.$id == municipalityID)
                .sort(\.$version, .descending).first()
            if status == .inForce {
                try await Agreement.query(on: tx).filter(\.$municipality.$id == municipalityID)
                    .filter(\.$status == .inForce).auditedUpdate { $0.status = .superseded }
            }
            let agreement = Agreement()
            agreement.$municipality.id = municipalityID
            agreement.version = (last?.version ?? 0) + 1
            agreement.status = status
            agreement.publishedAt = status == .inForce ? now : nil
            agreement.apply(document)
            try await agreement.create(on: tx)
            try await insertContent(of: document, into: try agreement.requireID(), on: tx)
            try await insertTranslations(of: document, into: agreement, on: tx)
            return agreement
        }
    }

    /// Starts a revision: a draft copy of the version in force.
    static func startRevision(of municipality: Municipality, on db: any Database, now: Date) async throws -> Agreement {
        let municipalityID = try municipality.requireID()
        if let draft = try await Agreement.query(on: db).filter(\.$municipality.$id == municipalityID)
            .filter(\.$status == .draft).first() {
            throw AgreementStoreError.draftAlreadyExists(draft.version)
        }
        guard let current = try await Agreement.query(on: db).filter(\.$municipality.$id == municipalityID)
            .filter(\.$status == .inForce).first() else { throw AgreementStoreError.nothingInForce }
        let document = try await AgreementSnapshot.load(current, on: db).document
        return try await db.writeTransaction { tx in
            let draft = try await importDocument(document, into: municipality, status: .draft, on: tx, now: now)
            try await carryPlan(from: current, to: draft, on: tx)
            return draft
        }
    }

    /// The action plan's period and the progress notes go along into a revision, so the plan's
    /// history is not lost when a new version comes into force. Activities are matched by their
    /// area's key and their position, which the copy keeps.
    static func carryPlan(from old: Agreement, to new: Agreement, on db: any Database) async throws {
        new.planPeriodStart = old.planPeriodStart
        new.planPeriodEnd = old.planPeriodEnd
        new.planNextReview = old.planNextReview
        try await new.save(on: db)
        let oldAreas = try await DevelopmentArea.query(on: db).filter(\.$agreement.$id == old.requireID()).all()
        let newAreas = try await DevelopmentArea.query(on: db).filter(\.$agreement.$id == new.requireID()).all()
        let oldActivities = try await PlanActivity.query(on: db).filter(\.$area.$id ~~ oldAreas.compactMap(\.id)).all()
        let newActivities = try await PlanActivity.query(on: db).filter(\.$area.$id ~~ newAreas.compactMap(\.id)).all()
        let areaKey = Dictionary(uniqueKeysWithValues: (oldAreas + newAreas).map { ($0.id!, $0.key) })
        var target: [String: UUID] = [:]
        for a in newActivities { target["\(areaKey[a.$area.id] ?? "")#\(a.position)"] = a.id }
        var moved: [UUID: UUID] = [:]
        for a in oldActivities { if let to = target["\(areaKey[a.$area.id] ?? "")#\(a.position)"] { moved[a.id!] = to } }
        let notes = try await ActivityNote.query(on: db).filter(\.$activity.$id ~~ Array(moved.keys)).all()
        let copies: [ActivityNote] = notes.compactMap { n in
            guard let to = moved[n.$activity.id] else { return nil }
            let copy = ActivityNote()
            copy.$activity.id = to
            copy.date = n.date
            copy.text = n.text
            copy.authorName = n.authorName
            copy.$author.id = n.$author.id
            return copy
        }
        if !copies.isEmpty { try await copies.create(on: db) }
    }

    /// Makes a draft the version in force; the previous one stays readable as superseded.
    static func publish(_ draft: Agreement, on db: any Database, now: Date) async throws {
        guard draft.status == .draft else { throw AgreementStoreError.notADraft(draft.version) }
        try await db.writeTransaction { tx in
            try await Agreement.query(on: tx).filter(\.$municipality.$id == draft.$municipality.id)
                .filter(\.$status == .inForce).auditedUpdate { $0.status = .superseded }
            draft.status = .inForce
            draft.publishedAt = now
            try await draft.save(on: tx)
        }
    }

    /// Deletes a draft and everything in it, children first (links to principles are restricted).
    static func discard(_ draft: Agreement, on db: any Database) async throws {
        guard draft.status == .draft else { throw AgreementStoreError.notADraft(draft.version) }
        let id = try draft.requireID()
        try await db.writeTransaction { tx in
            let commitmentIDs = try await Commitment.query(on: tx).filter(\.$agreement.$id == id).all(\.$id)
            try await CommitmentPrinciple.query(on: tx).filter(\.$commitment.$id ~~ commitmentIDs).auditedDelete()
            try await Commitment.query(on: tx).filter(\.$agreement.$id == id).auditedDelete()
            try await Principle.query(on: tx).filter(\.$agreement.$id == id).auditedDelete()
            let areaIDs = try await DevelopmentArea.query(on: tx).filter(\.$agreement.$id == id).all(\.$id)
            try await PlanActivity.query(on: tx).filter(\.$area.$id ~~ areaIDs).auditedDelete()
            try await DevelopmentArea.query(on: tx).filter(\.$agreement.$id == id).auditedDelete()
            try await AgreementRule.query(on: tx).filter(\.$agreement.$id == id).auditedDelete()
            try await ContentTranslation.query(on: tx).filter(\.$subject == .agreement).filter(\.$subjectID == id).delete()
            try await draft.delete(on: tx)
        }
    }

    /// The version in force, or else the newest version, or a specific one.
    static func version(_ number: Int?, of municipality: Municipality, on db: any Database) async throws -> Agreement {
        let query = Agreement.query(on: db).filter(\.$municipality.$id == (try municipality.requireID()))
        let found: Agreement?
        if let number {
            found = try await query.filter(\.$version == number).first()
        } else {
            found = try await query.sort(\.$version, .descending).all()
                .sorted { ($0.status == .inForce ? 0 : 1) < ($1.status == .inForce ? 0 : 1) }.first
        }
        guard let found else { throw AgreementStoreError.versionNotFound(municipality.slug, number) }
        return found
    }

    /// The document's translations, each with the Swedish text it was made from (the text as
    /// it stands, unless the file says it was an older one).
    private static func insertTranslations(of document: AgreementDocument, into agreement: Agreement, on db: any Database) async throws {
        let id = try agreement.requireID()
        let current = document.swedishTexts
        let rows = document.translations.flatMap { language, texts in
            texts.compactMap { path, translation -> ContentTranslation? in
                guard let swedish = current[path] else { return nil }
                return ContentTranslation(municipalityID: agreement.$municipality.id, subject: .agreement, subjectID: id, field: path,
                                          language: language, text: translation.text, source: translation.translatedFrom ?? swedish)
            }
        }
        if !rows.isEmpty { try await rows.create(on: db) }
    }

    private static func insertContent(of document: AgreementDocument, into agreementID: UUID, on db: any Database) async throws {
        let principles = document.principles.enumerated().map { index, p in
            Principle(agreementID: agreementID, key: p.key, position: index + 1, name: p.name, description: p.description)
        }
        for principle in principles { principle.id = UUID() }
        try await principles.create(on: db)
        let principleIDs = Dictionary(uniqueKeysWithValues: principles.map { ($0.key, $0.id!) })

        let commitments = document.commitments.enumerated().map { index, c in
            let commitment = Commitment(agreementID: agreementID, key: c.key, position: index + 1, party: c.party, text: c.text)
            commitment.id = UUID()
            return commitment
        }
        try await commitments.create(on: db)
        let links = zip(commitments, document.commitments).flatMap { model, c in
            c.principles.enumerated().compactMap { index, key in
                principleIDs[key].map { CommitmentPrinciple(commitmentID: model.id!, principleID: $0, position: index + 1) }
            }
        }
        try await links.create(on: db)

        var activities: [PlanActivity] = []
        let areas = document.developmentAreas.enumerated().map { index, a in
            let area = DevelopmentArea(agreementID: agreementID, key: a.key, position: index + 1,
                                       name: a.name, description: a.description)
            area.id = UUID()
            activities += a.activities.enumerated().map { i, act in PlanActivity(areaID: area.id!, position: i + 1, act) }
            return area
        }
        try await areas.create(on: db)
        try await activities.create(on: db)
        try await document.rules.enumerated().map { index, rule in
            AgreementRule(agreementID: agreementID, position: index + 1, rule)
        }.create(on: db)
    }
}

extension Agreement {
    /// Copies the document's title, parties and metadata onto this version.
    func apply(_ document: AgreementDocument) {
        title = document.title
        subtitle = document.subtitle
        purpose = document.purpose
        municipalityParty = document.parties.municipality
        civilSocietyParty = document.parties.civilSociety
        let m = document.metadata
        adoptedBy = m.adoptedBy
        adoptedOn = m.adoptedOn?.description
        referenceNumber = m.referenceNumber
        validFrom = m.validFrom?.description
        validUntil = m.validUntil?.description
        revisionIntervalYears = m.revisionIntervalYears
        documentOwner = m.documentOwner
        contactName = m.contact.name
        contactEmail = m.contact.email
        contactPhone = m.contact.phone
    }
}

extension PlanActivity {
    convenience init(areaID: UUID, position: Int, _ a: AgreementDocument.Activity) {
        self.init()
        self.$area.id = areaID
        self.position = position
        self.title = a.title
        self.description = a.description
        self.ownerParty = a.owner.rawValue
        self.responsible = a.responsible
        self.startDate = a.startDate?.description
        self.dueDate = a.dueDate?.description
        self.status = a.status.rawValue
        self.indicator = a.indicator?.rawValue
    }
}

extension AgreementRule {
    convenience init(agreementID: UUID, position: Int, _ rule: AgreementDocument.Rule) {
        self.init()
        self.$agreement.id = agreementID
        self.position = position
        set(rule)
    }

    /// Stores `rule` in this row's columns; the columns its type does not use are emptied.
    func set(_ rule: AgreementDocument.Rule) {
        type = rule.type.rawValue
        note = rule.note
        meetingKind = nil
        minimum = nil
        everyMonths = nil
        dueDate = nil
        switch rule {
        case .meetingsPerYear(let kind, let minimum, _):
            meetingKind = kind.rawValue
            self.minimum = minimum
        case .followUp(let months, _), .planReview(let months, _):
            everyMonths = months
        case .revisionDue(let date, _):
            dueDate = date.description
        case .responseTime(let percent, _):
            minimum = percent
        }
    }
}
