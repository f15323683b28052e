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
