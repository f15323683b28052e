/// Every address of the yearly follow-up.
extension SiteURL {
    // Public
    static let followUpIndex = SiteURL(":kommun", "uppfoljning")
    static let followUpReport = followUpIndex.appending(":year")
    static let followUpAnswersCSV = followUpReport.appending("svar.csv")
    static let followUpAggregatesCSV = followUpReport.appending("aggregat.csv")
    static let departmentQuestionnaire = followUpIndex.appending("svar", ":token")
    static let organisationQuestionnaire = SiteURL("admin", ":kommun", "foreningar", ":org", "uppfoljning", ":year")

    // Administration
    static let followUpAdmin = SiteURL("admin", ":kommun", "uppfoljning")
    static let departments = followUpAdmin.appending("forvaltningar")
    static let departmentRemove = departments.appending(":department", "ta-bort")
    static let followUpRound = followUpAdmin.appending(":year")
    static let followUpQuestions = followUpRound.appending("fragor")
    static let followUpQuestionRemove = followUpQuestions.appending(":question", "ta-bort")
    static let followUpComment = followUpRound.appending("kommentarer", ":answer")
    static let followUpLinks = followUpRound.appending("kopplingar")
    static let followUpOpen = followUpRound.appending("oppna")
    static let followUpRemind = followUpRound.appending("paminn")
    static let followUpReopen = followUpRound.appending("svar", ":response", "oppna-igen")
    static let followUpClose = followUpRound.appending("stang")
    static let followUpPublish = followUpRound.appending("publicera")
}
