import Foundation

/// Who records the decisions: the municipality's coordinators (and platform administrators).
enum DecisionPolicy {
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
