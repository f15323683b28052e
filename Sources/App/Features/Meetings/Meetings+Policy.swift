import Foundation

/// Per-object decisions about meetings, as pure functions: the handler enforces them and the
/// page uses the same ones to decide which buttons to show.
enum MeetingPolicy {
    /// A registration is someone's own when they made it, or when it is for an organisation they
    /// represent.
    static func isOwn(_ registration: MeetingRegistration, by user: User?, representing: Set<UUID>) -> Bool {
        if let organisation = registration.$organisation.id, representing.contains(organisation) { return true }
        guard let user, let userID = user.id else { return false }
        return registration.$registeredBy.id == userID
    }

    /// Its owner may cancel a registration, and so may the municipality's staff.
    static func mayCancel(_ registration: MeetingRegistration, by user: User?, representing: Set<UUID>,
                          municipalityID: UUID?) -> Bool {
        isOwn(registration, by: user, representing: representing) || (user?.isStaff(of: municipalityID) ?? false)
    }

    /// The municipality's staff plan and run its meetings.
    static func mayAdminister(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isStaff(of: municipalityID) ?? false
    }

    /// A meeting entered by mistake can be deleted while nobody is registered or invited and it has
    /// no minutes; after that it is cancelled instead, which tells people.
    static func mayDelete(_ meeting: Meeting, registrations: Int, invited: Int) -> Bool {
        registrations == 0 && invited == 0 && meeting.minutesPublishedAt == nil
    }

    /// Only the coordinator adds or removes the municipality's own kinds of meeting.
    static func mayManageKinds(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}

extension MeetingPolicy {
    /// Representatives of the municipality register people for their organisations, except for
    /// council meetings, where members register themselves.
    static func registersForOrganisations(_ user: User?, meeting: Meeting, municipalityID: UUID?) -> Bool {
        guard let user else { return false }
        return user.role == .representative && user.$municipality.id == municipalityID && meeting.audience != .council
    }
}
