import Fluent
import Foundation
import SamverkanCore
import Vapor

/// What every step of an inquiry shares: the inquirer's links, the due date with the clock
/// stopped while waiting for the inquirer, and the mail to the inquirer.
enum Inquiries {
    /// A fresh link for the inquirer; only its hash is stored.
    static func issueLink(_ inquiry: Inquiry, on db: any Database, now: Int) async throws -> String {
        let (token, hash) = LinkToken.issue()
        let link = InquiryLink()
        link.$inquiry.id = try inquiry.requireID()
        link.tokenHash = hash
        link.createdAt = now
        try await link.create(on: db)
        return token
    }

    /// The inquiry a link names, in this municipality; nil for anything else.
    static func find(token: String?, municipality m: Municipality, on db: any Database) async throws -> Inquiry? {
        guard let hash = LinkToken.lookupHash(token),
              let link = try await InquiryLink.query(on: db).filter(\.$tokenHash == hash).first(),
              let inquiry = try await Inquiry.find(link.$inquiry.id, on: db), inquiry.$municipality.id == m.id else { return nil }
        return inquiry
    }

    /// The spans the clock stood still: from the day the municipality asked for more up to and
    /// including the day the inquirer wrote back (or today, while still waiting).
    static func pauses(_ events: [InquiryEvent], today: CalendarDate) -> [WorkingDays.Pause] {
        var result: [WorkingDays.Pause] = []
        var since: CalendarDate?
        for e in events.sorted(by: { $0.at < $1.at }) {
            let day = StockholmTime.local(fromUTC: e.at).date
            switch e.kind {
            case .askedForMore: if since == nil { since = day }
            case .message, .reopened, .answer, .closed:
                if let start = since { result.append(.init(from: start, through: day)); since = nil }
            default: break
            }
        }
        if let start = since { result.append(.init(from: start, through: today)) }
        return result
    }

    /// The day the first answer is due, counted from the day the inquiry was confirmed.
    static func due(_ inquiry: Inquiry, events: [InquiryEvent], today: CalendarDate) -> CalendarDate {
        let start = StockholmTime.local(fromUTC: inquiry.verifiedAt ?? inquiry.receivedAt).date
        return WorkingDays.due(from: start, days: inquiry.targetDays, pauses: pauses(events, today: today))
    }

    /// Records the first answer: when, and the working days it took with the clock stopped while
    /// waiting for the inquirer. Later answers change nothing.
    static func recordFirstAnswer(_ inquiry: Inquiry, at now: Int, events: [InquiryEvent]) {
        guard inquiry.firstAnsweredAt == nil else { return }
        inquiry.firstAnsweredAt = now
        let start = StockholmTime.local(fromUTC: inquiry.verifiedAt ?? inquiry.receivedAt).date
        let answered = StockholmTime.local(fromUTC: now).date
        inquiry.answerWorkingDays = WorkingDays.count(from: start, to: answered, pauses: pauses(events, today: answered))
    }

    static func refreshDue(_ inquiry: Inquiry, on db: any Database, today: CalendarDate) async throws {
        let events = try await InquiryEvent.query(on: db).filter(\.$inquiry.$id == inquiry.requireID()).all()
        inquiry.dueOn = due(inquiry, events: events, today: today).description
    }

    /// Mails the inquirer with a fresh link to the inquiry's page.
    static func mailInquirer(_ inquiry: Inquiry, municipality m: Municipality, subjectKey: String, bodyKey: String,
                             _ arguments: [String], app: Application, on db: any Database) async throws {
        let token = try await issueLink(inquiry, on: db, now: app.clock.seconds)
        let mailer = Mailer(db: db, app: app)
        try await mailer.send(to: inquiry.inquirerEmail, in: inquiry.inquirerMailLanguage, subjectKey: subjectKey, bodyKey: bodyKey,
                              [inquiry.inquirerName, inquiry.subject, mailer.link(SiteURL.inquiryPage(m.slug, token))] + arguments,
                              municipalityID: m.id, kind: "inquiry")
    }

    /// The text of a message, a note or an answer: required, at most 10 000 characters.
    static func text(_ req: Request) -> (text: String?, error: String?) {
        var check = FormValidation(FormInput(req), req.translator)
        let text = check.required("text", max: 10_000)
        return (text, check.errors["text"])
    }

    /// When the answer is late, soon late, or neither.
    enum Timeliness: String { case onTime, dueSoon, overdue }

    static func timeliness(_ inquiry: Inquiry, today: CalendarDate) -> Timeliness? {
        guard inquiry.status.isOpen, inquiry.firstAnsweredAt == nil, let due = inquiry.dueOn.flatMap(CalendarDate.init) else { return nil }
        if today > due { return .overdue }
        return WorkingDays.count(from: today, to: due) <= 1 ? .dueSoon : .onTime
    }
}
