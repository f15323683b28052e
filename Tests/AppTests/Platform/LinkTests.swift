@testable import App
import Foundation
import Testing
import Vapor

/// Every link and form the demo pages show leads to a registered route: the pages build their
/// addresses from the same values the routes are registered with, and this finds any that drifted.
@Suite struct LinkTests {
    /// The links (GET) and form targets (POST) of a page, local ones only, with `&amp;` decoded.
    static func targets(in html: String) -> [(HTTPMethod, String)] {
        func matches(_ pattern: String, in text: String) -> [String] {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!])
            }
        }
        var found: [(HTTPMethod, String)] = matches(#"<a\b[^>]*\bhref="([^"]*)""#, in: html).map { (.GET, $0) }
        for form in matches(#"(<form\b[^>]*>)"#, in: html) {
            let method: HTTPMethod = form.lowercased().contains(#"method="post""#) ? .POST : .GET
            found += matches(#"\baction="([^"]*)""#, in: form).map { (method, $0) }
        }
        return found.map { ($0.0, $0.1.replacingOccurrences(of: "&amp;", with: "&")) }.filter { $0.1.hasPrefix("/") }
    }

    /// The app's routes as Vapor's responder matches them, and where its static files are.
    struct Routes {
        let router = TrieRouter(Bool.self)
        let publicDirectory: String

        init(_ app: Application) {
            for route in app.routes.all {
                router.register(true, at: [.constant(route.method.string)] + route.path)
            }
            publicDirectory = app.directory.publicDirectory
        }
    }

    static func router(_ app: Application) -> Routes { Routes(app) }

    static func isRouted(_ routes: Routes, _ method: HTTPMethod, _ target: String) -> Bool {
        let path = String(target.prefix { $0 != "?" && $0 != "#" })
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var parameters = Parameters()
        return routes.router.route(path: [method.string] + segments, parameters: &parameters) != nil
            // Static files come from Public/.
            || (method == .GET && FileManager.default.fileExists(atPath: routes.publicDirectory + path))
    }

    /// Follows every local link from `start` whose path `inScope` accepts, and checks each link and
    /// form target on the way. Returns the pages visited and the targets that no route handles.
    static func crawl(_ client: Client, from start: String, router: Routes,
                      inScope: (String) -> Bool, limit: Int = 400) async throws -> (pages: Int, unrouted: Set<String>) {
        var seen: Set<String> = [start], queue = [start], unrouted: Set<String> = [], pages = 0
        while !queue.isEmpty, pages < limit {
            let path = queue.removeFirst()
            let res = try await client.get(path)
            pages += 1
            guard res.headers.contentType?.subType == "html" else { continue }
            for (method, target) in targets(in: res.text) {
                if !isRouted(router, method, target) { unrouted.insert("\(method) \(target) (on \(path))") }
                let link = String(target.prefix { $0 != "#" })
                if method == .GET, inScope(link), !seen.contains(link), !link.contains("lang=") {
                    seen.insert(link)
                    queue.append(link)
                }
            }
        }
        return (pages, unrouted)
    }

    @Test func everyLinkAndFormOfTheDemoPagesIsHandledByARoute() async throws {
        try await withTestApp { app in
            let router = Self.router(app)
            // Visitors everywhere public in one municipality, then each role in its own admin pages.
            let visitor = try await Self.crawl(Client(app), from: "/", router: router) {
                !$0.hasPrefix("/admin") && !$0.hasPrefix("/logga-ut") && ($0 == "/" || $0.hasPrefix("/orebro") || $0.hasPrefix("/logga-in"))
            }
            #expect(visitor.pages > 40)
            #expect(visitor.unrouted.isEmpty, "\(visitor.unrouted.sorted())")
            for email in [Demo.coordinator("orebro"), Demo.officer("orebro"), Demo.representative("orebro")] {
                let client = Client(app)
                try await client.login(email)
                let crawl = try await Self.crawl(client, from: "/admin", router: router) {
                    $0 == "/admin" || $0.hasPrefix("/admin/orebro")
                }
                #expect(crawl.pages > 3, "\(email)")
                #expect(crawl.unrouted.isEmpty, "\(email): \(crawl.unrouted.sorted())")
            }
        }
    }

    @Test func aLinkWithoutARouteIsFound() async throws {
        try await withTestApp(demo: false) { app in
            let router = Self.router(app)
            let html = #"<a href="/orebro/moten">x</a><a href="/orebro/motenx/1">y</a><form method="post" action="/logga-in"></form>"#
            let unrouted = Self.targets(in: html).filter { !Self.isRouted(router, $0.0, $0.1) }.map(\.1)
            #expect(unrouted == ["/orebro/motenx/1"])
        }
    }
}
