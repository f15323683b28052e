/// Every address of the rules feature.
extension SiteURL {
    static let rules = SiteURL(":kommun", "regler")
    static let rulesAdmin = SiteURL("admin", ":kommun", "regler")
    static let ruleRecords = rulesAdmin.appending("handelser")
    static let ruleRecordRemove = ruleRecords.appending(":record", "ta-bort")
    static let rulesJudgedFrom = rulesAdmin.appending("bedoms-fran")

    // The rules of a draft version, in the version's editor
    static let versionRules = adminVersion.appending("regler")
    static let versionRuleNew = versionRules.appending("ny")
    static let versionRuleNewOfType = versionRuleNew.appending(":typ")
    static let versionRule = versionRules.appending(":item")
    static let versionRuleRemove = versionRule.appending("ta-bort")
}
