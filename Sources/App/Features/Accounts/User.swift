import Fluent
import Vapor

/// Who a person is on the platform; residents need no account.
enum Role: String, Codable, CaseIterable, Sendable {
    case platformAdmin
    case coordinator
    case officer
    case representative
    /// A member of the municipality's joint council: reads the council's material (members,
    /// meetings, minutes) and the draft of a revision; changes nothing.
    case councilMember

    /// Roles that belong to one municipality.
    var needsMunicipality: Bool { self != .platformAdmin }
}

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?

    @OptionalParent(key: "municipality_id") var municipality: Municipality?

    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: Role
    /// nil until the person has followed the link in the verification e-mail.
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    /// An officer's department or unit, as the coordinator wrote it.
    @OptionalField(key: "department") var department: String?
    /// Set when the coordinator (or platform administrator) deactivates the account.
    @OptionalField(key: "deactivated_at") var deactivatedAt: Date?
    /// The language the person reads the platform's mail in (a `Language`); Swedish when unset.
    @OptionalField(key: "language") var language: String?

    var mailLanguage: Language { language.flatMap(Language.init) ?? .default }

    /// Whether the account may log in and be mailed.
    var isActive: Bool { deactivatedAt == nil }

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(email: String, name: String, passwordHash: String, role: Role, municipalityID: UUID?, verifiedAt: Date?) {
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.$municipality.id = municipalityID
        self.emailVerifiedAt = verifiedAt
    }

    /// Staff of a municipality: its coordinator and officers (and any platform administrator).
    func isStaff(of municipalityID: UUID?) -> Bool {
        role == .platformAdmin || ([.coordinator, .officer].contains(role) && self.$municipality.id == municipalityID)
    }

    /// A council member's account of this municipality.
    func isCouncilMember(of municipalityID: UUID?) -> Bool {
        role == .councilMember && self.$municipality.id == municipalityID
    }

    func isCoordinator(of municipalityID: UUID?) -> Bool {
        role == .platformAdmin || (role == .coordinator && self.$municipality.id == municipalityID)
    }

    static func normalise(email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
