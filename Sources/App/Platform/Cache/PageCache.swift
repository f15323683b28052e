import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Rendered public pages, kept in memory per app instance and keyed by the municipality's content
/// version (see `ContentVersion`), the address with its query, the language and the day. A change
/// to the municipality's data gives a new version, so the next request renders afresh, on every
/// instance; what changes with the clock alone ends with `pageCacheSeconds`.
///
/// Only what is the same for every visitor is kept: GET requests without a session or a message
/// cookie whose answer is a 200 HTML page that set no cookie and showed no form token.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
        let storedAt: Int
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    /// At most this many pages and this many bytes of them: a visitor who asks for endless
    /// queries of a large page cannot make the cache grow past it.
    let limit: Int
    let byteLimit: Int

    init(limit: Int, byteLimit: Int) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    func get(_ key: String) -> Entry? { state.withLockedValue { $0.entries[key] } }

    func put(_ key: String, _ entry: Entry) {
        guard entry.body.readableBytes <= byteLimit / 4 else { return }
        state.withLockedValue { state in
            if let old = state.entries[key] { state.bytes -= old.body.readableBytes }
            if state.entries.count >= limit || state.bytes + entry.body.readableBytes > byteLimit {
                // Drop the older half: pages of old versions go first.
                let keep = state.entries.sorted { $0.value.storedAt > $1.value.storedAt }.prefix(state.entries.count / 2)
                state.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                state.bytes = state.entries.values.reduce(0) { $0 + $1.body.readableBytes }
            }
            state.entries[key] = entry
            state.bytes += entry.body.readableBytes
        }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }
    var bytes: Int { state.withLockedValue { $0.bytes } }
}

extension Application {
    private struct PageCacheKey: StorageKey { typealias Value = PageCache }

    var pageCache: PageCache {
        if let cache = storage[PageCacheKey.self] { return cache }
        let cache = PageCache(limit: config.pageCacheEntries, byteLimit: config.pageCacheMegabytes * 1024 * 1024)
        storage[PageCacheKey.self] = cache
        return cache
    }
}

extension Request {
    private struct PersonalKey: StorageKey { typealias Value = Bool }

    /// Set when the page shows something of this visitor's own (a form token): it is not cached.
    var isPersonal: Bool {
        get { storage[PersonalKey.self] ?? false }
        set { storage[PersonalKey.self] = newValue }
    }
}

/// Serves public pages from the `PageCache`, answers `If-None-Match` with 304, and tells
/// browsers and a reverse proxy how long they may keep a public page. A plain `Middleware`: the
/// version is read as a future on the request's event loop, so a page served from the cache costs
/// that one query and no task.
struct PageCacheMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let seconds = request.application.config.pageCacheSeconds
        guard seconds > 0, request.method == .GET, let scope = Self.scope(of: request.url.path), isAnonymous(request),
              let sql = request.db as? any SQLDatabase else {
            return next.respond(to: request)
        }
        // On a SQLite file the version is read in place; otherwise (or when that cannot answer) as a query.
        if let reader = request.application.versionReader, case .version(let version) = reader.version(of: scope) {
            return respond(to: request, version: version, seconds: seconds, chainingTo: next)
        }
        return ContentVersion.future(of: scope, on: sql).flatMap { version in
            respond(to: request, version: version, seconds: seconds, chainingTo: next)
        }
    }

    private func respond(to request: Request, version: Int?, seconds: Int, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard let version else { return next.respond(to: request) }
        let now = request.clock.seconds
        let key = [String(version), request.locale.rawValue, request.clock.today.description,
                   request.url.path, request.url.query ?? ""].joined(separator: "|")
        let cache = request.application.pageCache
        if let entry = cache.get(key), now - entry.storedAt < seconds {
            return request.eventLoop.makeSucceededFuture(Self.answer(request, entry, maxAge: seconds, hit: true))
        }
        return next.respond(to: request).map { response in
            guard response.status == .ok, !request.isPersonal, response.headers[.setCookie].isEmpty,
                  let contentType = response.headers.first(name: .contentType), contentType.hasPrefix("text/html"),
                  let body = response.body.buffer else {
                return response
            }
            let entry = PageCache.Entry(body: body, contentType: contentType, etag: ETag.of(body.readableBytesView), storedAt: now)
            cache.put(key, entry)
            return Self.answer(request, entry, maxAge: seconds, hit: false)
        }
    }

    enum Scope: Equatable {
        case site
        case municipality(String)
    }

    /// The start page speaks of every municipality; a page under `/{kommun}/` of that one.
    static func scope(of path: String) -> Scope? {
        if path == "/" { return .site }
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return nil }
        let rest = utf8.dropFirst()
        let first = rest.prefix { $0 != UInt8(ascii: "/") }
        guard !first.isEmpty, first.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }) else {
            return nil
        }
        let slug = String(decoding: first, as: UTF8.self)
        return Paths.reservedSlugs.contains(slug) ? nil : .municipality(slug)
    }

    /// No session (a signed-in person sees their own menu) and no message waiting for the next page.
    private func isAnonymous(_ request: Request) -> Bool {
        request.cookies[request.application.sessions.configuration.cookieName] == nil
            && request.cookies[VisitorState.flashCookie(request)] == nil
    }

    private static func answer(_ request: Request, _ entry: PageCache.Entry, maxAge: Int, hit: Bool) -> Response {
        var headers = HTTPHeaders()
        // For operators and tests: whether the page was rendered for this request.
        headers.replaceOrAdd(name: "X-Page-Cache", value: hit ? "hit" : "miss")
        headers.replaceOrAdd(name: .eTag, value: entry.etag)
        // Brief, and revalidated: a reverse proxy may serve it for a few seconds to everyone.
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(min(maxAge, 10))")
        headers.replaceOrAdd(name: .vary, value: "Cookie")
        if ETag.isCurrent(entry.etag, for: request) {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: entry.contentType)
        return Response(status: .ok, headers: headers, body: .init(buffer: entry.body))
    }
}
