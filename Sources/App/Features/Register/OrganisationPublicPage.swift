import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// `/{kommun}/foreningar/{id}`: one organisation, with nothing personal on it.
struct OrganisationPublicPage: Encodable, Sendable {
    let chrome: Chrome
    let name: String
    let legalForm: String
    let orgNumber: String?
    let areas: String?
    let description: String?
    let website: String?
    let email: String?
    let phone: String?
    let district: String?
    let languages: String?
    let memberCount: Int?
    let confirmedOn: String?
    let signedOn: String?
    let catalogueURL: String
    /// Its public partnerships with the municipality.
    let partnerships: [PartnershipsController.Row]?

    static func query(db: any Database, organisation o: Organisation, t: Translator, chrome: Chrome) async throws -> OrganisationPublicPage {
        let areas = try await o.$areas.query(on: db).sort(\.$position).all().map(\.name)
        let signed = try await Accession.query(on: db).filter(\.$organisation.$id == o.requireID())
            .filter(\.$status == .signed).sort(\.$signedOn).first()
        let municipality = try await o.$municipality.get(on: db)
        let partnerships = PartnershipsController.rows(try await PartnershipsController.load(db, municipality, publicOnly: true, organisation: o.requireID()),
                                                       municipality, t: t)
        return OrganisationPublicPage(
            chrome: chrome, name: o.name, legalForm: t("legalForm.\(o.legalForm.rawValue)"), orgNumber: o.orgNumber,
            areas: areas.isEmpty ? nil : areas.joined(separator: ", "), description: o.description, website: o.website,
            email: o.email, phone: o.phone, district: o.district, languages: o.languages, memberCount: o.memberCount,
            confirmedOn: o.confirmedAt.map(DayFormat.string), signedOn: signed?.signedOn,
            catalogueURL: SiteURL.catalogue(municipality.slug), partnerships: partnerships.isEmpty ? nil : partnerships)
    }
}
