import Fluent
import SamverkanCore
import Vapor

/// `/`: the municipalities hosted here.
struct HomePage: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        let name: String
        let url: String
        let agreementTitle: String?
        let principleCount: Int
    }

    let chrome: Chrome
    let municipalities: [Entry]

    /// Two queries: the municipalities, and the principle count of each version in force.
    static func query(db: any Database) async throws -> [Entry] {
        let municipalities = try await Municipality.query(on: db).sort(\.$name).all()
        let inForce = try await Agreement.query(on: db).filter(\.$status == .inForce).with(\.$principles).all()
        let byMunicipality = Dictionary(inForce.map { ($0.$municipality.id, $0) }, uniquingKeysWith: { a, _ in a })
        return municipalities.map { m in
            let agreement = m.id.flatMap { byMunicipality[$0] }
            return Entry(name: m.name, url: SiteURL.municipality(m.slug), agreementTitle: agreement?.title,
                         principleCount: agreement?.principles.count ?? 0)
        }
    }
}

/// `/{kommun}`: the agreement in brief.
struct MunicipalityPage: Encodable, Sendable {
    let chrome: Chrome
    let name: String
    let agreement: Summary?
    /// What is happening: the next meetings, nil when none is planned.
    let upcoming: [MeetingSummary]?
    let meetingsURL: String

    struct Summary: Encodable, Sendable {
        let title: String
        let subtitle: String?
        let purpose: String?
        let municipalityParty: String
        let civilSocietyParty: String
        let principles: [String]
        let commitmentCount: Int
        let areaCount: Int
        let agreementURL: String
        let areasURL: String
        let validUntil: String?
    }

    static func query(db: any Database, municipality: Municipality) async throws -> Summary? {
        guard let agreement = try await Agreement.query(on: db)
            .filter(\.$municipality.$id == municipality.requireID()).filter(\.$status == .inForce)
            .with(\.$principles).with(\.$commitments).with(\.$developmentAreas).first() else { return nil }
        return Summary(
            title: agreement.title, subtitle: agreement.subtitle, purpose: agreement.purpose,
            municipalityParty: agreement.municipalityParty, civilSocietyParty: agreement.civilSocietyParty,
            principles: agreement.principles.sorted { $0.position < $1.position }.map(\.name),
            commitmentCount: agreement.commitments.count, areaCount: agreement.developmentAreas.count,
            agreementURL: SiteURL.agreement(municipality.slug), areasURL: SiteURL.developmentAreas(municipality.slug),
            validUntil: agreement.validUntil
        )
    }
}
