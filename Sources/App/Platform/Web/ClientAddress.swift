import Vapor

extension Request {
    /// The client's IP address for rate limits and the login throttle. `X-Forwarded-For` is read
    /// only when the connection comes from a configured trusted proxy; then the rightmost address
    /// that is not itself a trusted proxy is the client (the ones to its left are the client's word).
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        let trusted = application.config.trustedProxies
        guard trusted.contains(peer) else { return peer }
        let forwarded = headers[.xForwardedFor].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for address in forwarded.reversed() where !trusted.contains(address) {
            return String(address.prefix(64))
        }
        return peer
    }
}
