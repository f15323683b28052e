/// Every address of joining the agreement: applying, signing, the signatories and the review.
extension SiteURL {
    // Public
    static let signatories = SiteURL(":kommun", "undertecknare")
    static let signatoriesCSV = SiteURL(":kommun", "undertecknare.csv")
    static let certificate = signatories.appending(":accession", "intyg")

    // The organisation's side
    static let apply = organisationAdmin.appending("ansok")
    static let withdraw = organisationAdmin.appending("uttrad")
    static let confirmVersion = organisationAdmin.appending("bekrafta-version")
    static let protocolFile = organisationAdmin.appending("protokoll", ":file")
    static let accessionSign = organisationAdmin.appending("anslutning", ":accession", "underteckna")
    static let accessionReply = organisationAdmin.appending("anslutning", ":accession", "svar")

    // The coordinator's review
    static let accessions = SiteURL("admin", ":kommun", "anslutningar")
    static let accession = accessions.appending(":accession")
    static let accessionApprove = accession.appending("godkann")
    static let accessionDecline = accession.appending("avsla")
    static let accessionComplete = accession.appending("komplettera")
    static let accessionSignOnPaper = accession.appending("underteckna")
    static let signingEvent = SiteURL("admin", ":kommun", "undertecknande")
}
