/// Wall-clock time in Europe/Stockholm, computed from the EU summer-time rule (in force since
/// 1996): UTC+2 from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October, UTC+1 otherwise. Kept here rather than read from the system's zone files, so the
/// server needs no tzdata and the calendar files say exactly what the code computes.
public enum StockholmTime {
    public static let zoneID = "Europe/Stockholm"

    public struct Local: Hashable, Sendable, CustomStringConvertible {
        public var date: CalendarDate
        public var hour: Int
        public var minute: Int
        public var second: Int

        public init(date: CalendarDate, hour: Int, minute: Int, second: Int = 0) {
            self.date = date
            self.hour = hour
            self.minute = minute
            self.second = second
        }

        /// `HH:MM`.
        public var time: String { pad(hour) + ":" + pad(minute) }
        public var description: String { "\(date) \(time)" }
        /// `YYYYMMDDTHHMMSS`, as iCalendar writes a local time.
        public var iCalendar: String {
            date.description.replacingOccurrences(of: "-", with: "") + "T" + pad(hour) + pad(minute) + pad(second)
        }

        var secondsSinceEpoch: Int { date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second }

        private func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    }

    /// Parses `HH:MM` (24-hour clock).
    public static func time(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    /// Seconds east of UTC at the UTC instant `t` (seconds since 1970).
    public static func offset(atUTC t: Int) -> Int {
        let year = CalendarDate(daysSinceEpoch: floorDiv(t, 86_400)).year
        return (summerStart(year)..<summerEnd(year)).contains(t) ? 7200 : 3600
    }

    public static func local(fromUTC t: Int) -> Local {
        let seconds = t + offset(atUTC: t)
        let days = floorDiv(seconds, 86_400)
        let rest = seconds - days * 86_400
        return Local(date: CalendarDate(daysSinceEpoch: days), hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    public enum Conversion: Equatable, Sendable {
        case exact(Int)
        /// The hour that repeats when summer time ends: the first (summer-time) instant is given.
        case ambiguous(Int)
        /// The hour skipped when summer time begins.
        case nonexistent
    }

    public static func utc(from local: Local) -> Conversion {
        let wall = local.secondsSinceEpoch
        let candidates = [wall - 7200, wall - 3600].filter { offset(atUTC: $0) == wall - $0 }
        switch candidates.count {
        case 0: return .nonexistent
        case 1: return .exact(candidates[0])
        default: return .ambiguous(candidates[0])
        }
    }

    /// The UTC instant a Stockholm day begins (midnight is never skipped nor repeated here).
    public static func startOfDay(_ date: CalendarDate) -> Int {
        switch utc(from: .init(date: date, hour: 0, minute: 0)) {
        case .exact(let t), .ambiguous(let t): t
        case .nonexistent: date.daysSinceEpoch * 86_400
        }
    }

    /// The UTC instant summer time begins in `year`: 01:00 UTC on the last Sunday of March.
    public static func summerStart(_ year: Int) -> Int { lastSunday(month: 3, year: year).daysSinceEpoch * 86_400 + 3600 }
    /// The UTC instant summer time ends in `year`: 01:00 UTC on the last Sunday of October.
    public static func summerEnd(_ year: Int) -> Int { lastSunday(month: 10, year: year).daysSinceEpoch * 86_400 + 3600 }

    static func lastSunday(month: Int, year: Int) -> CalendarDate {
        let last = CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
        return last.adding(days: -last.weekday)
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
