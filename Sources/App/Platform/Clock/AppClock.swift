import Foundation
import SamverkanCore
import NIOConcurrencyHelpers
import Vapor

/// The one source of the current time. The server reads the system clock; a test sets a fixed
/// time (`app.clock.set(...)`) and moves it on, so every rule that depends on "now" (deadlines,
/// reminders, expiry, "today" in Stockholm) can be checked on a known date. Features never call
/// `Date()`: they ask the request or the application.
final class AppClock: Sendable {
    private let fixed = NIOLockedValueBox<Date?>(nil)

    var now: Date { fixed.withLockedValue { $0 } ?? Date() }

    /// Seconds since 1970, as the database keeps times.
    var seconds: Int { Int(now.timeIntervalSince1970) }

    /// Today's date in Stockholm.
    var today: CalendarDate { StockholmTime.local(fromUTC: seconds).date }

    /// From now on the clock says `date` (nil: the system clock again).
    func set(_ date: Date?) { fixed.withLockedValue { $0 = date } }

    func advance(by seconds: TimeInterval) {
        fixed.withLockedValue { $0 = ($0 ?? Date()).addingTimeInterval(seconds) }
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }
    var clock: AppClock {
        if let clock = storage[ClockKey.self] { return clock }
        let clock = AppClock()
        storage[ClockKey.self] = clock
        return clock
    }
}

extension Request {
    var clock: AppClock { application.clock }
}
