import Foundation

/// Per-object decisions about the yearly follow-up, as pure functions used by handlers and pages.
enum FollowUpPolicy {
    /// The report is public once published; the municipality's staff see it from when the round closes.
    static func maySeeReport(_ status: FollowUpRound.Status, user: User?, municipalityID: UUID?) -> Bool {
        status == .published || (status == .closed && (user?.isStaff(of: municipalityID) ?? false))
    }

    /// Everyone sees the published years; the municipality's staff also see rounds under way.
    static func mayListRound(_ status: FollowUpRound.Status, user: User?, municipalityID: UUID?) -> Bool {
        status == .published || (user?.isStaff(of: municipalityID) ?? false)
    }

    /// Only an organisation's own representatives answer for it; staff may look but not answer.
    static func mayAnswer(for organisationID: UUID, user: User?, representing: Set<UUID>) -> Bool {
        user?.role == .representative && representing.contains(organisationID)
    }

    /// The coordinator may open a submitted answer again while the round still takes answers, so
    /// the respondent can correct it; it does not count until submitted again.
    static func mayReopen(_ response: FollowUpResponse, in round: FollowUpRound, today: String) -> Bool {
        response.status == .submitted && round.takesAnswers(today: today)
    }
}
