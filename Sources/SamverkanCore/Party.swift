/// Who makes a commitment or owns an activity.
public enum Party: String, CaseIterable, Codable, Sendable {
    case municipality
    case civilSociety
    case both
}

/// Where an action-plan activity stands.
public enum ActivityStatus: String, CaseIterable, Codable, Sendable {
    case planned
    case ongoing
    case done
    case postponed
    case cancelled
}

/// The kinds of meeting an agreement's rules can count.
public enum MeetingKind: String, CaseIterable, Codable, Sendable {
    case dialogue
    case annual
    case council
    case training
}

/// A figure the platform counts by itself and an action-plan activity can follow: the activity
/// then shows the figure for the current year. Each names the feature that computes it.
public enum PlanIndicator: String, CaseIterable, Codable, Sendable {
    /// Volunteer assignments sent for review this year.
    case volunteerAssignmentsPosted = "volunteering.posted"
    /// Volunteer assignments marked filled this year.
    case volunteerAssignmentsFilled = "volunteering.filled"
    /// Confirmed offers to help that reached an organisation this year.
    case volunteerOffers = "volunteering.offers"
    /// The share of those offers answered within seven days.
    case volunteerAnsweredInAWeek = "volunteering.answeredInAWeek"
}
