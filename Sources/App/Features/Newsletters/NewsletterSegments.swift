import Fluent
import SamverkanCore
import Vapor

/// Who an issue goes to, computed from the register, the accessions, the council and the
/// subscriptions at the moment of sending.
enum NewsletterSegment: String, CaseIterable, Codable, Sendable {
    /// The representatives of every approved organisation.
    case organisations
    /// The representatives of the organisations that have signed the agreement.
    case signatories
    /// The representatives of organisations that applied to join and have not signed yet.
    case applicants
    /// The council's sitting members with an address.
    case council
    /// The representatives of approved organisations active in one activity area.
    case area
    /// Residents who subscribed and confirmed their address.
    case residents
}

struct NewsletterRecipient: Equatable, Sendable {
    let email: String
    let language: String
}

enum NewsletterSegments {
    /// The recipients of a segment, each address once (lower-cased, sorted), without the addresses
    /// that unsubscribed from the municipality's mail or that a server refused for good.
    static func recipients(_ segment: NewsletterSegment, area: UUID?, in m: Municipality, on db: any Database,
                           today: String) async throws -> [NewsletterRecipient] {
        let mid = try m.requireID()
        var found: [NewsletterRecipient] = []
        func representatives(_ adjust: (QueryBuilder<User>) -> Void) async throws {
            let query = User.query(on: db)
                .join(OrganisationRepresentative.self, on: \User.$id == \OrganisationRepresentative.$user.$id)
                .join(Organisation.self, on: \OrganisationRepresentative.$organisation.$id == \Organisation.$id)
                .filter(Organisation.self, \.$municipality.$id == mid)
                .filter(\.$emailVerifiedAt != nil).filter(\.$deactivatedAt == nil)
            adjust(query)
            found += try await query.all().map { NewsletterRecipient(email: $0.email, language: Language.default.rawValue) }
        }
        switch segment {
        case .organisations:
            try await representatives { $0.filter(Organisation.self, \.$status == .approved) }
        case .signatories:
            try await representatives { $0.filter(Organisation.self, \.$status == .approved).filter(Organisation.self, \.$signatorySince != nil) }
        case .applicants:
            let waiting = try await Accession.query(on: db).filter(\.$municipality.$id == mid)
                .filter(\.$status ~~ [.submitted, .moreInfoRequested, .approved]).all().map(\.$organisation.id)
            guard !waiting.isEmpty else { break }
            try await representatives { $0.filter(Organisation.self, \.$id ~~ waiting).filter(Organisation.self, \.$signatorySince == nil) }
        case .council:
            if let council = try await Council.query(on: db).filter(\.$municipality.$id == mid).first() {
                found += try await CouncilMember.query(on: db).filter(\.$council.$id == council.requireID()).all()
                    .filter { $0.sits(on: today) }.compactMap(\.email)
                    .map { NewsletterRecipient(email: $0, language: Language.default.rawValue) }
            }
        case .area:
            guard let area else { break }
            try await representatives {
                $0.filter(Organisation.self, \.$status == .approved)
                    .join(OrganisationActivityArea.self, on: \Organisation.$id == \OrganisationActivityArea.$organisation.$id)
                    .filter(OrganisationActivityArea.self, \.$area.$id == area)
            }
        case .residents:
            found += try await NewsletterSubscriber.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .confirmed).all()
                .map { NewsletterRecipient(email: $0.email, language: $0.language) }
        }
        let optedOut = Set(try await MailOptOut.query(on: db).filter(\.$municipality.$id == mid).filter(\.$optedOutAt != nil).all().map(\.email))
        let refused = Set(try await UndeliverableAddress.query(on: db).all().map(\.email))
        var seen = Set<String>()
        return found.map { NewsletterRecipient(email: User.normalise(email: $0.email), language: $0.language) }
            .filter { !optedOut.contains($0.email) && !refused.contains($0.email) && seen.insert($0.email).inserted }
            .sorted { $0.email < $1.email }
    }
}
