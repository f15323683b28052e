import Foundation
import SamverkanCore

/// Who keeps the directory: the coordinator keeps the topics and every contact; an officer keeps
/// the contacts of the topics their own department answers for (the department their account names).
enum ContactPolicy {
    static func mayEditTopics(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }

    static func mayEditContacts(_ user: User?, of topic: Topic, department: Department?) -> Bool {
        guard let user else { return false }
        if user.isCoordinator(of: topic.$municipality.id) { return true }
        guard user.role == .officer, user.$municipality.id == topic.$municipality.id,
              let department, let own = user.department else { return false }
        return SearchText.fold(own).trimmingCharacters(in: .whitespaces) == SearchText.fold(department.name).trimmingCharacters(in: .whitespaces)
    }
}
