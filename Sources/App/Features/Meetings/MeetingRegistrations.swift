import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Why a registration is refused; each case has a message for the person registering.
enum RegistrationError: DomainError, Equatable {
    case closed
    case alreadyRegistered
    case notInAudience
    case cancelled

    var key: String {
        switch self {
        case .closed: "registration.error.closed"
        case .alreadyRegistered: "registration.error.twice"
        case .notInAudience: "registration.error.audience"
        case .cancelled: "registration.error.cancelled"
        }
    }
}

/// Registering for a meeting, cancelling, and the waiting list that moves up by itself.
/// Each change takes the meeting's row lock first, so two people cannot both get the last seat.
enum MeetingRegistrations {
    struct Person: Sendable {
        var name: String
        var email: String
        var organisationID: UUID?
        var registeredBy: UUID?
        /// The language their mail about the meeting is written in.
        var language: Language = .default
    }

    /// Serialises changes to one meeting's registrations: a write on its row holds PostgreSQL's
    /// row lock and SQLite's write lock until the transaction ends.
    static func lock(_ meeting: Meeting, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE meetings SET sequence = sequence WHERE id = \(bind: meeting.requireID())").run()
    }

    /// What a registration came to.
    enum Outcome: Equatable {
        case seat, waitingList
        /// A resident must confirm the address from the mailed link first; the answer is the same
        /// whether or not the address was registered already (the mail tells the owner which).
        case confirmationSent
    }

    /// Registers one person: a seat while there is one, otherwise a place on the waiting list.
    /// With `confirmByMail` (residents who are not logged in) the registration holds nothing until
    /// the address is confirmed by the mailed link, and lapses after `REGISTRATION_CONFIRM_HOURS`.
    @discardableResult
    static func register(_ person: Person, for meeting: Meeting, municipality m: Municipality, app: Application,
                         confirmByMail: Bool = false, on db: any Database, now: Date) async throws -> Outcome {
        guard meeting.status == .scheduled else { throw RegistrationError.cancelled }
        guard meeting.registrationOpen(now: Int(now.timeIntervalSince1970)) else { throw RegistrationError.closed }
        let email = User.normalise(email: person.email)
        return try await db.writeTransaction { tx -> Outcome in
            try await lock(meeting, on: tx)
            let mail = MeetingMail(db: tx, app: app, municipality: m, meeting: meeting)
            let existing = try await MeetingRegistration.query(on: tx).filter(\.$meeting.$id == meeting.requireID())
                .filter(\.$email == email).first()
            if let existing, existing.status != .cancelled {
                guard confirmByMail else { throw RegistrationError.alreadyRegistered }
                // Tell the address's owner, not the person at the form.
                let (token, hash) = LinkToken.issue()
                existing.token = hash
                try await existing.save(on: tx)
                if existing.status == .unconfirmed {
                    try await mail.sendConfirmation(to: existing, token: token)
                } else {
                    try await mail.send(to: existing, subjectKey: "mail.alreadyRegistered.subject",
                                        bodyKey: "mail.alreadyRegistered.body", token: token)
                }
                return .confirmationSent
            }
            let r = existing ?? MeetingRegistration()
            r.$meeting.id = try meeting.requireID()
            r.$organisation.id = person.organisationID
            r.$registeredBy.id = person.registeredBy
            r.name = person.name
            r.email = email
            r.language = person.language.rawValue
            r.attended = nil
            r.registeredAt = now
            r.cancelledAt = nil
            r.remindedAt = nil
            let (token, hash) = LinkToken.issue()
            r.token = hash
            if confirmByMail {
                r.status = .unconfirmed
                r.confirmBy = Int(now.timeIntervalSince1970) + app.config.registrationConfirmHours * 3600
                try await r.save(on: tx)
                try await mail.sendConfirmation(to: r, token: token)
                return .confirmationSent
            }
            return try await seat(r, meeting: meeting, mail: mail, token: token, app: app, on: tx, now: now)
        }
    }

    /// Gives the registration a seat or a waiting-list place and mails it with its cancellation link.
    private static func seat(_ r: MeetingRegistration, meeting: Meeting, mail: MeetingMail, token: String,
                             app: Application, on tx: any Database, now: Date) async throws -> Outcome {
        let seated = try await MeetingRegistration.query(on: tx).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status == .confirmed).count()
        let waiting = try await MeetingRegistration.query(on: tx).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status == .waiting).count()
        // Someone already waiting keeps the queue fair: a newcomer never jumps it.
        r.status = meeting.capacity.map { seated < $0 && waiting == 0 } ?? true ? .confirmed : .waiting
        r.confirmBy = nil
        // Registered within the reminder window: the confirmation is the reminder.
        let reminderFrom = meeting.startsAt - app.config.meetingReminderDays * 86_400
        r.remindedAt = Int(now.timeIntervalSince1970) >= reminderFrom ? Int(now.timeIntervalSince1970) : nil
        try await r.save(on: tx)
        let confirmed = r.status == .confirmed
        try await mail.send(to: r, subjectKey: confirmed ? "mail.registered.subject" : "mail.waiting.subject",
                            bodyKey: confirmed ? "mail.registered.body" : "mail.waiting.body", token: token)
        return confirmed ? .seat : .waitingList
    }

    /// A resident confirms the address: the registration now takes a seat or a waiting-list place.
    /// nil when it was not waiting for confirmation (already confirmed, cancelled or lapsed).
    static func confirm(_ registration: MeetingRegistration, municipality m: Municipality, app: Application,
                        on db: any Database, now: Date) async throws -> Outcome? {
        try await db.writeTransaction { tx -> Outcome? in
            guard let meeting = try await Meeting.find(registration.$meeting.id, on: tx) else { return nil }
            try await lock(meeting, on: tx)
            guard let r = try await MeetingRegistration.find(registration.requireID(), on: tx), r.status == .unconfirmed,
                  (r.confirmBy ?? 0) > Int(now.timeIntervalSince1970) else { return nil }
            guard meeting.status == .scheduled else { throw RegistrationError.cancelled }
            guard meeting.registrationOpen(now: Int(now.timeIntervalSince1970)) else { throw RegistrationError.closed }
            let (token, hash) = LinkToken.issue()
            r.token = hash
            return try await seat(r, meeting: meeting, mail: MeetingMail(db: tx, app: app, municipality: m, meeting: meeting),
                                  token: token, app: app, on: tx, now: now)
        }
    }

    /// Unconfirmed registrations past their time are removed.
    static func purgeLapsed(on db: any Database, now: Date) async throws {
        try await MeetingRegistration.query(on: db).filter(\.$status == .unconfirmed)
            .filter(\.$confirmBy < Int(now.timeIntervalSince1970)).delete()
    }

    /// Cancels a registration; a freed seat goes to the first on the waiting list, who is told by e-mail.
    static func cancel(_ registration: MeetingRegistration, municipality m: Municipality, app: Application,
                       on db: any Database, now: Date) async throws {
        try await db.writeTransaction { tx in
            guard let meeting = try await Meeting.find(registration.$meeting.id, on: tx) else { return }
            try await lock(meeting, on: tx)
            // Read again under the lock: a second click on the same link changes nothing.
            guard let r = try await MeetingRegistration.find(registration.requireID(), on: tx), r.status != .cancelled else { return }
            r.status = .cancelled
            r.cancelledAt = now
            try await r.save(on: tx)
            let mail = MeetingMail(db: tx, app: app, municipality: m, meeting: meeting)
            try await mail.send(to: r, subjectKey: "mail.registrationCancelled.subject", bodyKey: "mail.registrationCancelled.body", token: nil)
            try await moveUp(meeting, mail: mail, on: tx, now: now)
        }
    }

    /// Gives free seats to the waiting list in the order people registered.
    static func moveUp(_ meeting: Meeting, mail: MeetingMail, on db: any Database, now: Date) async throws {
        guard meeting.status == .scheduled, meeting.startsAt > Int(now.timeIntervalSince1970) else { return }
        let seated = try await MeetingRegistration.query(on: db).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status == .confirmed).count()
        let free = meeting.capacity.map { $0 - seated } ?? Int.max
        guard free > 0 else { return }
        let next = try await MeetingRegistration.query(on: db).filter(\.$meeting.$id == meeting.requireID())
            .filter(\.$status == .waiting).sort(\.$registeredAt).sort(\.$id).limit(min(free, 1000)).all()
        for r in next {
            let (token, hash) = LinkToken.issue()
            r.status = .confirmed
            r.token = hash
            try await r.save(on: db)
            try await mail.send(to: r, subjectKey: "mail.movedUp.subject", bodyKey: "mail.movedUp.body", token: token)
        }
    }
}
