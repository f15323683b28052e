import Fluent
import SamverkanCore
import Vapor

/// Who has been sent an invitation to a meeting, so a second sending reaches only new people.
final class MeetingInvitation: Model, @unchecked Sendable {
    static let schema = "meeting_invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "email") var email: String
    @Timestamp(key: "sent_at", on: .create) var sentAt: Date?

    init() {}
}
