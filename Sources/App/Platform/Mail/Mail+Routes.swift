/// The addresses of the mail pages: unsubscribing from a municipality's invitations, and the outbox.
extension SiteURL {
    static let unsubscribe = SiteURL(":kommun", "avregistrera", ":token")
    static let unsubscribeUndo = unsubscribe.appending("igen")
}
