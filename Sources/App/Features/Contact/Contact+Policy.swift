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
        guard user.role == .officer, user.$municipality.id == topic.$municipality.id else { return false }
        return InquiryPolicy.isOfficer(user, of: department)
    }
}

/// Who handles an inquiry: the coordinator, every officer of the department whose queue it is
/// in, and the officer it is assigned to.
enum InquiryPolicy {
    static func mayHandle(_ user: User?, _ inquiry: Inquiry, department: Department?) -> Bool {
        guard let user else { return false }
        if user.isCoordinator(of: inquiry.$municipality.id) { return true }
        guard user.role == .officer, user.$municipality.id == inquiry.$municipality.id else { return false }
        if let id = user.id, inquiry.$assignee.id == id { return true }
        return isOfficer(user, of: department)
    }

    /// Whether the officer's account names this department.
    static func isOfficer(_ user: User, of department: Department?) -> Bool {
        guard let department, let own = user.department else { return false }
        return SearchText.fold(own) == SearchText.fold(department.name)
    }

    /// An inquirer may reopen an answer within thirty days of it.
    static let reopenSeconds = 30 * 86_400
}
