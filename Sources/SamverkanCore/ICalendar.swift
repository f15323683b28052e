/// Writes calendar files by RFC 5545: CRLF line ends, text escaped, lines folded at 75 octets,
/// local times with a TZID that a VTIMEZONE in the same file defines.
public enum ICalendar {
    public enum Status: String, Sendable {
        case confirmed = "CONFIRMED"
        case cancelled = "CANCELLED"
    }

    public struct Event: Sendable {
        /// Stable across edits: the same meeting keeps its UID, and SEQUENCE counts its changes.
        public var uid: String
        /// Seconds since 1970, UTC.
        public var stamp: Int
        public var start: Int
        public var end: Int
        public var summary: String
        public var description: String?
        public var location: String?
        public var url: String?
        public var status: Status
        public var sequence: Int
        public var categories: [String]

        public init(uid: String, stamp: Int, start: Int, end: Int, summary: String, description: String? = nil,
                    location: String? = nil, url: String? = nil, status: Status = .confirmed, sequence: Int = 0,
                    categories: [String] = []) {
            self.uid = uid
            self.stamp = stamp
            self.start = start
            self.end = end
            self.summary = summary
            self.description = description
            self.location = location
            self.url = url
            self.status = status
            self.sequence = sequence
            self.categories = categories
        }
    }

    public static func render(name: String, productID: String = "-//Samverkan//Samverkan//SV", events: [Event]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:\(productID)", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))", "X-WR-TIMEZONE:\(StockholmTime.zoneID)",
        ]
        lines += timezone
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:\(escape(event.uid))", "DTSTAMP:\(utc(event.stamp))",
                      "DTSTART;TZID=\(StockholmTime.zoneID):\(StockholmTime.local(fromUTC: event.start).iCalendar)",
                      "DTEND;TZID=\(StockholmTime.zoneID):\(StockholmTime.local(fromUTC: event.end).iCalendar)",
                      "SEQUENCE:\(event.sequence)", "STATUS:\(event.status.rawValue)", "SUMMARY:\(escape(event.summary))"]
            if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
            if let location = event.location { lines.append("LOCATION:\(escape(location))") }
            if let url = event.url { lines.append("URL:\(url)") }
            if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(escape).joined(separator: ",")) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The zone the DTSTART/DTEND lines refer to, as the EU rule that `StockholmTime` computes.
    static let timezone = [
        "BEGIN:VTIMEZONE", "TZID:\(StockholmTime.zoneID)",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// `YYYYMMDDTHHMMSSZ`.
    static func utc(_ t: Int) -> String {
        let days = StockholmTime.floorDiv(t, 86_400)
        let rest = t - days * 86_400
        let local = StockholmTime.Local(date: CalendarDate(daysSinceEpoch: days), hour: rest / 3600,
                                        minute: rest % 3600 / 60, second: rest % 60)
        return local.iCalendar + "Z"
    }

    /// TEXT values: backslash, semicolon and comma escaped, line breaks as `\n`.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r": out += "\\n"
            default:
                // Other control characters are not allowed in TEXT.
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Splits a content line so no physical line passes 75 octets, never inside a UTF-8 character;
    /// each continuation starts with one space.
    public static func fold(_ line: String) -> String {
        var lines: [String] = []
        var current = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            let limit = lines.isEmpty ? 75 : 74
            if octets + size > limit {
                lines.append(current)
                current = ""
                octets = 0
            }
            current.unicodeScalars.append(scalar)
            octets += size
        }
        lines.append(current)
        return lines.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }.joined(separator: "\r\n")
    }
}
