/// Every address of the rules feature.
extension SiteURL {
    static let rules = SiteURL(":kommun", "regler")
    static let rulesAdmin = SiteURL("admin", ":kommun", "regler")
    static let ruleRecords = rulesAdmin.appending("handelser")
    static let ruleRecordRemove = ruleRecords.appending(":record", "ta-bort")
}
