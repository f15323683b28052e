import Foundation

/// Per-object decisions about one organisation in the register, as pure functions used by the
/// route check (`Access.organisationMember`), handlers and pages.
enum RegisterPolicy {
    /// An organisation's own pages (its details, people, application, board protocol) are for its
    /// representatives and for the staff of its municipality.
    static func mayManage(organisationIn municipalityID: UUID?, user: User, represents: Bool) -> Bool {
        user.isStaff(of: municipalityID) || (user.role == .representative && user.$municipality.id == municipalityID && represents)
    }

    /// Only the coordinator reviews applications to join and approves registrations.
    static func mayReview(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}

extension RegisterPolicy {
    /// An existing account can be made an organisation's representative only when it is a
    /// representative's account in the same municipality (never staff, never elsewhere).
    static func mayBeInvited(_ existing: User, municipalityID: UUID?) -> Bool {
        existing.role == .representative && existing.$municipality.id == municipalityID
    }
}
