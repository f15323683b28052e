import Fluent
import SamverkanCore
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
        let signed = try await Accession.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .signed).with(\.$organisation).all()
        let confirmed = Set(try await VersionConfirmation.query(on: req.db)
            .filter(\.$agreement.$id == (inForce?.id ?? UUID())).all().map { $0.$organisation.id })
        let folded = SearchText.fold(q)
        let shown = signed.filter { a in
            (folded.isEmpty || a.organisation.searchText.contains(folded))
                && (method == nil || a.method == method)
                && (year == nil || a.signedOn?.hasPrefix(String(year!)) == true)
        }.sorted { ($0.signedOn ?? "", $0.organisation.name) < ($1.signedOn ?? "", $1.organisation.name) }
        let years = Set(signed.compactMap { $0.signedOn.map { String($0.prefix(4)) } }).sorted()
        let t = req.translator
        let page = Page(
            chrome: req.chrome(title: t("signatories.title", m.name), municipality: m),
            agreementTitle: inForce?.title, inForceVersion: inForce?.version,
            rows: shown.map { a in
                let current = inForce.map { a.$agreement.id == $0.id || confirmed.contains(a.$organisation.id) } ?? true
                return Page.Row(name: a.organisation.name, url: SiteURL.organisation(m.slug, a.$organisation.id),
                                joined: a.signedOn ?? "", method: t("accession.method.\(a.method.rawValue)"),
                                confirmedCurrent: current ? t("signatories.confirmed") : t("signatories.notConfirmed"),
                                certificateURL: SiteURL.certificate(m.slug, a.id!))
            },
            total: signed.count, query: q,
            methods: [Page.Option(value: "", label: t("signatories.allMethods"), selected: method == nil)]
                + Accession.Method.allCases.map { .init(value: $0.rawValue, label: t("accession.method.\($0.rawValue)"), selected: $0 == method) },
            years: [Page.Option(value: "", label: t("signatories.allYears"), selected: year == nil)]
                + years.map { .init(value: $0, label: $0, selected: $0 == year.map(String.init)) },
            hasRows: !shown.isEmpty,
            showConfirmation: signed.contains { $0.$agreement.id != inForce?.id })
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
