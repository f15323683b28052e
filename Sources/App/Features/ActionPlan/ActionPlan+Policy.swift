import Foundation

/// Per-municipality decisions about the action plan, as pure functions used by handlers and pages.
enum ActionPlanPolicy {
    /// The coordinator sets the plan's period and review; staff record progress on activities.
    static func mayEditPeriod(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
