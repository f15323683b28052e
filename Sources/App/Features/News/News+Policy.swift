import Foundation

/// Who writes the news: the municipality's coordinators (and platform administrators).
enum NewsPolicy {
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
