import SamverkanCore
import Testing

@Suite struct ObligationsTests {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }
    func meeting(_ date: String, _ kind: MeetingKind = .dialogue, cancelled: Bool = false) -> Obligations.Meeting {
        .init(id: date, date: d(date), title: "Möte \(date)", kind: kind, cancelled: cancelled)
    }
    let twoDialogues = AgreementDocument.Rule.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil)

    func years(_ input: Obligations.Input) -> [Int: Obligations.Year] {
        Dictionary(uniqueKeysWithValues: Obligations.evaluate(input)[0].years.map { ($0.year, $0) })
    }

    @Test func aPastYearIsMetOrMissedByTheMeetingsHeldInIt() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2024-01-01"), today: d("2026-05-01"),
                                 meetings: [meeting("2024-03-01"), meeting("2024-12-31"), meeting("2025-01-01"),
                                            meeting("2025-06-01", .annual)]))
        #expect(result[2024]?.status == .met)
        #expect(result[2024]?.evidence.map(\.id) == ["2024-03-01", "2024-12-31"])
        // 1 January belongs to the new year, and an annual meeting is not a dialogue meeting.
        #expect(result[2025]?.status == .missed)
        #expect(result[2025]?.evidence.map(\.id) == ["2025-01-01"])
        #expect(result[2025]?.stillNeeded == 1)
        #expect(Obligations.evaluate(.init(rules: [twoDialogues], inForceFrom: d("2024-01-01"), today: d("2026-05-01")))[0]
            .years.map(\.year) == [2026, 2025, 2024])
    }

    @Test func cancelledMeetingsDoNotCount() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2025-01-01"), today: d("2026-02-01"),
                                 meetings: [meeting("2025-03-01"), meeting("2025-09-01", cancelled: true)]))
        #expect(result[2025]?.status == .missed)
        #expect(result[2025]?.evidence.count == 1)
    }

    @Test func futureMeetingsCountOnlyAsPlanned() {
        let input = Obligations.Input(rules: [twoDialogues], inForceFrom: d("2026-01-01"), today: d("2026-06-01"),
                                      meetings: [meeting("2026-03-01"), meeting("2026-10-01")])
        let year = years(input)[2026]!
        #expect(year.status == .onTrack)
        #expect(year.evidence.map(\.id) == ["2026-03-01"])
        #expect(year.planned.map(\.id) == ["2026-10-01"])
        #expect(year.stillNeeded == 1)
        // A meeting today has not been held yet.
        var today = input
        today.today = d("2026-10-01")
        #expect(years(today)[2026]?.evidence.count == 1)
        today.today = d("2026-10-02")
        #expect(years(today)[2026]?.status == .met)
    }

    @Test func onFirstOctoberWithOneMeetingHeldAndNonePlannedTheRuleIsAtRisk() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2020-01-01"), today: d("2026-10-01"),
                                 warningDays: 92, meetings: [meeting("2026-04-01")]))
        #expect(result[2026]?.status == .atRisk)
        // Earlier in the year the same position is still on track.
        let june = years(.init(rules: [twoDialogues], inForceFrom: d("2020-01-01"), today: d("2026-06-01"),
                               warningDays: 92, meetings: [meeting("2026-04-01")]))
        #expect(june[2026]?.status == .onTrack)
        // Half the year gone with nothing held or planned is at risk, however far the year end.
        let july = years(.init(rules: [twoDialogues], inForceFrom: d("2020-01-01"), today: d("2026-07-15"), warningDays: 30))
        #expect(july[2026]?.status == .atRisk)
    }

    @Test func anAgreementStartingInOctoberNeedsItsShareOfTheYear() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2018-10-01"), today: d("2019-06-01"),
                                 meetings: [meeting("2018-09-15"), meeting("2018-11-20")]))
        #expect(result[2018]?.required == 1)
        #expect(result[2018]?.partial == true)
        #expect(result[2018]?.status == .met)
        // The September meeting was before the agreement applied.
        #expect(result[2018]?.evidence.map(\.id) == ["2018-11-20"])
        #expect(result[2019]?.required == 2)
    }

    @Test func anAgreementEndingMidYearIsJudgedUpToItsLastDay() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2024-01-01"), inForceUntil: d("2025-06-30"),
                                 today: d("2026-03-01"), meetings: [meeting("2025-02-01"), meeting("2025-09-01")]))
        #expect(result.keys.sorted() == [2024, 2025])
        #expect(result[2025]?.required == 1)
        #expect(result[2025]?.status == .met)
        #expect(result[2025]?.evidence.map(\.id) == ["2025-02-01"])
        #expect(result[2024]?.status == .missed)
    }

    @Test func yearsBeforeTheRecordsBeganAreNotJudged() {
        let result = years(.init(rules: [twoDialogues], inForceFrom: d("2018-10-01"), recordsSince: d("2025-07-01"),
                                 today: d("2026-02-01"), meetings: [meeting("2025-09-01")]))
        #expect(result.keys.sorted() == [2025, 2026])
        #expect(result[2025]?.required == 1)
        #expect(result[2025]?.status == .met)
    }

    @Test func aRuleNotYetInForceHasNoYears() {
        let result = Obligations.evaluate(.init(rules: [twoDialogues], inForceFrom: d("2027-01-01"), today: d("2026-02-01")))
        #expect(result[0].years.isEmpty)
        #expect(result[0].current == nil)
    }

    @Test func yearlyFollowUpDeadlinesRunFromTheLastFollowUp() {
        let rule = AgreementDocument.Rule.followUp(everyMonths: 12, note: nil)
        let done = [Obligations.Evidence(id: "a", date: d("2024-11-15"), title: "Uppföljning 2024")]
        let result = years(.init(rules: [rule], inForceFrom: d("2024-01-01"), today: d("2025-10-01"), warningDays: 92,
                                 followUps: done))
        #expect(result[2024]?.status == .met)
        #expect(result[2024]?.evidence.map(\.id) == ["a"])
        // Next due 2025-11-15, 45 days away, nothing done: at risk.
        #expect(result[2025]?.status == .atRisk)
        #expect(result[2025]?.deadline == d("2025-11-15"))
        let later = years(.init(rules: [rule], inForceFrom: d("2024-01-01"), today: d("2026-03-01"), followUps: done))
        #expect(later[2025]?.status == .missed)
        // After a miss the next period runs from the missed deadline.
        #expect(later[2026]?.deadline == d("2026-11-15"))
        #expect(later[2026]?.status == .onTrack)
    }

    @Test func aPlanReviewEveryTwoYearsLeavesTheYearBetweenKept() {
        let rule = AgreementDocument.Rule.planReview(everyMonths: 24, note: nil)
        let result = years(.init(rules: [rule], inForceFrom: d("2022-01-01"), today: d("2026-02-01"),
                                 planReviews: [.init(id: "r1", date: d("2023-06-01"), title: "Översyn"),
                                               .init(id: "r2", date: d("2025-05-01"), title: "Översyn")]))
        #expect(result[2022]?.status == .met)
        #expect(result[2023]?.status == .met)
        #expect(result[2024]?.status == .met)
        #expect(result[2025]?.status == .met)
        #expect(result[2026]?.status == .onTrack)
    }

    @Test func aRevisionIsDueByItsDate() {
        let rule = AgreementDocument.Rule.revisionDue(date: d("2022-10-01"), note: nil)
        func status(today: String, revisions: [String] = []) -> Obligations.Year {
            Obligations.evaluate(.init(rules: [rule], inForceFrom: d("2018-10-01"), today: d(today), warningDays: 92,
                                       revisions: revisions.map { .init(id: $0, date: d($0), title: "Version") }))[0].years[0]
        }
        #expect(status(today: "2022-01-01").status == .onTrack)
        #expect(status(today: "2022-08-01").status == .atRisk)
        #expect(status(today: "2022-10-02").status == .missed)
        #expect(status(today: "2023-01-01", revisions: ["2022-09-20"]).status == .met)
        let late = status(today: "2023-01-01", revisions: ["2022-12-01"])
        #expect(late.status == .missed)
        #expect(late.evidence.map(\.id) == ["2022-12-01"])
    }
}

@Suite struct ObligationsRecordsBeforeJudgingTests {
    @Test func aFollowUpRecordedFromBeforeTheJudgedYearsStartsTheFirstPeriod() {
        let rule = AgreementDocument.Rule.followUp(everyMonths: 12, note: nil)
        let result = Obligations.evaluate(.init(
            rules: [rule], inForceFrom: CalendarDate("2018-10-01")!, recordsSince: CalendarDate("2026-01-10")!,
            today: CalendarDate("2026-11-22")!, warningDays: 92,
            followUps: [.init(id: "f", date: CalendarDate("2025-12-20")!, title: "Uppföljning")]))[0]
        #expect(result.years.map(\.year) == [2026])
        #expect(result.current?.status == .atRisk)
        #expect(result.current?.deadline == CalendarDate("2026-12-20"))
    }

}

/// The response-time rule of one way in.
@Suite struct ResponseTimeRuleTests {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }
    func years(_ input: Obligations.Input) -> [Int: Obligations.Year] {
        Dictionary(uniqueKeysWithValues: Obligations.evaluate(input)[0].years.map { ($0.year, $0) })
    }

    func response(_ received: String, due: String, answered: String?) -> Obligations.Response {
        .init(received: d(received), due: d(due), firstAnswered: answered.map(d))
    }
    let eightyPercent = AgreementDocument.Rule.responseTime(minimumPercent: 80, note: nil)

    @Test func aPastYearOfInquiriesIsMetAtExactlyTheMinimumShareAndMissedBelowIt() {
        // 2025: four of five in time (80 %), the late one answered a day after its due day.
        // 2024: three of five (60 %).
        let responses = [
            response("2025-02-03", due: "2025-02-10", answered: "2025-02-10"),
            response("2025-03-03", due: "2025-03-10", answered: "2025-03-04"),
            response("2025-04-07", due: "2025-04-14", answered: "2025-04-15"),
            response("2025-05-05", due: "2025-05-12", answered: "2025-05-05"),
            response("2025-12-29", due: "2026-01-07", answered: "2026-01-07"),
            response("2024-02-05", due: "2024-02-12", answered: "2024-02-12"),
            response("2024-03-04", due: "2024-03-11", answered: nil),
            response("2024-04-08", due: "2024-04-15", answered: "2024-04-20"),
            response("2024-05-06", due: "2024-05-13", answered: "2024-05-06"),
            response("2024-06-03", due: "2024-06-10", answered: "2024-06-03"),
        ]
        let result = years(.init(rules: [eightyPercent], inForceFrom: d("2024-01-01"), today: d("2026-03-01"), responses: responses))
        #expect(result[2025]?.status == .met)
        #expect(result[2025]?.judged == 5)
        #expect(result[2025]?.inTime == 4)
        #expect(result[2025]?.stillNeeded == 0)
        // An inquiry never answered counts against the share once its due day has passed.
        #expect(result[2024]?.status == .missed)
        #expect(result[2024]?.judged == 5)
        #expect(result[2024]?.inTime == 3)
        // Three of five is 60 %: five more in time would make eight of ten.
        #expect(result[2024]?.stillNeeded == 5)
        // 2026 has nothing judged yet (the one received at New Year belongs to 2025).
        #expect(result[2026]?.status == .onTrack)
        #expect(result[2026]?.judged == 0)
    }

    @Test func anInquiryNotYetDueIsNotJudgedAndTheCurrentYearTurnsAtRiskBelowTheShare() {
        let responses = [
            response("2026-05-04", due: "2026-05-11", answered: "2026-05-12"),
            response("2026-05-18", due: "2026-05-25", answered: "2026-05-19"),
            // Waiting, and its due day is still ahead.
            response("2026-05-27", due: "2026-06-03", answered: nil),
        ]
        let year = years(.init(rules: [eightyPercent], inForceFrom: d("2026-01-01"), today: d("2026-06-01"), responses: responses))[2026]!
        #expect(year.judged == 2)
        #expect(year.inTime == 1)
        #expect(year.status == .atRisk)
        // One of two is 50 %; three more in time make four of five.
        #expect(year.stillNeeded == 3)
        // Once its due day has passed unanswered, it counts against the share too.
        let later = years(.init(rules: [eightyPercent], inForceFrom: d("2026-01-01"), today: d("2026-06-04"), responses: responses))[2026]!
        #expect(later.judged == 3)
        #expect(later.inTime == 1)
    }

    @Test func atAHundredPercentALateAnswerCanNeverBeMadeUp() {
        let rule = AgreementDocument.Rule.responseTime(minimumPercent: 100, note: nil)
        let year = years(.init(rules: [rule], inForceFrom: d("2026-01-01"), today: d("2026-06-01"),
                               responses: [response("2026-02-02", due: "2026-02-09", answered: "2026-02-10"),
                                           response("2026-03-02", due: "2026-03-09", answered: "2026-03-02")]))[2026]!
        #expect(year.status == .atRisk)
        #expect(year.stillNeeded == 1)
    }
}
