/// Every address of the newsletters feature; routes are registered from these and links built from them.
extension SiteURL {
    // Public: subscribing (double opt-in) and the archive of sent issues.
    static let newsletter = SiteURL(":kommun", "nyhetsbrev")
    static let newsletterConfirm = newsletter.appending("bekrafta", ":token")
    static let newsletterIssue = newsletter.appending(":issue")

    // The coordinator's.
    static let newsletterAdmin = SiteURL("admin", ":kommun", "nyhetsbrev")
    static let newsletterNew = newsletterAdmin.appending("ny")
    static let newsletterIssueAdmin = newsletterAdmin.appending(":issue")
    static let newsletterSend = newsletterIssueAdmin.appending("skicka")
    static let newsletterRemove = newsletterIssueAdmin.appending("ta-bort")
}

/// Only the coordinator writes and sends the newsletter.
enum NewsletterPolicy {
    static func mayEdit(_ issue: NewsletterIssue) -> Bool { issue.status == .draft }
}
