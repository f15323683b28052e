/// The Swedish calendar of days off, for response-time targets counted in working days.
///
/// A working day is a Monday to Friday that is neither a public holiday (allmän helgdag, by the
/// law on general holidays, 1989:253) nor one of the eves that a municipality's offices keep
/// closed as well (midsommarafton, julafton, nyårsafton). Holidays that always fall on a Saturday
/// or Sunday (påskdagen, pingstdagen, midsommardagen, alla helgons dag) are listed too, so the
/// calendar can be shown, but change no count.
public enum WorkingDays {
    public struct DayOff: Equatable, Sendable {
        public let date: CalendarDate
        /// The day's Swedish name.
        public let name: String
        /// An eve that is not a public holiday by law but a day off in practice.
        public let isEve: Bool
    }

    /// Easter Sunday of the Gregorian calendar (the anonymous algorithm, valid for every year
    /// after 1582).
    public static func easterSunday(_ year: Int) -> CalendarDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)!
    }

    /// Every day off of `year` in date order.
    public static func daysOff(in year: Int) -> [DayOff] {
        let easter = easterSunday(year)
        func date(_ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }
        /// The first `weekday` (0 Sunday … 6 Saturday) on or after `from`.
        func first(_ weekday: Int, onOrAfter from: CalendarDate) -> CalendarDate {
            from.adding(days: ((weekday - from.weekday) % 7 + 7) % 7)
        }
        let midsummerDay = first(6, onOrAfter: date(6, 20))
        let list: [DayOff] = [
            .init(date: date(1, 1), name: "Nyårsdagen", isEve: false),
            .init(date: date(1, 6), name: "Trettondedag jul", isEve: false),
            .init(date: easter.adding(days: -2), name: "Långfredagen", isEve: false),
            .init(date: easter, name: "Påskdagen", isEve: false),
            .init(date: easter.adding(days: 1), name: "Annandag påsk", isEve: false),
            .init(date: date(5, 1), name: "Första maj", isEve: false),
            .init(date: easter.adding(days: 39), name: "Kristi himmelsfärdsdag", isEve: false),
            .init(date: easter.adding(days: 49), name: "Pingstdagen", isEve: false),
            .init(date: date(6, 6), name: "Sveriges nationaldag", isEve: false),
            .init(date: midsummerDay.adding(days: -1), name: "Midsommarafton", isEve: true),
            .init(date: midsummerDay, name: "Midsommardagen", isEve: false),
            .init(date: first(6, onOrAfter: date(10, 31)), name: "Alla helgons dag", isEve: false),
            .init(date: date(12, 24), name: "Julafton", isEve: true),
            .init(date: date(12, 25), name: "Juldagen", isEve: false),
            .init(date: date(12, 26), name: "Annandag jul", isEve: false),
            .init(date: date(12, 31), name: "Nyårsafton", isEve: true),
        ]
        return list.sorted { $0.date < $1.date }
    }

    public static func isDayOff(_ d: CalendarDate) -> Bool {
        daysOff(in: d.year).contains { $0.date == d }
    }

    public static func isWorkingDay(_ d: CalendarDate) -> Bool {
        d.weekday != 0 && d.weekday != 6 && !isDayOff(d)
    }

    /// A span of days during which the clock stands still (an inquiry waiting for its inquirer):
    /// from `from` up to and including `through`.
    public struct Pause: Equatable, Sendable {
        public let from: CalendarDate
        public let through: CalendarDate
        public init(from: CalendarDate, through: CalendarDate) {
            self.from = from
            self.through = through
        }
        func contains(_ d: CalendarDate) -> Bool { from <= d && d <= through }
    }

    /// The working days after `start` up to and including `end` that are not paused: an inquiry
    /// received on a Monday and answered on the Tuesday took one working day; answered the same
    /// day, none.
    public static func count(from start: CalendarDate, to end: CalendarDate, pauses: [Pause] = []) -> Int {
        guard start < end else { return 0 }
        var n = 0
        var d = start.adding(days: 1)
        while d <= end {
            if isWorkingDay(d), !pauses.contains(where: { $0.contains(d) }) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }

    /// The day by which `days` working days have passed since `start`, skipping paused days: the
    /// last day a target of `days` is met.
    public static func due(from start: CalendarDate, days: Int, pauses: [Pause] = []) -> CalendarDate {
        var d = start
        var left = max(days, 0)
        while left > 0 {
            d = d.adding(days: 1)
            if isWorkingDay(d), !pauses.contains(where: { $0.contains(d) }) { left -= 1 }
        }
        return d
    }
}
