/// Every address of the agreement: its public pages and the coordinator's editor of a version.
extension SiteURL {
    // Public
    static let agreement = SiteURL(":kommun", "overenskommelse")
    static let agreementVersion = agreement.appending("version", ":version")
    static let developmentAreas = SiteURL(":kommun", "utvecklingsomraden")

    // The editor of one version
    static let adminVersion = SiteURL("admin", ":kommun", "version", ":version")
    static let versionPublish = adminVersion.appending("publicera")
    static let versionDiscard = adminVersion.appending("kasta")
    static let versionMetadata = adminVersion.appending("uppgifter")
    static let principles = adminVersion.appending("principer")
    static let principleNew = principles.appending("ny")
    static let principle = principles.appending(":item")
    static let principleMove = principle.appending("flytta")
    static let principleRemove = principle.appending("ta-bort")
    static let commitments = adminVersion.appending("ataganden")
    static let commitmentNew = commitments.appending("ny")
    static let commitment = commitments.appending(":item")
    static let commitmentRemove = commitment.appending("ta-bort")
    static let areas = adminVersion.appending("omraden")
    static let areaNew = areas.appending("ny")
    static let area = areas.appending(":item")
    static let areaRemove = area.appending("ta-bort")
    static let activityNew = area.appending("aktiviteter", "ny")
    static let activity = area.appending("aktiviteter", ":activity")
    static let activityRemove = activity.appending("ta-bort")
}

extension SiteURL {
    /// The public change log and comparison of versions; the editor's comparison of a draft.
    static let agreementChanges = agreement.appending("andringar")
    static let versionCompare = adminVersion.appending("jamfor")
}
