/// The addresses of the mail pages: unsubscribing from a municipality's invitations, and the outbox.
extension SiteURL {
    static let unsubscribe = SiteURL(":kommun", "avregistrera", ":token")
    static let unsubscribeUndo = unsubscribe.appending("igen")
}

extension SiteURL {
    static let outbox = SiteURL("admin", ":kommun", "utgaende-post")
    static let outboxRetry = outbox.appending(":message", "forsok-igen")
}
