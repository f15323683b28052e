/// An agreement as the file format describes it: everything an agreement version holds.
/// The database model and the YAML file are both translated to and from this type,
/// so "nothing lost" means: this value survives the round trip.
public struct AgreementDocument: Equatable, Sendable {
    public var title: String
    public var subtitle: String?
    public var purpose: String?
    public var parties: Parties
    public var metadata: Metadata
    public var principles: [Principle]
    public var commitments: [Commitment]
    public var developmentAreas: [DevelopmentArea]
    public var rules: [Rule]
    /// Per language code (`en`, `ar`), the translated texts by their path (`AgreementTranslation`).
    public var translations: [String: [String: AgreementTranslation]]

    public init(
        title: String, subtitle: String? = nil, purpose: String? = nil,
        parties: Parties, metadata: Metadata = .init(),
        principles: [Principle] = [], commitments: [Commitment] = [],
        developmentAreas: [DevelopmentArea] = [], rules: [Rule] = [],
        translations: [String: [String: AgreementTranslation]] = [:]
    ) {
        self.title = title
        self.subtitle = subtitle
        self.purpose = purpose
        self.parties = parties
        self.metadata = metadata
        self.principles = principles
        self.commitments = commitments
        self.developmentAreas = developmentAreas
        self.rules = rules
        self.translations = translations
    }

    public struct Parties: Equatable, Sendable {
        /// The municipality's side, e.g. "Borås Stad" or "Staden".
        public var municipality: String
        /// The civil-society side, e.g. "Det Idéburna" or a network's name.
        public var civilSociety: String
        public init(municipality: String, civilSociety: String) {
            self.municipality = municipality
            self.civilSociety = civilSociety
        }
    }

    public struct Contact: Equatable, Sendable {
        public var name: String?
        public var email: String?
        public var phone: String?
        public init(name: String? = nil, email: String? = nil, phone: String? = nil) {
            self.name = name
            self.email = email
            self.phone = phone
        }
        public var isEmpty: Bool { name == nil && email == nil && phone == nil }
    }

    public struct Metadata: Equatable, Sendable {
        public var adoptedBy: String?
        public var adoptedOn: CalendarDate?
        public var referenceNumber: String?
        public var validFrom: CalendarDate?
        /// nil means "until further notice" (tills vidare).
        public var validUntil: CalendarDate?
        public var revisionIntervalYears: Int?
        public var documentOwner: String?
        public var contact: Contact
        public init(
            adoptedBy: String? = nil, adoptedOn: CalendarDate? = nil, referenceNumber: String? = nil,
            validFrom: CalendarDate? = nil, validUntil: CalendarDate? = nil,
            revisionIntervalYears: Int? = nil, documentOwner: String? = nil, contact: Contact = .init()
        ) {
            self.adoptedBy = adoptedBy
            self.adoptedOn = adoptedOn
            self.referenceNumber = referenceNumber
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.revisionIntervalYears = revisionIntervalYears
            self.documentOwner = documentOwner
            self.contact = contact
        }
    }

    public struct Principle: Equatable, Sendable {
        /// Stable identifier within the file; commitments refer to it.
        public var key: String
        public var name: String
        public var description: String?
        public init(key: String, name: String, description: String? = nil) {
            self.key = key
            self.name = name
            self.description = description
        }
    }

    public struct Commitment: Equatable, Sendable {
        public var key: String
        public var party: Party
        public var text: String
        /// Keys of the principles this commitment serves, in the order given.
        public var principles: [String]
        public init(key: String, party: Party, text: String, principles: [String]) {
            self.key = key
            self.party = party
            self.text = text
            self.principles = principles
        }
    }

    public struct DevelopmentArea: Equatable, Sendable {
        public var key: String
        public var name: String
        public var description: String?
        public var activities: [Activity]
        public init(key: String, name: String, description: String? = nil, activities: [Activity] = []) {
            self.key = key
            self.name = name
            self.description = description
            self.activities = activities
        }
    }

    public struct Activity: Equatable, Sendable {
        public var title: String
        public var description: String?
        public var owner: Party
        public var responsible: String?
        public var startDate: CalendarDate?
        public var dueDate: CalendarDate?
        public var status: ActivityStatus
        /// A figure the platform counts that shows how the activity is going, if one fits.
        public var indicator: PlanIndicator?
        public init(
            title: String, description: String? = nil, owner: Party, responsible: String? = nil,
            startDate: CalendarDate? = nil, dueDate: CalendarDate? = nil, status: ActivityStatus = .planned,
            indicator: PlanIndicator? = nil
        ) {
            self.title = title
            self.description = description
            self.owner = owner
            self.responsible = responsible
            self.startDate = startDate
            self.dueDate = dueDate
            self.status = status
            self.indicator = indicator
        }
    }

    /// A machine-checkable rule drawn from the agreement (an obligation).
    public enum Rule: Equatable, Sendable {
        /// At least `minimum` meetings of `kind` per calendar year.
        case meetingsPerYear(kind: MeetingKind, minimum: Int, note: String?)
        /// A follow-up of the agreement at least every `months` months.
        case followUp(everyMonths: Int, note: String?)
        /// The development/action plan reviewed at least every `months` months.
        case planReview(everyMonths: Int, note: String?)
        /// The agreement revised no later than `date`.
        case revisionDue(date: CalendarDate, note: String?)
        /// Each year, at least `minimumPercent` % of the inquiries through one way in get their
        /// first answer within the topic's target.
        case responseTime(minimumPercent: Int, note: String?)

        public var type: RuleType {
            switch self {
            case .meetingsPerYear: .meetingsPerYear
            case .followUp: .followUp
            case .planReview: .planReview
            case .revisionDue: .revisionDue
            case .responseTime: .responseTime
            }
        }

        public var note: String? {
            switch self {
            case .meetingsPerYear(_, _, let note), .followUp(_, let note),
                 .planReview(_, let note), .revisionDue(_, let note), .responseTime(_, let note): note
            }
        }
    }

    public enum RuleType: String, CaseIterable, Sendable {
        case meetingsPerYear
        case followUp
        case planReview
        case revisionDue
        case responseTime
    }
}
