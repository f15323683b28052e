import Foundation

/// Who keeps the partnership register: the municipality's coordinators (and platform
/// administrators). The public sees an entry only when the coordinator has made it public, and
/// its contribution only when that is public too.
enum PartnershipPolicy {
    static func mayEdit(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
