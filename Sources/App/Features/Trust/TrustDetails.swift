import Fluent
import Foundation

/// A municipality's contact and statements as shown: what the coordinator wrote, or else the
/// agreement's contact and the catalogue's default texts.
struct TrustDetails: Sendable {
    struct Contact: Encodable, Sendable {
        let name: String?
        let email: String?
        let phone: String?
        let address: [String]?
    }

    let contact: Contact
    let controller: String
    let accessibility: [String]
    let reviewedOn: String?
    let privacy: [String]
    let usesDefaultAccessibility: Bool
    let usesDefaultPrivacy: Bool

    /// One query at most (the agreement in force, for its contact, when the municipality has none).
    static func load(_ m: Municipality, on db: any Database, t: Translator, config: AppConfig) async throws -> TrustDetails {
        var name = m.contactName, email = m.contactEmail
        if name == nil && email == nil,
           let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .inForce).first() {
            name = agreement.contactName
            email = agreement.contactEmail
        }
        let contact = Contact(name: name, email: email, phone: m.contactPhone,
                              address: m.contactAddress.map { $0.split(whereSeparator: \.isNewline).map(String.init) })
        let controller = m.dataController ?? m.name
        return TrustDetails(
            contact: contact, controller: controller,
            accessibility: FlowingText.paragraphs(m.accessibilityStatement) ?? defaultAccessibility(m, t: t),
            reviewedOn: m.accessibilityReviewedOn,
            privacy: FlowingText.paragraphs(m.privacyNotice) ?? defaultPrivacy(m, controller: controller, t: t, config: config),
            usesDefaultAccessibility: m.accessibilityStatement == nil, usesDefaultPrivacy: m.privacyNotice == nil)
    }

    static func defaultAccessibility(_ m: Municipality, t: Translator) -> [String] {
        FlowingText.paragraphs(t("trust.accessibility.default", m.name)) ?? []
    }

    static func defaultPrivacy(_ m: Municipality, controller: String, t: Translator, config: AppConfig) -> [String] {
        FlowingText.paragraphs(t("trust.privacy.default", controller, String(config.registrationConfirmHours))) ?? []
    }
}
