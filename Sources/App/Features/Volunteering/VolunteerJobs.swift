import Fluent
import SamverkanCore
import Vapor

/// The two jobs of volunteering: reminding an organisation of offers it has not answered in
/// seven days, and removing volunteers' details a set time after their assignment ended.
extension Volunteering {
    // MARK: Reminders

    /// Reminds the organisation's representatives of each offer open for more than seven days,
    /// once per offer whichever server runs the job (the reminder's row is unique). After
    /// fourteen days the coordinator's page lists it.
    @discardableResult
    static func remind(app: Application, now: Int) async throws -> Int {
        let limit = now - VolunteerPolicy.answerDays * 86_400
        let late = try await VolunteerInterest.query(on: app.db).filter(\.$status == .open).filter(\.$confirmedAt < limit)
            .filter(\.$erasedAt == nil).all()
        guard !late.isEmpty else { return 0 }
        let sent = Set(try await VolunteerReminder.query(on: app.db).filter(\.$interest.$id ~~ late.compactMap(\.id)).filter(\.$key == "week").all()
            .map(\.$interest.id))
        let assignments = try await VolunteerAssignment.query(on: app.db).filter(\.$id ~~ Set(late.map(\.$assignment.id))).with(\.$organisation).all()
        let municipalities = try await Municipality.query(on: app.db).filter(\.$id ~~ Set(assignments.map(\.$municipality.id))).all()
        var count = 0
        for interest in late where !sent.contains(interest.id!) {
            guard let a = assignments.first(where: { $0.id == interest.$assignment.id }),
                  let m = municipalities.first(where: { $0.id == a.$municipality.id }) else { continue }
            do {
                try await app.db.writeTransaction { tx in
                    let reminder = VolunteerReminder()
                    reminder.$interest.id = try interest.requireID()
                    reminder.key = "week"
                    reminder.sentAt = now
                    try await reminder.create(on: tx)
                    try await tellOrganisation(interest, a, municipality: m, key: "reminder", app: app, on: tx)
                }
                count += 1
            } catch {
                // Another server recorded the same reminder first: it sends the mail.
                app.logger.debug("Volunteer reminder for \(interest.id!) not sent here: \(error)")
            }
        }
        return count
    }

    static let reminderJob = ScheduledJob(name: "volunteer-reminders", everySeconds: 3600) { app in
        let count = try await remind(app: app, now: app.clock.seconds)
        return count > 0 ? app.say("volunteer.job.reminders", String(count)) : nil
    }

    // MARK: Retention

    /// Removes a volunteer's name, address, phone, message and the answer once the municipality's
    /// period (12 months unless it set another) has passed since the assignment ended; the offer's
    /// dates and state stay for the figures. An offer never confirmed goes entirely once its link
    /// has lapsed. Logs what it did.
    @discardableResult
    static func erase(app: Application, now: Int) async throws -> Int {
        var erased = 0
        let unconfirmed = try await VolunteerInterest.query(on: app.db).filter(\.$status == .unconfirmed).filter(\.$confirmBy < now).all()
        if !unconfirmed.isEmpty {
            try await VolunteerInterest.query(on: app.db).filter(\.$id ~~ unconfirmed.compactMap(\.id)).delete()
            app.logger.notice("Removed \(unconfirmed.count) volunteer offers whose address was never confirmed")
            erased += unconfirmed.count
        }
        let today = StockholmTime.local(fromUTC: now).date
        for m in try await Municipality.query(on: app.db).all() {
            // Ended before this day, that many months ago by the calendar.
            let limit = today.adding(months: -m.volunteerRetention).description
            let ended = try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID()).group(.or) { g in
                g.filter(\.$endedOn < limit)
                g.group(.and) { $0.filter(\.$endedOn == nil).filter(\.$lastDay < limit) }
            }.all()
            guard !ended.isEmpty else { continue }
            let due = try await VolunteerInterest.query(on: app.db).filter(\.$assignment.$id ~~ ended.compactMap(\.id)).filter(\.$erasedAt == nil).all()
            guard !due.isEmpty else { continue }
            let ids = due.compactMap(\.id)
            try await app.db.writeTransaction { tx in
                try await VolunteerLink.query(on: tx).filter(\.$interest.$id ~~ ids).delete()
                try await VolunteerReminder.query(on: tx).filter(\.$interest.$id ~~ ids).delete()
                for interest in due {
                    interest.name = ""
                    interest.email = ""
                    interest.phone = nil
                    interest.message = ""
                    interest.answer = nil
                    interest.answeredBy = nil
                    interest.erasedAt = now
                    try await interest.save(on: tx)
                }
            }
            app.logger.notice("Removed the details of \(due.count) volunteers of \(m.slug) whose assignments ended before \(limit)")
            erased += due.count
        }
        return erased
    }

    static let retentionJob = ScheduledJob(name: "volunteer-retention", everySeconds: 3600) { app in
        let count = try await erase(app: app, now: app.clock.seconds)
        return count > 0 ? app.say("volunteer.job.erased", String(count)) : nil
    }
}
