import Foundation

/// Which admin areas a person reaches, as pure functions: the menu, the start page and the
/// route check make the same decision from the same `Access` value.
enum WorkspacePolicy {
    /// Whether `user` passes `access` for a page of the municipality `municipalityID` (pages that
    /// name an organisation, or a meeting it arranges, also need the person to represent it, which the route checks).
    static func may(_ access: Access, user: User, municipalityID: UUID?) -> Bool {
        switch access {
        case .anyone, .signedIn: true
        case .platformAdmin: user.role == .platformAdmin
        case .coordinator: user.isCoordinator(of: municipalityID)
        case .staff: user.isStaff(of: municipalityID)
        case .council: user.isStaff(of: municipalityID) || user.isCouncilMember(of: municipalityID)
        case .organisationMember, .arranger:
            user.isStaff(of: municipalityID) || (user.role == .representative && user.$municipality.id == municipalityID)
        }
    }
}
