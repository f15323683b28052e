/// Every address of the open data.
extension SiteURL {
    static let api = SiteURL("api", "v1")
    static let apiSpec = api.appending("openapi.json")
    static let apiDocs = api.appending("docs")
    static let apiAgreement = api.appending("municipalities", ":kommun", "agreement")
    static let apiAgreementVersion = apiAgreement.appending("versions", ":version")
    static let openData = SiteURL(":kommun", "oppna-data")
    static let dataCatalogue = openData.appending("katalog")
    static let dataCatalogueTurtle = openData.appending("katalog.ttl")
    static let dataCatalogueJSONLD = openData.appending("katalog.jsonld")
}
