/// The home page, a municipality's page and the administration's entry points.
extension SiteURL {
    static let home = SiteURL()
    static let municipality = SiteURL(":kommun")
    static let admin = SiteURL("admin")
    static let adminMunicipality = admin.appending(":kommun")
    static let adminRevision = adminMunicipality.appending("revision")
}
