import Fluent
import SamverkanCore
import SQLKit
import Vapor

/// Dates shown to people: the Swedish standard YYYY-MM-DD, in Swedish time.
enum DayFormat {
    static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Foundation.Locale(identifier: "sv_SE")
        formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// The same for a time stored as seconds since 1970.
    static func string(seconds: Int) -> String { string(Date(timeIntervalSince1970: Double(seconds))) }
}
