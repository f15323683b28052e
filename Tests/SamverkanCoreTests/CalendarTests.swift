import SamverkanCore
import Testing

@Suite struct CalendarDateArithmeticTests {
    @Test func daysSinceEpochRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CalendarDate("1970-01-01")!.daysSinceEpoch == 0)
        #expect(CalendarDate("2000-03-01")!.daysSinceEpoch == 11_017)
        #expect(CalendarDate("1970-01-01")!.weekday == 4) // a Thursday
        #expect(CalendarDate("2026-11-22")!.weekday == 0) // a Sunday
    }

    @Test func addingMonthsKeepsTheDayOrTakesTheLastOfTheMonth() {
        #expect(CalendarDate("2024-01-31")!.adding(months: 1) == CalendarDate("2024-02-29"))
        #expect(CalendarDate("2023-01-31")!.adding(months: 1) == CalendarDate("2023-02-28"))
        #expect(CalendarDate("2022-10-01")!.adding(months: 24) == CalendarDate("2024-10-01"))
        #expect(CalendarDate("2025-12-15")!.adding(months: 1) == CalendarDate("2026-01-15"))
        #expect(CalendarDate.daysInYear(2024) == 366)
        #expect(CalendarDate.daysInYear(2026) == 365)
    }
}

@Suite struct StockholmTimeTests {
    func local(_ date: String, _ h: Int, _ m: Int) -> StockholmTime.Local {
        StockholmTime.Local(date: CalendarDate(date)!, hour: h, minute: m)
    }
    func utc(_ date: String, _ h: Int, _ m: Int) -> Int { CalendarDate(date)!.daysSinceEpoch * 86_400 + h * 3600 + m * 60 }

    @Test func winterIsUTCPlusOneAndSummerPlusTwo() {
        #expect(StockholmTime.utc(from: local("2026-01-15", 18, 0)) == .exact(utc("2026-01-15", 17, 0)))
        #expect(StockholmTime.utc(from: local("2026-06-15", 18, 0)) == .exact(utc("2026-06-15", 16, 0)))
        #expect(StockholmTime.local(fromUTC: utc("2026-06-15", 16, 0)) == local("2026-06-15", 18, 0))
        #expect(StockholmTime.local(fromUTC: utc("2026-12-31", 23, 30)) == local("2027-01-01", 0, 30))
    }

    @Test func summerTimeStartsAndEndsOnTheLastSundays() {
        // 2026: summer time from 29 March to 25 October.
        #expect(StockholmTime.summerStart(2026) == utc("2026-03-29", 1, 0))
        #expect(StockholmTime.summerEnd(2026) == utc("2026-10-25", 1, 0))
        #expect(StockholmTime.local(fromUTC: utc("2026-03-29", 0, 59)) == local("2026-03-29", 1, 59))
        #expect(StockholmTime.local(fromUTC: utc("2026-03-29", 1, 0)) == local("2026-03-29", 3, 0))
        #expect(StockholmTime.local(fromUTC: utc("2026-10-25", 0, 30)) == local("2026-10-25", 2, 30))
        #expect(StockholmTime.local(fromUTC: utc("2026-10-25", 1, 30)) == local("2026-10-25", 2, 30))
    }

    @Test func theSkippedHourDoesNotExistAndTheRepeatedHourIsAmbiguous() {
        #expect(StockholmTime.utc(from: local("2026-03-29", 2, 30)) == .nonexistent)
        #expect(StockholmTime.utc(from: local("2026-10-25", 2, 30)) == .ambiguous(utc("2026-10-25", 0, 30)))
        #expect(StockholmTime.utc(from: local("2026-10-25", 3, 0)) == .exact(utc("2026-10-25", 2, 0)))
    }

    @Test func aMeetingOverTheNightSummerTimeEndsLastsAnHourLonger() throws {
        guard case .exact(let start) = StockholmTime.utc(from: local("2026-10-24", 20, 0)),
              case .exact(let end) = StockholmTime.utc(from: local("2026-10-25", 10, 0)) else {
            Issue.record("times should exist"); return
        }
        #expect(end - start == 15 * 3600)
    }

    @Test func timesParseStrictly() {
        #expect(StockholmTime.time("09:05")! == (9, 5))
        #expect(StockholmTime.time("24:00") == nil)
        #expect(StockholmTime.time("9:05") == nil)
        #expect(StockholmTime.time("aa:bb") == nil)
    }
}

@Suite struct ICalendarTests {
    let event = ICalendar.Event(
        uid: "m1@samverkan.example", stamp: 1_790_000_000,
        start: CalendarDate("2026-10-24")!.daysSinceEpoch * 86_400 + 18 * 3600,
        end: CalendarDate("2026-10-25")!.daysSinceEpoch * 86_400 + 9 * 3600,
        summary: "Dialogträff; vår, höst\\vinter",
        description: "Rad ett\nRad två med åäö och en lång text som måste vikas eftersom den är längre än sjuttiofem oktetter",
        location: "Stadshuset, sal 1")

    @Test func linesAreCRLFAndFoldedAt75OctetsWithoutBreakingCharacters() {
        let text = ICalendar.render(name: "Möten", events: [event])
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.contains("\n"))
        }
        let long = String(repeating: "å", count: 100)
        let folded = ICalendar.fold("DESCRIPTION:" + long)
        #expect(folded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "DESCRIPTION:" + long)
    }

    @Test func textIsEscapedAndTimesUseTheZoneDefinedInTheFile() {
        let text = ICalendar.render(name: "Möten", events: [event]).replacingOccurrences(of: "\r\n ", with: "")
        #expect(text.contains("SUMMARY:Dialogträff\\; vår\\, höst\\\\vinter"))
        #expect(text.contains("DESCRIPTION:Rad ett\\nRad två"))
        #expect(text.contains("LOCATION:Stadshuset\\, sal 1"))
        #expect(text.contains("DTSTART;TZID=Europe/Stockholm:20261024T200000"))
        #expect(text.contains("DTEND;TZID=Europe/Stockholm:20261025T100000"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm"))
        #expect(text.contains("UID:m1@samverkan.example"))
        #expect(text.contains("DTSTAMP:20260921T"))
    }
}
