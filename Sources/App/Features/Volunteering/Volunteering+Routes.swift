import Vapor

/// Every address of volunteering; routes are registered from these and links built from them.
extension SiteURL {
    // Public: finding an assignment and offering to help.
    static let assignments = SiteURL(":kommun", "frivilliguppdrag")
    static let assignmentsFeed = SiteURL(":kommun", "frivilliguppdrag.atom")
    static let assignmentsCalendar = SiteURL(":kommun", "frivilliguppdrag.ics")
    static let assignment = assignments.appending(":assignment")
    static let assignmentOffer = assignment.appending("intresse")
    // The volunteer's own page, from the mailed link.
    static let offer = assignments.appending("mitt-intresse", ":token")
    static let offerConfirm = offer.appending("bekrafta")
    static let offerCorrect = offer.appending("andra")
    static let offerWithdraw = offer.appending("aterta")

    // The organisation's.
    static let organisationAssignments = SiteURL("admin", ":kommun", "foreningar", ":org", "frivilliguppdrag")
    static let organisationAssignmentNew = organisationAssignments.appending("ny")
    static let organisationAssignment = organisationAssignments.appending(":assignment")
    static let organisationAssignmentEdit = organisationAssignment.appending("andra")
    static let organisationAssignmentFilled = organisationAssignment.appending("tillsatt")
    static let organisationAssignmentWithdraw = organisationAssignment.appending("ta-bort")
    static let organisationInterestAnswer = organisationAssignment.appending("intressen", ":interest")

    // The coordinator's.
    static let volunteeringAdmin = SiteURL("admin", ":kommun", "frivilliguppdrag")
    static let volunteeringSettings = volunteeringAdmin.appending("installningar")
    static let assignmentReview = volunteeringAdmin.appending(":assignment")
    static let assignmentApprove = assignmentReview.appending("godkann")
    static let assignmentReturn = assignmentReview.appending("skicka-tillbaka")
}

/// Registers every controller of volunteering: one line in `routes.swift`.
struct VolunteeringRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: AssignmentsController())
        try routes.register(collection: OfferController())
        try routes.register(collection: OrganisationAssignmentsController())
        try routes.register(collection: VolunteeringAdminController())
    }
}
