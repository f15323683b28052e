import Fluent
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `/metrics` for Prometheus, answered only to the addresses in `METRICS_ALLOW`; everyone else
/// gets the same 404 as for a page that does not exist. A request relayed by a proxy that is not
/// in `TRUSTED_PROXIES` is refused too, since its true sender is unknown.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.metrics, access: .anyone, use: metrics)
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        guard Self.mayRead(req) else { throw Abort(.notFound) }
        var byStatus: [String: Int] = [:]
        var oldest: Int?
        if let sql = req.db as? any SQLDatabase {
            for row in try await sql.raw("SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status").all() {
                byStatus[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            let now = req.clock.seconds
            if let row = try await sql.raw("SELECT MIN(next_attempt_at) AS due FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= \(bind: now)").first(),
               let due = try row.decode(column: "due", as: Int?.self) {
                oldest = max(0, now - due)
            }
        }
        let response = Response(status: .ok, body: .init(string: req.application.metrics.exposition(outboxByStatus: byStatus, oldestPendingSeconds: oldest)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func mayRead(_ req: Request) -> Bool {
        let config = req.application.config
        let peer = req.remoteAddress?.ipAddress ?? ""
        let relayed = req.headers.contains(name: .xForwardedFor) || req.headers.contains(name: "Forwarded")
        if relayed && !config.trustedProxies.contains(peer) { return false }
        let client = req.clientAddress
        return config.metricsAllow.contains { AddressRange($0)?.contains(client) ?? false }
    }
}

/// An IPv4 or IPv6 address, or a range of them in CIDR notation (`10.0.0.0/8`, `fd00::/8`).
struct AddressRange: Equatable {
    let bytes: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let address = parts.first, let bytes = Self.parse(address) else { return nil }
        let bits = bytes.count * 8
        if parts.count == 2 {
            guard let prefix = Int(parts[1]), (0...bits).contains(prefix) else { return nil }
            self.prefix = prefix
        } else {
            self.prefix = bits
        }
        self.bytes = bytes
    }

    func contains(_ address: String) -> Bool {
        guard var other = Self.parse(address) else { return false }
        // An IPv4 client seen on an IPv6 socket (::ffff:10.1.2.3) is the IPv4 address.
        if bytes.count == 4, other.count == 16, other[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff][...] {
            other = Array(other[12...])
        }
        guard other.count == bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(bytes, other) where remaining > 0 {
            let take = min(8, remaining)
            let mask: UInt8 = take == 8 ? 0xff : ~(0xff >> UInt8(take))
            if a & mask != b & mask { return false }
            remaining -= take
        }
        return true
    }

    static func parse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
