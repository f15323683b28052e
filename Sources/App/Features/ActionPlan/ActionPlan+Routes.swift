/// Every address of the action plan's administration.
extension SiteURL {
    static let actionPlanAdmin = SiteURL("admin", ":kommun", "handlingsplan")
    static let actionPlanPeriod = actionPlanAdmin.appending("period")
    static let actionPlanActivity = actionPlanAdmin.appending("aktiviteter", ":activity")
}
