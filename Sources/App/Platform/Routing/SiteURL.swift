import Vapor

/// One address of the site, written once: the route is registered from it (`pattern`) and every
/// link to it is built from it (`SiteURL.meeting(slug, id)`), so the two cannot drift apart. A
/// part that starts with `:` is a parameter; links fill the parameters in order. Each feature
/// declares its addresses in its `<Feature>+Routes.swift`.
struct SiteURL: Sendable, CustomStringConvertible {
    let parts: [String]

    init(_ parts: String...) { self.parts = parts }
    private init(parts: [String]) { self.parts = parts }

    /// A deeper address: `meeting.appending("anmalan")`.
    func appending(_ more: String...) -> SiteURL { SiteURL(parts: parts + more) }

    /// What the route is registered with.
    var pattern: [PathComponent] {
        parts.map { $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .constant($0) }
    }

    var parameterCount: Int { parts.filter { $0.hasPrefix(":") }.count }

    /// The path with `values` in place of the parameters, in order (a UUID as its uppercase
    /// string, as the routes and the existing links have it).
    func callAsFunction(_ values: any CustomStringConvertible...) -> String {
        precondition(values.count == parameterCount, "\(self) takes \(parameterCount) values, not \(values.count)")
        var remaining = values[...]
        return "/" + parts.map { part in
            guard part.hasPrefix(":") else { return part }
            let value = remaining.removeFirst()
            return (value as? UUID)?.uuidString ?? value.description
        }.joined(separator: "/")
    }

    /// Whether a request's path is this address (any value in each parameter's place).
    func matches(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count == parts.count else { return false }
        return zip(parts, segments).allSatisfy { part, segment in part.hasPrefix(":") || part == segment }
    }

    var description: String { "/" + parts.joined(separator: "/") }
}

extension RoutesBuilder {
    /// Registers a route at a site address together with its access decision.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ url: SiteURL, access: Access,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(method, url.pattern, access: access, use: handler)
    }
}
