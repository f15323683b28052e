/// Every address of the trainings feature; routes are registered from these and links built from them.
extension SiteURL {
    // Public: the certificate a participant opens from the mailed link.
    static let trainingCertificate = meetings.appending("intyg", ":token")

    // An organisation invites to a training of its own.
    static let organisationTrainings = SiteURL("admin", ":kommun", "foreningar", ":org", "utbildningar")
    static let organisationTrainingNew = organisationTrainings.appending("ny")

    // Whoever runs the training (its arranger, or the staff).
    static let meetingCertificates = meetingAdmin.appending("intyg")
    static let meetingCertificate = meetingCertificates.appending(":registration")
}
