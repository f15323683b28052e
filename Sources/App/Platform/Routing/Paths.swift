import Vapor

/// What the platform needs to know about addresses as a whole. Each address itself is a `SiteURL`
/// value declared by its feature (`<Feature>+Routes.swift`). Public paths are part of the product
/// (see DESIGN.md) and must stay stable.
enum Paths {
    /// Reached from an e-mail client's one-click unsubscribe (RFC 8058), which sends no CSRF token;
    /// the token in the path is the authority.
    static func isOneClickUnsubscribe(_ path: String) -> Bool {
        SiteURL.unsubscribe.matches(path)
    }

    /// First path segments the app uses itself; no municipality may take them as its slug.
    static let reservedSlugs: Set<String> = ["admin", "logga-in", "logga-ut", "css", "favicon.svg", "api", "static",
                                             "verifiera", "inbjudan", "glomt-losenord", "nytt-losenord", "skicka-bekraftelse",
                                             "konto", "bekrafta-ny-adress", "aktivera-konto", "healthz", "readyz"]

    /// Paths that take file uploads, and so a larger body: an application with its board's
    /// protocol, and a meeting's minutes.
    static func isUpload(_ path: String) -> Bool {
        SiteURL.apply.matches(path) || SiteURL.meetingMinutes.matches(path) || SiteURL.ask.matches(path)
            || SiteURL.newsAdmin.matches(path) || SiteURL.articleAdmin.matches(path)
            || SiteURL.decisionsAdmin.matches(path) || SiteURL.decisionAdmin.matches(path)
            || SiteURL.partnershipsAdmin.matches(path) || SiteURL.partnershipAdmin.matches(path)
    }

    // MARK: Assets
    static let stylesheet = "/css/samverkan.css"
}
