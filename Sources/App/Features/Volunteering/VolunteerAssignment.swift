import Fluent
import SamverkanCore
import Vapor

/// An organisation's call for volunteers. A representative posts it; the coordinator reviews it
/// before it is public (approve, or send back with a reason); it ends on its last day, or when
/// the organisation marks it filled. The advert never carries the organisation's contact
/// details: interest goes through the platform, so the organisation must answer it.
final class VolunteerAssignment: Model, @unchecked Sendable {
    static let schema = "volunteer_assignments"

    enum Status: String, Codable, CaseIterable, Sendable {
        /// Waiting for the coordinator's review.
        case pending
        /// Sent back with a reason; the organisation edits it and sends it again.
        case returned
        case published
        case filled
        /// Taken down by the organisation.
        case withdrawn
    }

    /// When the volunteer is needed.
    enum Schedule: String, Codable, CaseIterable, Sendable { case once, recurring, flexible }

    /// Which days of the week (for one occasion it follows from the date).
    enum Days: String, Codable, CaseIterable, Sendable { case weekdays, weekends, any }

    // Identifiers and references
    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Parent(key: "organisation_id") var organisation: Organisation
    @OptionalParent(key: "area_id") var area: ActivityArea?
    @OptionalParent(key: "created_by") var createdBy: User?

    // What and when
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "schedule") var schedule: Schedule
    /// One occasion: its start and end (Unix seconds).
    @OptionalField(key: "starts_at") var startsAt: Int?
    @OptionalField(key: "ends_at") var endsAt: Int?
    /// Recurring: how often, in the organisation's words ("tisdagar 17–19").
    @OptionalField(key: "recurrence") var recurrence: String?
    @Field(key: "days") var days: Days
    @Field(key: "time_needed") var timeNeeded: String

    // Where
    @Field(key: "online") var online: Bool
    @OptionalField(key: "address") var address: String?
    @OptionalField(key: "district") var district: String?

    // Who
    /// Language codes between commas (",sv,ar,"), so a filter matches a whole code.
    @Field(key: "languages") var languages: String
    @OptionalField(key: "min_age") var minAge: Int?
    @Field(key: "suits_young") var suitsYoung: Bool
    /// A criminal-record extract is required (as for work with children).
    @Field(key: "record_extract") var recordExtract: Bool
    @Field(key: "wanted") var wanted: Int
    /// YYYY-MM-DD: the last day to offer help; the assignment ends after it.
    @Field(key: "last_day") var lastDay: String

    // Review and state
    @Field(key: "status") var status: Status
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "published_at") var publishedAt: Int?
    @OptionalField(key: "filled_at") var filledAt: Int?
    /// The day it ended early (filled or withdrawn); otherwise it ends on `lastDay`.
    @OptionalField(key: "ended_on") var endedOn: String?
    /// Title and description folded for search (`SearchText.fold`).
    @Field(key: "search_text") var searchText: String

    // Timestamps
    /// When it was first sent for review (Unix seconds): the figures count it in that year.
    @Field(key: "posted_at") var postedAt: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var languageCodes: [String] { languages.split(separator: ",").map(String.init) }

    /// The day it ends: the day it was filled or withdrawn, otherwise its last day.
    var endsOn: String { endedOn ?? lastDay }

    /// Public and open to offers today.
    func isOpen(today: CalendarDate) -> Bool {
        status == .published && lastDay >= today.description
    }
}

/// A resident's offer to help with an assignment. Unconfirmed until the address is confirmed
/// from the mailed link; only then does the organisation see it. Retention removes the
/// volunteer's details a set time after the assignment ends and keeps what the figures need.
final class VolunteerInterest: Model, @unchecked Sendable {
    static let schema = "volunteer_interests"

    enum Status: String, Codable, CaseIterable, Sendable {
        case unconfirmed
        /// Confirmed and with the organisation, not yet answered.
        case open
        case accepted
        case declined
        case withdrawn

        var isAnswered: Bool { self == .accepted || self == .declined }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "assignment_id") var assignment: VolunteerAssignment
    @Field(key: "name") var name: String
    /// Lower-cased.
    @Field(key: "email") var email: String
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "message") var message: String
    /// The language of the page the offer was sent from.
    @Field(key: "language") var language: String
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Int
    /// An unconfirmed offer lapses then.
    @Field(key: "confirm_by") var confirmBy: Int
    @OptionalField(key: "confirmed_at") var confirmedAt: Int?
    @OptionalField(key: "answered_at") var answeredAt: Int?
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_by") var answeredBy: String?
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Int?
    /// When retention removed the volunteer's details.
    @OptionalField(key: "erased_at") var erasedAt: Int?

    init() {}

    /// Answered within seven days of reaching the organisation.
    var answeredInAWeek: Bool {
        guard let confirmed = confirmedAt, let answered = answeredAt else { return false }
        return answered - confirmed <= VolunteerPolicy.answerDays * 86_400
    }
}

/// The volunteer's links to their offer: each mail carries a fresh one, only its hash is stored,
/// and every link issued works while the offer exists.
final class VolunteerLink: Model, @unchecked Sendable {
    static let schema = "volunteer_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "interest_id") var interest: VolunteerInterest
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Int

    init() {}
}

/// A reminder sent about an unanswered offer; unique per offer and occasion, so two servers
/// running the job send one mail.
final class VolunteerReminder: Model, @unchecked Sendable {
    static let schema = "volunteer_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "interest_id") var interest: VolunteerInterest
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Int

    init() {}
}
