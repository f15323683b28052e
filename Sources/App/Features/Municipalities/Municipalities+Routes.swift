/// The home page, a municipality's page and the administration's entry points.
extension SiteURL {
    static let home = SiteURL()
    static let municipality = SiteURL(":kommun")
    static let admin = SiteURL("admin")
    static let adminMunicipality = admin.appending(":kommun")
    static let adminRevision = adminMunicipality.appending("revision")
}

/// The platform administrator's list of tenants, where new municipalities and regions are created.
extension SiteURL {
    static let municipalitiesAdmin = admin.appending("kommuner")
}
