import SamverkanCore
import Testing

@Suite struct WorkingDaysTests {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }

    /// The public holidays of the law (1989:253) and the three eves that are days off, 2024–2030,
    /// as the official calendar lists them (month-day).
    static let official: [Int: [String]] = [
        2024: ["01-01", "01-06", "03-29", "03-31", "04-01", "05-01", "05-09", "05-19", "06-06", "06-21", "06-22", "11-02", "12-24", "12-25", "12-26", "12-31"],
        2025: ["01-01", "01-06", "04-18", "04-20", "04-21", "05-01", "05-29", "06-06", "06-08", "06-20", "06-21", "11-01", "12-24", "12-25", "12-26", "12-31"],
        2026: ["01-01", "01-06", "04-03", "04-05", "04-06", "05-01", "05-14", "05-24", "06-06", "06-19", "06-20", "10-31", "12-24", "12-25", "12-26", "12-31"],
        2027: ["01-01", "01-06", "03-26", "03-28", "03-29", "05-01", "05-06", "05-16", "06-06", "06-25", "06-26", "11-06", "12-24", "12-25", "12-26", "12-31"],
        2028: ["01-01", "01-06", "04-14", "04-16", "04-17", "05-01", "05-25", "06-04", "06-06", "06-23", "06-24", "11-04", "12-24", "12-25", "12-26", "12-31"],
        2029: ["01-01", "01-06", "03-30", "04-01", "04-02", "05-01", "05-10", "05-20", "06-06", "06-22", "06-23", "11-03", "12-24", "12-25", "12-26", "12-31"],
        2030: ["01-01", "01-06", "04-19", "04-21", "04-22", "05-01", "05-30", "06-06", "06-09", "06-21", "06-22", "11-02", "12-24", "12-25", "12-26", "12-31"],
    ]

    @Test(arguments: 2024...2030)
    func everyDayOffOfTheYearIsKnown(year: Int) {
        let days = WorkingDays.daysOff(in: year)
        #expect(days.map { String($0.date.description.dropFirst(5)) } == Self.official[year])
        #expect(days.filter(\.isEve).map(\.name) == ["Midsommarafton", "Julafton", "Nyårsafton"])
        #expect(Set(days.map(\.name)).count == 16)
    }

    @Test func easterFollowsTheGregorianRule() {
        #expect(WorkingDays.easterSunday(2024) == d("2024-03-31"))
        #expect(WorkingDays.easterSunday(2025) == d("2025-04-20"))
        #expect(WorkingDays.easterSunday(2038) == d("2038-04-25"), "the latest possible")
        #expect(WorkingDays.easterSunday(2285) == d("2285-03-22"), "the earliest possible")
    }

    @Test func workingDaysAreCountedAcrossEasterMidsummerAndNewYear() {
        // Easter 2026: Thursday 2 April, then Långfredagen, the weekend and Annandag påsk.
        #expect(WorkingDays.count(from: d("2026-04-02"), to: d("2026-04-07")) == 1)
        #expect(WorkingDays.due(from: d("2026-04-02"), days: 1) == d("2026-04-07"))
        #expect(WorkingDays.due(from: d("2026-04-01"), days: 5) == d("2026-04-10"))
        // Midsummer 2026: Friday 19 June is midsommarafton.
        #expect(WorkingDays.due(from: d("2026-06-18"), days: 1) == d("2026-06-22"))
        #expect(!WorkingDays.isWorkingDay(d("2026-06-19")))
        // New Year 2026/27: 24, 25, 26 and 31 December and 1 January are off; 6 January 2027 too.
        #expect(WorkingDays.count(from: d("2026-12-23"), to: d("2027-01-08")) == 7)
        #expect(WorkingDays.due(from: d("2026-12-30"), days: 1) == d("2027-01-04"))
        #expect(WorkingDays.due(from: d("2027-01-05"), days: 1) == d("2027-01-07"))
        // A received and answered the same day took no working day; five days is a week.
        #expect(WorkingDays.count(from: d("2026-03-02"), to: d("2026-03-02")) == 0)
        #expect(WorkingDays.count(from: d("2026-03-02"), to: d("2026-03-09")) == 5)
        #expect(WorkingDays.count(from: d("2026-03-09"), to: d("2026-03-02")) == 0)
        #expect(WorkingDays.due(from: d("2026-03-06"), days: 0) == d("2026-03-06"))
    }

    @Test func theClockStandsStillWhileWaiting() {
        // Received Monday 2 March 2026, waiting for the inquirer Wednesday to Friday.
        let waiting = [WorkingDays.Pause(from: d("2026-03-04"), through: d("2026-03-06"))]
        #expect(WorkingDays.count(from: d("2026-03-02"), to: d("2026-03-09"), pauses: waiting) == 2)
        #expect(WorkingDays.due(from: d("2026-03-02"), days: 5, pauses: waiting) == d("2026-03-12"))
        #expect(WorkingDays.due(from: d("2026-03-02"), days: 5) == d("2026-03-09"))
        // Two pauses, one of them over a weekend, count each paused working day once.
        let two = waiting + [WorkingDays.Pause(from: d("2026-03-05"), through: d("2026-03-10"))]
        #expect(WorkingDays.count(from: d("2026-03-02"), to: d("2026-03-11"), pauses: two) == 2)
    }
}

@Suite struct InquiryFiguresTests {
    func item(_ month: Int, _ days: Int?, inTime: Bool = true, judged: Bool = true) -> InquiryFigures.Item {
        .init(month: month, workingDays: days, judged: judged, inTime: inTime)
    }

    @Test func fewerThanFiveWithholdTheMedianTheShareAndTheMonthCount() {
        let four = InquiryFigures([item(1, 2), item(1, 3), item(2, 4), item(3, nil, inTime: false)])
        #expect(four.count == 4)
        #expect(four.medianDays == nil)
        #expect(four.inTimePercent == nil)
        #expect(four.shown(four.perMonth[0]) == nil)
        // None is shown: it tells of nobody.
        #expect(four.shown(four.perMonth[5]) == 0)
    }

    @Test func theMedianOfAnEvenNumberIsTheMeanOfTheMiddleTwoAndTheShareIsRounded() {
        let figures = InquiryFigures([item(1, 1), item(1, 7), item(1, 2), item(1, 5), item(2, 3), item(2, 9, inTime: false),
                                      item(2, nil, judged: false), item(2, nil, inTime: false)])
        #expect(figures.perMonth[0] == 4)
        #expect(figures.shown(figures.perMonth[1]) == nil)
        // 1, 2, 3, 5, 7, 9: the middle two are 3 and 5.
        #expect(figures.medianDays == 4)
        // Seven judged (one still waiting and not yet due is not), five in time: 71 %.
        #expect(figures.judged == 7)
        #expect(figures.inTimePercent == 71)
    }
}
