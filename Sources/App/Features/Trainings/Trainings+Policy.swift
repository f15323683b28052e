import Foundation

/// Per-object decisions about trainings, as pure functions: the route check (`Access.arranger`),
/// the handlers and the pages use the same ones.
enum TrainingPolicy {
    /// An organisation the coordinator has approved into the register may invite the sector to
    /// trainings of its own.
    static func mayArrange(_ organisation: Organisation) -> Bool {
        organisation.status == .approved
    }

    /// The staff run every meeting of their municipality; an organisation's representatives run
    /// the ones it arranges.
    static func mayRun(_ meeting: Meeting?, user: User, municipalityID: UUID?, representing: Set<UUID>) -> Bool {
        if user.isStaff(of: municipalityID) { return true }
        guard user.role == .representative, user.$municipality.id == municipalityID,
              let meeting, meeting.$municipality.id == municipalityID, let arranger = meeting.$arranger.id else { return false }
        return representing.contains(arranger)
    }

    /// Invitations to the register, minutes and the municipality's kinds stay with the staff.
    static func isStaffWork(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isStaff(of: municipalityID) ?? false
    }

    /// A certificate is for someone who held a seat at a training that has begun and was marked present.
    static func mayCertify(_ registration: MeetingRegistration, of meeting: Meeting, now: Int) -> Bool {
        meeting.builtInKind == .training && meeting.status == .scheduled && meeting.startsAt <= now
            && registration.status == .confirmed && registration.attended == true
    }
}
