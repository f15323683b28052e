import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What the server counts for Prometheus, per instance: requests by route and status, their
/// latency, the outbox worker's deliveries and the scheduled jobs. The outbox's depth is read from
/// the database when `/metrics` is scraped, so every instance reports the same shared queue.
final class Metrics: Sendable {
    /// Upper bounds of the latency histogram, in seconds.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    struct JobTally {
        var runs = 0
        var failures = 0
        var lastSuccess: Double?
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var outbox: [String: Int] = ["sent": 0, "retrying": 0, "failed": 0]
        var jobs: [String: JobTally] = [:]
    }

    private let state = NIOLockedValueBox(State())
    let startedAt = Date().timeIntervalSince1970

    func request(method: String, route: String, status: Int, seconds: Double) {
        state.withLockedValue { s in
            s.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            var h = s.latency[route] ?? Histogram()
            if let i = Self.buckets.firstIndex(where: { seconds <= $0 }) { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            s.latency[route] = h
        }
    }

    func delivered(_ report: Outbox.Report) {
        state.withLockedValue { s in
            s.outbox["sent", default: 0] += report.sent
            s.outbox["retrying", default: 0] += report.retrying
            s.outbox["failed", default: 0] += report.failed
        }
    }

    func job(_ name: String, succeeded: Bool, at time: Date) {
        state.withLockedValue { s in
            var tally = s.jobs[name] ?? JobTally()
            tally.runs += 1
            if succeeded { tally.lastSuccess = time.timeIntervalSince1970 } else { tally.failures += 1 }
            s.jobs[name] = tally
        }
    }

    /// The Prometheus text format (version 0.0.4), with the outbox's depth by status from the database.
    func exposition(outboxByStatus: [String: Int], oldestPendingSeconds: Int?) -> String {
        let s = state.withLockedValue { $0 }
        var out = ""
        func family(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }

        family("samverkan_http_requests_total", "counter", "HTTP requests answered, by method, route and status.")
        for (key, count) in s.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "samverkan_http_requests_total{method=\"\(Self.label(key.method))\",route=\"\(Self.label(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        family("samverkan_http_request_duration_seconds", "histogram", "Time from a request's arrival to its response, by route.")
        for (route, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (i, bound) in Self.buckets.enumerated() {
                cumulative += h.counts[i]
                out += "samverkan_http_request_duration_seconds_bucket{route=\"\(Self.label(route))\",le=\"\(number(bound))\"} \(cumulative)\n"
            }
            out += "samverkan_http_request_duration_seconds_bucket{route=\"\(Self.label(route))\",le=\"+Inf\"} \(h.count)\n"
            out += "samverkan_http_request_duration_seconds_sum{route=\"\(Self.label(route))\"} \(h.sum)\n"
            out += "samverkan_http_request_duration_seconds_count{route=\"\(Self.label(route))\"} \(h.count)\n"
        }
        family("samverkan_outbox_messages", "gauge", "Messages in the shared outbox, by status.")
        for status in ["pending", "sending", "sent", "failed"] {
            out += "samverkan_outbox_messages{status=\"\(status)\"} \(outboxByStatus[status] ?? 0)\n"
        }
        family("samverkan_outbox_oldest_due_seconds", "gauge", "How long the oldest message that is due has waited (0 when none).")
        out += "samverkan_outbox_oldest_due_seconds \(oldestPendingSeconds ?? 0)\n"
        family("samverkan_outbox_deliveries_total", "counter", "Delivery attempts by this instance's worker, by result.")
        for result in ["sent", "retrying", "failed"] {
            out += "samverkan_outbox_deliveries_total{result=\"\(result)\"} \(s.outbox[result] ?? 0)\n"
        }
        family("samverkan_job_runs_total", "counter", "Runs of each scheduled job by this instance.")
        for (name, tally) in s.jobs.sorted(by: { $0.key < $1.key }) {
            out += "samverkan_job_runs_total{job=\"\(Self.label(name))\"} \(tally.runs)\n"
        }
        family("samverkan_job_failures_total", "counter", "Runs of each scheduled job that failed.")
        for (name, tally) in s.jobs.sorted(by: { $0.key < $1.key }) {
            out += "samverkan_job_failures_total{job=\"\(Self.label(name))\"} \(tally.failures)\n"
        }
        family("samverkan_job_last_success_timestamp_seconds", "gauge", "When each job last ran without error (Unix time).")
        for (name, tally) in s.jobs.sorted(by: { $0.key < $1.key }) {
            if let last = tally.lastSuccess { out += "samverkan_job_last_success_timestamp_seconds{job=\"\(Self.label(name))\"} \(Int(last))\n" }
        }
        family("process_start_time_seconds", "gauge", "When this instance started (Unix time).")
        out += "process_start_time_seconds \(Int(startedAt))\n"
        return out
    }

    /// A label value as the text format wants it: backslash, quote and newline escaped.
    static func label(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = Metrics }
    var metrics: Metrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = Metrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

/// Outermost: times every request and counts its answer under the route's pattern
/// (`/:kommun/moten`), never its concrete path, so the number of series stays fixed.
struct MetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let metrics = request.application.metrics
        do {
            let response = try await next.respond(to: request)
            metrics.request(method: request.method.rawValue, route: Self.route(of: request, response), status: Int(response.status.code),
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            metrics.request(method: request.method.rawValue, route: request.route.map(Self.pattern) ?? "unmatched", status: Int(status),
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            throw error
        }
    }

    static func pattern(_ route: Route) -> String {
        "/" + route.path.map(\.description).joined(separator: "/")
    }

    /// A page from the page cache and a static file answer before routing; they are named for that.
    static func route(of request: Request, _ response: Response) -> String {
        if let route = request.route { return pattern(route) }
        if response.headers.first(name: "X-Page-Cache") == "hit" { return "page cache" }
        let path = request.url.path
        for prefix in ["/css/", "/images/", "/js/", "/favicon"] where path.hasPrefix(prefix) { return "static" }
        return "unmatched"
    }
}
