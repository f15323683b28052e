/// Every address of the forms of support.
extension SiteURL {
    static let support = SiteURL(":kommun", "stod")
    static let supportForm = support.appending(":form")
    static let supportAdmin = SiteURL("admin", ":kommun", "stod")
    static let supportNew = supportAdmin.appending("ny")
    static let supportFormAdmin = supportAdmin.appending(":form")
    static let supportFormRemove = supportFormAdmin.appending("ta-bort")
    static let supportRules = supportFormAdmin.appending("regler")
}
