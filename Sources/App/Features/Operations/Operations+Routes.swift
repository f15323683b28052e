/// The addresses for operating the server.
extension SiteURL {
    static let healthz = SiteURL("healthz")
    static let readyz = SiteURL("readyz")
    static let metrics = SiteURL("metrics")
}
