/// Every address of one way in.
extension SiteURL {
    static let contact = SiteURL(":kommun", "kontakt")
    static let contactStatistics = contact.appending("statistik")
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

extension SiteURL {
    // The inquirer's
    static let ask = contact.appending("fraga")
    static let inquiryPage = contact.appending("arende", ":token")
    static let inquiryConfirm = inquiryPage.appending("bekrafta")
    static let inquiryMessage = inquiryPage.appending("skriv")
    static let inquiryReopen = inquiryPage.appending("oppna-igen")
    static let inquiryPageAttachment = inquiryPage.appending("bilaga", ":attachment")
    // The staff's
    static let inquiries = SiteURL("admin", ":kommun", "arenden")
    static let inquiry = inquiries.appending(":inquiry")
    static let inquiryTake = inquiry.appending("ta")
    static let inquiryNote = inquiry.appending("anteckning")
    static let inquiryAsk = inquiry.appending("fraga-mer")
    static let inquiryAnswer = inquiry.appending("svara")
    static let inquiryClose = inquiry.appending("avsluta")
    static let inquiryReassign = inquiry.appending("skicka-vidare")
    static let inquiryRegister = inquiry.appending("diarienummer")
    static let inquiryTouches = inquiry.appending("overenskommelsen")
    static let inquiryPrint = inquiry.appending("utskrift")
    static let inquiryAttachment = inquiry.appending("bilaga", ":attachment")
    static let inquiryToAgenda = inquiry.appending("till-samradet")
}
