import Fluent
import Foundation
import SamverkanCore
import Vapor

/// A question, clarification, suggestion, complaint or "skav" sent to the municipality through one
/// way in, tracked from receipt to answer. Received inquiries are public records (allmänna
/// handlingar): erasure keeps them; retention thins them by the municipality's rules.
final class Inquiry: Model, @unchecked Sendable {
    static let schema = "inquiries"

    enum Kind: String, Codable, CaseIterable, Sendable { case question, clarification, suggestion, complaint, friction }
    enum Status: String, Codable, CaseIterable, Sendable {
        /// Sent by a visitor whose address is not yet confirmed from the mailed link.
        case unverified
        case new, assigned, waiting, answered, closed, reopened

        /// Waiting for the municipality: these count against the target.
        var isOpen: Bool { [.new, .assigned, .reopened].contains(self) }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    /// nil: the inquirer did not know; the coordinator routes it.
    @OptionalParent(key: "topic_id") var topic: Topic?
    /// The queue it is in; nil is the coordinator's.
    @OptionalParent(key: "department_id") var department: Department?
    @Field(key: "kind") var kind: Kind
    @Field(key: "status") var status: Status
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "inquirer_name") var inquirerName: String
    @Field(key: "inquirer_email") var inquirerEmail: String
    /// The language of the page the inquiry was sent from: the inquirer's mail is written in it.
    @OptionalField(key: "inquirer_language") var inquirerLanguage: String?

    var inquirerMailLanguage: Language { inquirerLanguage.flatMap(Language.init) ?? .default }
    /// Set when a logged-in person asked.
    @OptionalParent(key: "user_id") var user: User?
    @OptionalParent(key: "assigned_to") var assignee: User?
    @Field(key: "received_at") var receivedAt: Int
    @OptionalField(key: "verified_at") var verifiedAt: Int?
    @OptionalField(key: "first_answered_at") var firstAnsweredAt: Int?
    @OptionalField(key: "closed_at") var closedAt: Int?
    /// The first answer is due by the end of this day (YYYY-MM-DD), the clock stopped while waiting.
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "target_days") var targetDays: Int
    /// The registry's number, when the inquiry is registered as a public record.
    @OptionalField(key: "reference_number") var referenceNumber: String?
    /// The working days the first answer took, the clock stopped while waiting for the inquirer.
    @OptionalField(key: "answer_working_days") var answerWorkingDays: Int?
    /// When retention thinned it: the text and the inquirer are gone, the figures stay.
    @OptionalField(key: "thinned_at") var thinnedAt: Int?

    init() {}

    /// Answered for the first time no later than its due day.
    var answeredInTime: Bool {
        guard let answered = firstAnsweredAt, let due = dueOn.flatMap(CalendarDate.init) else { return false }
        return StockholmTime.local(fromUTC: answered).date <= due
    }

    var receivedDay: CalendarDate { StockholmTime.local(fromUTC: receivedAt).date }
}

/// One step in an inquiry's history. `isInternal` notes are never shown to the inquirer.
final class InquiryEvent: Model, @unchecked Sendable {
    static let schema = "inquiry_events"

    enum Kind: String, Codable, Sendable {
        case received, confirmed, assigned, note, reassigned, askedForMore, message, answer, closed, reopened, registered
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "inquiry_id") var inquiry: Inquiry
    @Field(key: "at") var at: Int
    @Field(key: "kind") var kind: Kind
    /// nil for the inquirer's own steps.
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "author_name") var authorName: String
    @OptionalField(key: "text") var text: String?
    @Field(key: "is_internal") var isInternal: Bool

    init() {}

    convenience init(_ inquiry: Inquiry, _ kind: Kind, at: Int, author: User?, name: String, text: String? = nil, internal isInternal: Bool = false) {
        self.init()
        self.$inquiry.id = inquiry.id!
        self.kind = kind
        self.at = at
        self.$author.id = author?.id
        self.authorName = name
        self.text = text
        self.isInternal = isInternal
    }
}

/// The inquirer's links: each mail carries a fresh one, only its hash is stored, and every link
/// issued keeps working while the inquiry exists.
final class InquiryLink: Model, @unchecked Sendable {
    static let schema = "inquiry_links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "inquiry_id") var inquiry: Inquiry
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Int

    init() {}
}

/// A principle or commitment of the agreement an inquiry touches, by its key, so the link
/// holds across versions of the agreement.
final class InquiryTouch: Model, @unchecked Sendable {
    static let schema = "inquiry_touches"

    enum Kind: String, Codable, Sendable { case principle, commitment }

    @ID(key: .id) var id: UUID?
    @Parent(key: "inquiry_id") var inquiry: Inquiry
    @Field(key: "kind") var kind: Kind
    @Field(key: "key") var key: String

    init() {}
}

/// A reminder sent about an inquiry that is due soon or overdue; the row is unique per inquiry
/// and occasion, so two servers running the job send one mail.
final class InquiryReminder: Model, @unchecked Sendable {
    static let schema = "inquiry_reminders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "inquiry_id") var inquiry: Inquiry
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Int

    init() {}
}

/// A PDF or an image the inquirer sent with the question, recognised by its content and kept
/// outside the web root; served only to the inquiry's handlers and from the inquirer's links.
final class InquiryAttachment: Model, @unchecked Sendable {
    static let schema = "inquiry_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "inquiry_id") var inquiry: Inquiry
    @Field(key: "original_name") var originalName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "stored_name") var storedName: String
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int
    @Field(key: "created_at") var createdAt: Int

    init() {}
}
