import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/undertecknare`: who has signed the agreement, and each signatory's certificate.
struct SignatoriesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.signatories, access: .anyone, use: list)
        routes.on(.GET, SiteURL.certificate, access: .anyone, use: certificate)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let name: String; let url: String; let joined: String; let method: String
            let confirmedCurrent: String?; let certificateURL: String
        }
        struct Option: Encodable { let value: String; let label: String; let selected: Bool }
        let chrome: Chrome
        let agreementTitle: String?
        let inForceVersion: Int?
        let rows: [Row]
        let total: Int
        let query: String
        let methods: [Option]
        let years: [Option]
        let hasRows: Bool
        let showConfirmation: Bool
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let q = (try? req.query.get(String.self, at: "q"))?.trimmingCharacters(in: .whitespaces) ?? ""
        let method = (try? req.query.get(String.self, at: "metod")).flatMap(Accession.Method.init(rawValue:))
        let year = (try? req.query.get(String.self, at: "ar")).flatMap { Int($0) }
        let inForce = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first()
        // Plain rows with the shown columns: decoding hundreds of Fluent models (accessions and their
        // organisations) took most of this page's time in a municipality of 170 signatories.
        guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
        struct Signed: Decodable {
            let id: UUID; let organisation_id: UUID; let agreement_id: UUID; let method: String; let signed_on: String?
            let name: String; let search_text: String; let confirmed: Int
        }
        let signed = try await sql.raw("""
            SELECT a.id, a.organisation_id, a.agreement_id, a.method, a.signed_on, o.name, o.search_text,
                   CAST(CASE WHEN EXISTS (SELECT 1 FROM version_confirmations v WHERE v.organisation_id = a.organisation_id
                        AND v.agreement_id = \(bind: inForce?.id ?? UUID())) THEN 1 ELSE 0 END AS BIGINT) AS confirmed
            FROM accessions a JOIN organisations o ON o.id = a.organisation_id
            WHERE a.municipality_id = \(bind: m.requireID()) AND a.status = 'signed'
            """).all(decoding: Signed.self)
        let folded = SearchText.fold(q)
        let shown = signed.filter { a in
            (folded.isEmpty || a.search_text.contains(folded))
                && (method == nil || a.method == method?.rawValue)
                && (year == nil || a.signed_on?.hasPrefix(String(year!)) == true)
        }.sorted { ($0.signed_on ?? "", $0.name) < ($1.signed_on ?? "", $1.name) }
        let years = Set(signed.compactMap { $0.signed_on.map { String($0.prefix(4)) } }).sorted()
        let t = req.translator
        let page = Page(
            chrome: req.chrome(title: t("signatories.title", m.name), municipality: m),
            agreementTitle: inForce?.title, inForceVersion: inForce?.version,
            rows: shown.map { a in
                let current = inForce.map { a.agreement_id == $0.id || a.confirmed == 1 } ?? true
                return Page.Row(name: a.name, url: SiteURL.organisation(m.slug, a.organisation_id),
                                joined: a.signed_on ?? "", method: t("accession.method.\(a.method)"),
                                confirmedCurrent: current ? t("signatories.confirmed") : t("signatories.notConfirmed"),
                                certificateURL: SiteURL.certificate(m.slug, a.id))
            },
            total: signed.count, query: q,
            methods: [Page.Option(value: "", label: t("signatories.allMethods"), selected: method == nil)]
                + Accession.Method.allCases.map { .init(value: $0.rawValue, label: t("accession.method.\($0.rawValue)"), selected: $0 == method) },
            years: [Page.Option(value: "", label: t("signatories.allYears"), selected: year == nil)]
                + years.map { .init(value: $0, label: $0, selected: $0 == year.map(String.init)) },
            hasRows: !shown.isEmpty,
            showConfirmation: signed.contains { $0.agreement_id != inForce?.id })
        return try await req.view.render("joining/signatories", page)
    }

    struct CertificatePage: Encodable {
        let chrome: Chrome
        let organisation: String
        let orgNumber: String?
        let municipality: String
        let agreementTitle: String
        let version: Int
        let signedOn: String
        let organisationSignature: String?
        let municipalitySignature: String?
        let eventTitle: String?
        let municipalityParty: String
        let civilSocietyParty: String
    }

    @Sendable func certificate(req: Request) async throws -> View {
        let m = try await req.municipality()
        let a = try await req.find(Accession.self, "accession", in: m) {
            $0.filter(\.$status == .signed).with(\.$organisation).with(\.$agreement)
        }
        let event = try await a.$signingEvent.get(on: req.db)
        func signature(_ name: String?, _ role: String?, _ date: String?) -> String? {
            guard let date else { return nil }
            return [name, role, date].compactMap { $0 }.joined(separator: ", ")
        }
        return try await req.view.render("joining/certificate", CertificatePage(
            chrome: req.chrome(title: req.t("certificate.title", a.organisation.name)), organisation: a.organisation.name,
            orgNumber: a.organisation.orgNumber, municipality: m.name, agreementTitle: a.agreement.title,
            version: a.agreement.version, signedOn: a.signedOn ?? "",
            organisationSignature: signature(a.organisationSignatoryName, a.organisationSignatoryRole, a.organisationSignedOn),
            municipalitySignature: signature(a.municipalitySignatoryName, a.municipalitySignatoryRole, a.municipalitySignedOn),
            eventTitle: event?.title, municipalityParty: a.agreement.municipalityParty,
            civilSocietyParty: a.agreement.civilSocietyParty))
    }
}
