/// The addresses of the trust pages: the accessibility statement, the notice on personal data,
/// and the coordinator's editor for them and the municipality's contact details.
extension SiteURL {
    static let accessibility = SiteURL(":kommun", "tillganglighet")
    static let privacy = SiteURL(":kommun", "personuppgifter")
    static let trustAdmin = SiteURL("admin", ":kommun", "webbplatsen")
    /// The municipality's colour as a stylesheet (the pages allow no inline style).
    static let accentStylesheet = SiteURL(":kommun", "farg.css")
}

/// The municipality's logo: served to anyone, kept by the coordinator.
extension SiteURL {
    static let logo = SiteURL(":kommun", "logotyp")
    static let logoAdmin = SiteURL("admin", ":kommun", "webbplatsen", "logotyp")
    static let logoRemove = SiteURL("admin", ":kommun", "webbplatsen", "logotyp", "ta-bort")
}
