/// Checks an agreement's rules against what happened, year by year. A pure function of its
/// input, so every case (year boundaries, cancelled and future meetings, agreements that start
/// or end within a year) is tested without a database.
public enum Obligations {
    public enum Status: String, Sendable, CaseIterable {
        case met, onTrack, atRisk, missed
    }

    /// Something that counts as evidence: a meeting, a recorded follow-up, review or revision.
    public struct Evidence: Equatable, Sendable {
        public var id: String
        public var date: CalendarDate
        public var title: String

        public init(id: String, date: CalendarDate, title: String) {
            self.id = id
            self.date = date
            self.title = title
        }
    }

    public struct Meeting: Equatable, Sendable {
        public var evidence: Evidence
        public var kind: MeetingKind?
        public var cancelled: Bool

        public init(id: String, date: CalendarDate, title: String, kind: MeetingKind?, cancelled: Bool = false) {
            self.evidence = Evidence(id: id, date: date, title: title)
            self.kind = kind
            self.cancelled = cancelled
        }
    }

    /// An inquiry through one way in, as the response-time rule sees it.
    public struct Response: Equatable, Sendable {
        public var received: CalendarDate
        /// The day the first answer was due (the clock stopped while waiting for the inquirer).
        public var due: CalendarDate
        public var firstAnswered: CalendarDate?

        public init(received: CalendarDate, due: CalendarDate, firstAnswered: CalendarDate?) {
            self.received = received
            self.due = due
            self.firstAnswered = firstAnswered
        }

        /// Whether it can be judged yet: answered, or not answered and past its due day.
        public func judged(today: CalendarDate) -> Bool { firstAnswered != nil || due < today }
        public var inTime: Bool { firstAnswered.map { $0 <= due } ?? false }
    }

    public struct Input: Sendable {
        public var rules: [AgreementDocument.Rule]
        /// The first day the agreement applies.
        public var inForceFrom: CalendarDate
        /// The last day it applies, when it has ended (a later version took over).
        public var inForceUntil: CalendarDate?
        /// Years before this day are not judged: nothing was recorded on the platform then.
        public var recordsSince: CalendarDate?
        public var today: CalendarDate
        /// How close to a deadline an unmet rule turns from on track to at risk.
        public var warningDays: Int
        public var meetings: [Meeting]
        public var followUps: [Evidence]
        public var planReviews: [Evidence]
        public var revisions: [Evidence]
        public var responses: [Response]

        public init(rules: [AgreementDocument.Rule], inForceFrom: CalendarDate, inForceUntil: CalendarDate? = nil,
                    recordsSince: CalendarDate? = nil, today: CalendarDate, warningDays: Int = 92,
                    meetings: [Meeting] = [], followUps: [Evidence] = [], planReviews: [Evidence] = [],
                    revisions: [Evidence] = [], responses: [Response] = []) {
            self.rules = rules
            self.inForceFrom = inForceFrom
            self.inForceUntil = inForceUntil
            self.recordsSince = recordsSince
            self.today = today
            self.warningDays = warningDays
            self.meetings = meetings
            self.followUps = followUps
            self.planReviews = planReviews
            self.revisions = revisions
            self.responses = responses
        }

        /// The first day that is judged.
        var judgedFrom: CalendarDate { max(inForceFrom, recordsSince ?? inForceFrom) }
    }

    public struct Year: Equatable, Sendable {
        public var year: Int
        public var status: Status
        /// Meetings held or things done that count.
        public var evidence: [Evidence]
        /// Meetings planned that would count.
        public var planned: [Evidence]
        /// For meeting rules: how many are required this year (pro rata when the agreement
        /// applied only part of it).
        public var required: Int?
        /// How many more are needed (meeting rules), 0 when met.
        public var stillNeeded: Int
        /// The deadline this year's status is about, if any.
        public var deadline: CalendarDate?
        /// True when the year was judged only in part (the agreement or the records began or ended within it).
        public var partial: Bool
        /// For the response-time rule: the inquiries judged so far this year, and those answered in time.
        public var judged: Int? = nil
        public var inTime: Int? = nil
    }

    public struct Result: Equatable, Sendable {
        public var index: Int
        public var rule: AgreementDocument.Rule
        /// Newest first.
        public var years: [Year]

        /// The row about today: the open deadline or the current year.
        public var current: Year? { years.first }
    }

    public static func evaluate(_ input: Input) -> [Result] {
        input.rules.enumerated().map { index, rule in
            let years: [Year]
            switch rule {
            case .meetingsPerYear(let kind, let minimum, _):
                years = meetingYears(input, kind: kind, minimum: minimum)
            case .followUp(let months, _):
                years = intervalYears(input, months: months, evidence: input.followUps)
            case .planReview(let months, _):
                years = intervalYears(input, months: months, evidence: input.planReviews)
            case .revisionDue(let date, _):
                years = [revisionYear(input, due: date)]
            case .responseTime(let percent, _):
                years = responseYears(input, minimumPercent: percent)
            }
            return Result(index: index, rule: rule, years: years.sorted { $0.year > $1.year })
        }
    }

    /// The calendar years to judge: from the first judged day to today (or the agreement's end).
    static func judgedYears(_ input: Input) -> [Int] {
        let from = input.judgedFrom
        let until = min(input.today, input.inForceUntil ?? input.today)
        guard from <= until else { return [] }
        return Array(from.year...until.year)
    }

    static func meetingYears(_ input: Input, kind: MeetingKind, minimum: Int) -> [Year] {
        judgedYears(input).map { year in
            let start = max(CalendarDate.firstOfYear(year), input.judgedFrom)
            let end = min(CalendarDate.lastOfYear(year), input.inForceUntil ?? CalendarDate.lastOfYear(year))
            let length = start.days(until: end) + 1
            let share = Double(length) / Double(CalendarDate.daysInYear(year))
            let required = Int((Double(minimum) * share).rounded())
            let counting = input.meetings.filter { $0.kind == kind && !$0.cancelled && start <= $0.evidence.date && $0.evidence.date <= end }
                .sorted { $0.evidence.date < $1.evidence.date }
            let held = counting.filter { $0.evidence.date < input.today }.map(\.evidence)
            let planned = counting.filter { $0.evidence.date >= input.today }.map(\.evidence)
            let needed = max(0, required - held.count)
            let status: Status
            if needed == 0 {
                status = .met
            } else if end < input.today {
                status = .missed
            } else if planned.count >= needed {
                status = .onTrack
            } else {
                let elapsed = Double(start.days(until: input.today)) / Double(length)
                let expectedByNow = Int((Double(required) * elapsed).rounded(.down))
                let daysLeft = input.today.days(until: end)
                status = daysLeft <= input.warningDays || held.count < expectedByNow ? .atRisk : .onTrack
            }
            return Year(year: year, status: status, evidence: held, planned: planned, required: required,
                        stillNeeded: needed, deadline: end, partial: length < CalendarDate.daysInYear(year))
        }
    }

    struct Deadline {
        var due: CalendarDate
        var met: Evidence?
        var open: Bool
    }

    /// Deadlines of an "at least every N months" rule: each one falls N months after the last
    /// time it was done (or after the first judged day); a missed deadline starts the next period.
    static func deadlines(_ input: Input, months: Int, evidence: [Evidence]) -> [Deadline] {
        let done = evidence.filter { $0.date <= input.today }.sorted { $0.date < $1.date }
        // Done before the judged years began (recorded afterwards): the first period runs from it.
        let earlier = done.last { $0.date <= input.judgedFrom && $0.date >= input.inForceFrom }
        var anchor = earlier?.date ?? input.judgedFrom
        var first = earlier == nil
        var result: [Deadline] = []
        while result.count < 1000 {
            let due = anchor.adding(months: max(1, months))
            if let until = input.inForceUntil, due > until { break }
            if let hit = done.first(where: { (first ? $0.date >= anchor : $0.date > anchor) && $0.date <= due }) {
                result.append(Deadline(due: due, met: hit, open: false))
                anchor = hit.date
            } else if due < input.today {
                result.append(Deadline(due: due, met: nil, open: false))
                anchor = due
            } else {
                result.append(Deadline(due: due, met: nil, open: true))
                break
            }
            first = false
        }
        return result
    }

    static func intervalYears(_ input: Input, months: Int, evidence: [Evidence]) -> [Year] {
        let all = deadlines(input, months: months, evidence: evidence)
        let from = input.judgedFrom
        return judgedYears(input).map { year in
            let done = evidence.filter { $0.date.year == year && $0.date >= from && $0.date <= input.today }
                .sorted { $0.date < $1.date }
            let partial = year == from.year && from != CalendarDate.firstOfYear(year)
            var row = Year(year: year, status: .met, evidence: done, planned: [], required: nil, stillNeeded: 0,
                           deadline: nil, partial: partial)
            if let missed = all.first(where: { $0.met == nil && !$0.open && $0.due.year == year }) {
                row.status = .missed
                row.deadline = missed.due
                row.stillNeeded = 1
            } else if let open = all.first(where: { $0.open }), open.due.year == year || (year == input.today.year && done.isEmpty) {
                let daysLeft = input.today.days(until: open.due)
                row.status = daysLeft <= input.warningDays ? .atRisk : .onTrack
                row.deadline = open.due
                row.stillNeeded = 1
            } else if let met = all.first(where: { $0.met != nil && $0.due.year == year }) {
                row.deadline = met.due
            } else if year == input.today.year && done.isEmpty {
                row.status = .onTrack
            }
            return row
        }
    }

    static func revisionYear(_ input: Input, due: CalendarDate) -> Year {
        let done = input.revisions.filter { $0.date <= input.today }.sorted { $0.date < $1.date }
        let inTime = done.filter { $0.date <= due }
        let status: Status
        if !inTime.isEmpty {
            status = .met
        } else if due < input.today {
            status = .missed
        } else {
            status = input.today.days(until: due) <= input.warningDays ? .atRisk : .onTrack
        }
        return Year(year: due.year, status: status, evidence: inTime.isEmpty ? done : inTime, planned: [],
                    required: nil, stillNeeded: inTime.isEmpty ? 1 : 0, deadline: due, partial: false)
    }

    /// Each year's share of inquiries answered in time, against the minimum share. A year that
    /// has ended is met or missed; the current one is on track while the share holds and at risk
    /// when it has fallen below. A year with nothing to judge is met once over, on track before.
    static func responseYears(_ input: Input, minimumPercent: Int) -> [Year] {
        judgedYears(input).map { year in
            let start = max(CalendarDate.firstOfYear(year), input.judgedFrom)
            let end = min(CalendarDate.lastOfYear(year), input.inForceUntil ?? CalendarDate.lastOfYear(year))
            let received = input.responses.filter { start <= $0.received && $0.received <= end && $0.received <= input.today }
            let judged = received.filter { $0.judged(today: input.today) }
            let inTime = judged.filter(\.inTime).count
            // In whole hundredths, so 4 of 5 meets 80 % exactly.
            let holds = inTime * 100 >= minimumPercent * judged.count
            let over = end < input.today
            let status: Status = over ? (holds ? .met : .missed) : (holds ? .onTrack : .atRisk)
            // How many more answered in time would lift the share to the minimum (at 100 %, the
            // late ones can never be made up: their number).
            let deficit = minimumPercent * judged.count - 100 * inTime
            let needed = deficit <= 0 ? 0
                : minimumPercent >= 100 ? judged.count - inTime
                : (deficit + (100 - minimumPercent) - 1) / (100 - minimumPercent)
            return Year(year: year, status: status, evidence: [], planned: [], required: minimumPercent,
                        stillNeeded: needed, deadline: end, partial: start != CalendarDate.firstOfYear(year) || end != CalendarDate.lastOfYear(year),
                        judged: judged.count, inTime: inTime)
        }
    }
}
