/// Every address of the partnership register.
extension SiteURL {
    static let partnerships = SiteURL(":kommun", "partnerskap")
    static let partnershipsCSV = SiteURL(":kommun", "partnerskap.csv")
    static let partnershipDocument = partnerships.appending(":partnership", "dokument")
    static let partnershipsAdmin = SiteURL("admin", ":kommun", "partnerskap")
    static let partnershipNew = partnershipsAdmin.appending("ny")
    static let partnershipAdmin = partnershipsAdmin.appending(":partnership")
    static let partnershipRemove = partnershipAdmin.appending("ta-bort")
    static let partnershipAdminDocument = partnershipAdmin.appending("dokument")
}
