import Foundation
import SamverkanCore

/// Per-object decisions about volunteering, as pure functions: the handlers and the pages that
/// decide whether to show a button call the same ones.
enum VolunteerPolicy {
    /// Days an organisation has to answer an offer before it is reminded; twice that, and the
    /// coordinator sees it.
    static let answerDays = 7
    static let coordinatorDays = 14
    /// Hours a resident has to confirm an offer from the mailed link.
    static let confirmHours = 72

    /// An approved organisation may post; when the municipality has chosen so, only a signatory.
    static func mayPost(_ organisation: Organisation, in m: Municipality) -> Bool {
        guard organisation.status == .approved, organisation.$municipality.id == m.id else { return false }
        return m.volunteerSignatoriesOnly != true || organisation.signatorySince != nil
    }

    /// The organisation edits an assignment until it is filled or withdrawn (or has ended).
    static func mayEdit(_ a: VolunteerAssignment, today: CalendarDate) -> Bool {
        [.pending, .returned, .published].contains(a.status) && a.lastDay >= today.description
    }

    /// Only a published, open assignment can be marked filled.
    static func mayMarkFilled(_ a: VolunteerAssignment, today: CalendarDate) -> Bool {
        a.isOpen(today: today)
    }

    /// The coordinator reviews what is waiting.
    static func mayReview(_ user: User?, _ a: VolunteerAssignment) -> Bool {
        guard let user, user.isCoordinator(of: a.$municipality.id) else { return false }
        return a.status == .pending
    }

    /// The organisation answers a confirmed offer (an unconfirmed one it does not see at all),
    /// and may change its answer; a withdrawn or erased offer is past answering.
    static func mayAnswer(_ interest: VolunteerInterest, of a: VolunteerAssignment, organisationID: UUID?) -> Bool {
        guard a.$organisation.id == organisationID, interest.$assignment.id == a.id, interest.erasedAt == nil else { return false }
        return [.open, .accepted, .declined].contains(interest.status)
    }

    /// The organisation sees an offer once the volunteer has confirmed the address.
    static func organisationSees(_ interest: VolunteerInterest) -> Bool {
        interest.status != .unconfirmed
    }

    /// The volunteer corrects or withdraws an offer while the assignment is still open to it.
    static func volunteerMayChange(_ interest: VolunteerInterest, of a: VolunteerAssignment, today: CalendarDate) -> Bool {
        interest.erasedAt == nil && [.unconfirmed, .open, .accepted].contains(interest.status) && a.endsOn >= today.description
    }

    /// Offers are taken while it is open.
    static func mayOffer(_ a: VolunteerAssignment, today: CalendarDate) -> Bool { a.isOpen(today: today) }
}
