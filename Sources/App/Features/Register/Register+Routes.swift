/// Every address of the register: the public catalogue, registering, an organisation's own pages
/// and the coordinator's register.
extension SiteURL {
    // Public
    static let catalogue = SiteURL(":kommun", "foreningar")
    static let organisation = catalogue.appending(":org")
    static let register = catalogue.appending("registrera")
    static let verify = SiteURL("verifiera", ":token")
    static let invitation = SiteURL("inbjudan", ":token")

    // An organisation's own pages, for its representatives and the municipality's staff
    static let organisationAdmin = SiteURL("admin", ":kommun", "foreningar", ":org")
    static let organisationDetails = organisationAdmin.appending("uppgifter")
    static let organisationConfirm = organisationAdmin.appending("bekrafta")
    static let organisationApprove = organisationAdmin.appending("godkann")
    static let organisationMerge = organisationAdmin.appending("sammanfoga")
    static let organisationRepresentatives = organisationAdmin.appending("foretradare")
    static let contactNew = organisationAdmin.appending("kontakter", "ny")
    static let contactRemove = organisationAdmin.appending("kontakter", ":contact", "ta-bort")

    // The coordinator's register
    static let registerAdmin = SiteURL("admin", ":kommun", "foreningar")
    static let registerReminders = registerAdmin.appending("paminnelser")
    static let registerCSV = registerAdmin.appending("registret.csv")
    static let activityAreasAdmin = SiteURL("admin", ":kommun", "verksamhetsomraden")
    static let activityAreaRemove = activityAreasAdmin.appending(":area", "ta-bort")
    static let districtsAdmin = activityAreasAdmin.appending("kommundelar")
}
