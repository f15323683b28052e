import Foundation

/// Who translates the municipality's content and chooses its languages: its coordinators (and
/// platform administrators).
enum TranslationPolicy {
    static func mayTranslate(_ user: User?, municipalityID: UUID?) -> Bool {
        user?.isCoordinator(of: municipalityID) ?? false
    }
}
