import Fluent
import SamverkanCore
import SQLKit
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

    /// One query: each municipality with the title and principle count of its version in force.
    /// Plain rows: Fluent's eager loading of the principles compared every principle with every
    /// agreement, which took 0.4 s with 290 municipalities.
    static func query(db: any Database) async throws -> [Entry] {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        struct Row: Decodable { let name: String; let slug: String; let title: String?; let principles: Int }
        return try await sql.raw("""
            SELECT m.name, m.slug, a.title, CAST(COALESCE(p.n, 0) AS BIGINT) AS principles
            FROM municipalities m LEFT JOIN agreements a ON a.municipality_id = m.id AND a.status = 'inForce'
            LEFT JOIN (SELECT agreement_id, COUNT(*) AS n FROM principles GROUP BY agreement_id) p ON p.agreement_id = a.id
            ORDER BY m.name, m.slug
            """).all(decoding: Row.self).map { row in
            Entry(name: row.name, url: SiteURL.municipality(row.slug), agreementTitle: row.title, principleCount: row.principles)
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
        /// The purpose in paragraphs (`FlowingText`).
        let purpose: [String]?
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
            title: agreement.title, subtitle: agreement.subtitle, purpose: FlowingText.paragraphs(agreement.purpose),
            municipalityParty: agreement.municipalityParty, civilSocietyParty: agreement.civilSocietyParty,
            principles: agreement.principles.sorted { $0.position < $1.position }.map(\.name),
            commitmentCount: agreement.commitments.count, areaCount: agreement.developmentAreas.count,
            agreementURL: SiteURL.agreement(municipality.slug), areasURL: SiteURL.developmentAreas(municipality.slug),
            validUntil: agreement.validUntil
        )
    }
}
