/// Every address of one way in.
extension SiteURL {
    static let contact = SiteURL(":kommun", "kontakt")
    static let contactAdmin = SiteURL("admin", ":kommun", "kontakt")
    static let topics = contactAdmin.appending("amnen")
    static let topicNew = topics.appending("ny")
    static let topic = topics.appending(":topic")
    static let topicRemove = topic.appending("ta-bort")
    static let topicContacts = topic.appending("kontakter")
    static let topicContactNew = topicContacts.appending("ny")
    static let topicContact = topicContacts.appending(":contact")
    static let topicContactRemove = topicContact.appending("ta-bort")
}
