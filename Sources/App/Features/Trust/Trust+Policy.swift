import Foundation

/// Who keeps the trust pages.
enum TrustPolicy {
    /// The coordinator writes the municipality's statements and contact details.
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
