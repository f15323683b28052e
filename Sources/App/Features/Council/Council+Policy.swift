import Foundation

/// Per-municipality decisions about the council, as pure functions used by handlers and pages.
enum CouncilPolicy {
    /// The coordinator keeps the council's members and terms.
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
