import Fluent
import Foundation
import SamverkanCore
import Vapor

/// An idéburet offentligt partnerskap (IOP) between the municipality and an organisation of the
/// register: the department, the purpose, the period, what the municipality puts in, the
/// commitments of the agreement it serves, its agreement document and its next follow-up. The
/// coordinator decides whether it is shown in public and whether the contribution is.
final class Partnership: Model, @unchecked Sendable {
    static let schema = "partnerships"

    enum Status: String, Codable, CaseIterable, Sendable { case planned, active, ended }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "department_id") var department: Department?
    @Field(key: "title") var title: String
    @Field(key: "purpose") var purpose: String
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "contribution") var contribution: String
    @Field(key: "status") var status: Status
    @Field(key: "is_public") var isPublic: Bool
    @Field(key: "contribution_public") var contributionPublic: Bool
    @OptionalField(key: "next_follow_up_on") var nextFollowUpOn: String?
    @OptionalField(key: "document_stored_name") var documentStoredName: String?
    @OptionalField(key: "document_name") var documentName: String?
    @OptionalField(key: "document_sha256") var documentSHA256: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A commitment of the agreement a partnership serves, by its key.
final class PartnershipCommitment: Model, @unchecked Sendable {
    static let schema = "partnership_commitments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: Partnership
    @Field(key: "key") var key: String

    init() {}
}

/// A reminder sent before a partnership's follow-up; unique per partnership and occasion, so
/// two servers running the job send one mail.
final class PartnershipReminder: Model, @unchecked Sendable {
    static let schema = "partnership_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: Partnership
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Int

    init() {}
}

extension Partnership: MunicipalityScoped { static var municipalityKey: KeyPath<Partnership, FieldProperty<Partnership, UUID>> { \.$municipality.$id } }
