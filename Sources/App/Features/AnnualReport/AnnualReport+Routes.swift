/// Every address of the annual report.
extension SiteURL {
    static let annualReport = SiteURL(":kommun", "arsrapport", ":year")
    static let annualReportAdmin = SiteURL("admin", ":kommun", "arsrapport", ":year")
}
