/// Every address of the council feature.
extension SiteURL {
    static let council = SiteURL(":kommun", "samrad")
    static let councilAdmin = SiteURL("admin", ":kommun", "samrad")
    static let councilMembers = councilAdmin.appending("ledamoter")
    static let councilMemberNew = councilMembers.appending("ny")
    static let councilMember = councilMembers.appending(":member")
    static let councilMemberRemove = councilMember.appending("ta-bort")
    /// What the council's members read before and after their meetings.
    static let councilMaterial = councilAdmin.appending("material")
}
