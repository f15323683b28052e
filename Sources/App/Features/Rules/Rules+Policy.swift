import Foundation

/// Per-municipality decisions about the rules, as pure functions used by handlers and pages.
enum RulesPolicy {
    /// The coordinator records evidence and is warned of rules at risk; officers are not.
    static func mayRecord(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }

    /// A version's rules are changed only while it is a draft: the rules in force are judged by
    /// the version they are in, so changing them afterwards would rewrite past years.
    static func mayChangeRules(of agreement: Agreement) -> Bool {
        agreement.status == .draft
    }

    /// Whose dashboard shows the rules at risk: everyone but officers (they have no part in them).
    static func watchesRules(_ user: User) -> Bool {
        user.role != .officer
    }
}
