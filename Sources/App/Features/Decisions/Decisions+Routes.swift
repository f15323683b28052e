/// Every address of the decisions that affect the sector.
extension SiteURL {
    static let decisions = SiteURL(":kommun", "beslut")
    static let decisionPDF = decisions.appending(":decision", "pdf")
    static let decisionsAdmin = SiteURL("admin", ":kommun", "beslut")
    static let decisionNew = decisionsAdmin.appending("ny")
    static let decisionAdmin = decisionsAdmin.appending(":decision")
    static let decisionRemove = decisionAdmin.appending("ta-bort")
}
