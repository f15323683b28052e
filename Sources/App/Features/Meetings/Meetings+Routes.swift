/// Every address of the meetings feature; routes are registered from these and links built from them.
extension SiteURL {
    // Public
    static let meetings = SiteURL(":kommun", "moten")
    static let meetingsFeed = SiteURL(":kommun", "moten.ics")
    static let meeting = meetings.appending(":meeting")
    static let meetingCalendar = meeting.appending("kalender.ics")
    static let meetingMinutesFile = meeting.appending("protokoll.pdf")
    static let meetingRegister = meeting.appending("anmalan")
    static let meetingRegistrationCancel = meeting.appending("anmalningar", ":registration", "avboka")
    static let registrationCancel = meetings.appending("avbokning", ":token")
    static let registrationConfirm = meetings.appending("bekrafta", ":token")

    // Administration
    static let meetingsAdmin = SiteURL("admin", ":kommun", "moten")
    static let meetingNew = meetingsAdmin.appending("ny")
    static let meetingKinds = meetingsAdmin.appending("typer")
    static let meetingKindRemove = meetingKinds.appending(":kind", "ta-bort")
    static let meetingAdmin = meetingsAdmin.appending(":meeting")
    static let meetingEdit = meetingAdmin.appending("andra")
    static let meetingCancel = meetingAdmin.appending("stall-in")
    static let meetingInvite = meetingAdmin.appending("bjud-in")
    static let meetingDelete = meetingAdmin.appending("ta-bort")
    static let meetingParticipantsCSV = meetingAdmin.appending("deltagare.csv")
    static let meetingAttendanceList = meetingAdmin.appending("narvarolista")
    static let meetingAttendance = meetingAdmin.appending("narvaro")
    static let meetingMinutes = meetingAdmin.appending("protokoll")
}
