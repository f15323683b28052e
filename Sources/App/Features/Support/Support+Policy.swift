import Foundation

/// Who keeps the forms of support and their rules: the municipality's coordinators (and
/// platform administrators).
enum SupportPolicy {
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
