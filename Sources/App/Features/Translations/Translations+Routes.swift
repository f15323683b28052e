/// Every address of the content translations.
extension SiteURL {
    static let translationsAdmin = SiteURL("admin", ":kommun", "oversattningar")
    static let translationEdit = translationsAdmin.appending(":subject", ":item")
    static let languagesAdmin = translationsAdmin.appending("sprak")
}
