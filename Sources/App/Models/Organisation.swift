import Fluent
import Vapor

/// An idéburen organisation in a municipality's register. It may be in the register without
/// ever joining the agreement, and is treated the same everywhere else.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    enum Status: String, Codable, Sendable {
        /// Registered, waiting for the coordinator.
        case pending
        case approved
        /// A duplicate, folded into `mergedInto`.
        case merged
    }

    enum LegalForm: String, Codable, CaseIterable, Sendable {
        case ideellForening, stiftelse, ekonomiskForening, trossamfund, natverk, informellGrupp, annan
    }

    @ID(key: .id) var id: UUID?

    @Parent(key: "municipality_id") var municipality: Municipality
    @OptionalParent(key: "merged_into_id") var mergedInto: Organisation?

    @Field(key: "name") var name: String
    @OptionalField(key: "org_number") var orgNumber: String?
    @Field(key: "legal_form") var legalForm: LegalForm
    @OptionalField(key: "description") var description: String?
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "district") var district: String?
    @OptionalField(key: "languages") var languages: String?
    @OptionalField(key: "member_count") var memberCount: Int?
    @Field(key: "status") var status: Status
    /// Name and description folded for search (see `SearchText`).
    @Field(key: "search_text") var searchText: String
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// The day it became a signatory, kept by `SignatoryStatus`; nil when it is not one now.
    @OptionalField(key: "signatory_since") var signatorySince: String?

    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    @Siblings(through: OrganisationActivityArea.self, from: \.$organisation, to: \.$area) var areas: [ActivityArea]

    init() {}
}

/// The activity areas a municipality keeps for its register (sport, culture, …).
final class ActivityArea: Model, @unchecked Sendable {
    static let schema = "activity_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int

    init() {}

    init(municipalityID: UUID, name: String, position: Int) {
        self.$municipality.id = municipalityID
        self.name = name
        self.position = position
    }
}

final class OrganisationActivityArea: Model, @unchecked Sendable {
    static let schema = "organisation_activity_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "area_id") var area: ActivityArea

    init() {}

    init(organisationID: UUID, areaID: UUID) {
        self.$organisation.id = organisationID
        self.$area.id = areaID
    }
}

/// A person of an organisation. Personal data: only the municipality's staff and the
/// organisation's own representatives see it.
final class ContactPerson: Model, @unchecked Sendable {
    static let schema = "contact_persons"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @OptionalField(key: "role") var role: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?

    init() {}
}

/// A user who may act for an organisation.
final class OrganisationRepresentative: Model, @unchecked Sendable {
    static let schema = "organisation_representatives"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(organisationID: UUID, userID: UUID) {
        self.$organisation.id = organisationID
        self.$user.id = userID
    }
}

/// A single-use token sent by e-mail: verifying an address or accepting an invitation.
/// Only its SHA-256 is stored.
final class EmailToken: Model, @unchecked Sendable {
    static let schema = "email_tokens"

    enum Purpose: String, Codable, Sendable {
        case verifyEmail
        case invitation
    }

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "user_id") var user: User?
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "purpose") var purpose: Purpose
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Makes a token, stores its hash, and returns the token to put in the link.
    static func issue(_ purpose: Purpose, userID: UUID?, organisationID: UUID?, email: String?,
                      validFor seconds: TimeInterval, on db: any Database) async throws -> String {
        let token = [UInt8].random(count: 32).map { String(format: "%02x", $0) }.joined()
        let row = EmailToken()
        row.$user.id = userID
        row.$organisation.id = organisationID
        row.purpose = purpose
        row.tokenHash = hash(token)
        row.email = email
        row.expiresAt = Date().addingTimeInterval(seconds)
        try await row.create(on: db)
        return token
    }

    /// The unused, unexpired token of this purpose, or nil.
    static func find(_ token: String, _ purpose: Purpose, on db: any Database) async throws -> EmailToken? {
        try await EmailToken.query(on: db).filter(\.$tokenHash == hash(token)).filter(\.$purpose == purpose)
            .filter(\.$usedAt == nil).filter(\.$expiresAt > Date()).first()
    }
}
