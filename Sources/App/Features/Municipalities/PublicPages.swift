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
        let title: ShownText
        let subtitle: ShownText?
        /// The purpose in paragraphs (`FlowingText`), in the language `purposeLang`.
        let purpose: [String]?
        let purposeLang: String?
        let municipalityParty: String
        let civilSocietyParty: String
        let principles: [ShownText]
        let translationNote: String?
        let commitmentCount: Int
        let areaCount: Int
        let agreementURL: String
        let areasURL: String
        let validUntil: String?
    }

    static func query(db: any Database, municipality: Municipality, t: Translator) async throws -> Summary? {
        guard let agreement = try await Agreement.query(on: db)
            .filter(\.$municipality.$id == municipality.requireID()).filter(\.$status == .inForce)
            .with(\.$principles).with(\.$commitments).with(\.$developmentAreas).first() else { return nil }
        let texts = try await TranslatedTexts.load(.agreement, ids: [agreement.requireID()], language: t.locale, on: db)
        let title = texts.text(agreement.id, "title", agreement.title)
        let subtitle = texts.text(agreement.id, "subtitle", optional: agreement.subtitle)
        let purpose = texts.text(agreement.id, "purpose", optional: agreement.purpose)
        let principles = agreement.principles.sorted { $0.position < $1.position }.map { texts.text(agreement.id, "principles.\($0.key).name", $0.name) }
        return Summary(
            title: title, subtitle: subtitle, purpose: FlowingText.paragraphs(purpose?.text), purposeLang: purpose?.lang,
            municipalityParty: agreement.municipalityParty, civilSocietyParty: agreement.civilSocietyParty,
            principles: principles, translationNote: t.translationNote([title, subtitle, purpose] + principles),
            commitmentCount: agreement.commitments.count, areaCount: agreement.developmentAreas.count,
            agreementURL: SiteURL.agreement(municipality.slug), areasURL: SiteURL.developmentAreas(municipality.slug),
            validUntil: agreement.validUntil
        )
    }
}
