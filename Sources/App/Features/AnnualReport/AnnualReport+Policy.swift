import Foundation

/// Per-object decisions about the annual report, as pure functions used by handlers and pages.
enum AnnualReportPolicy {
    /// Public once published; before that only the municipality's staff see the draft.
    static func maySee(publishedAt: Date?, user: User?, municipalityID: UUID?) -> Bool {
        publishedAt != nil || (user?.isStaff(of: municipalityID) ?? false)
    }

    /// The coordinator writes and publishes it.
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
