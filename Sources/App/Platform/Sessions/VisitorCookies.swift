import Crypto
import NIOConcurrencyHelpers
import Vapor

/// What a visitor who has not logged in carries between requests, in signed cookies instead of a
/// session row: the CSRF token of the forms they see, and a message for the next page. So viewing
/// a form writes nothing to the database.
final class VisitorState: @unchecked Sendable {
    let key: SymmetricKey
    /// The token from the request's cookie, when its signature holds.
    let cookieToken: String?
    let cookieFlash: String?
    private let lock = NIOLock()
    private var mintedToken: String?
    private var newFlash: String?
    private var flashConsumed = false

    init(key: SymmetricKey, request: Request) {
        self.key = key
        let csrfValue: String? = request.cookies[VisitorState.csrfCookie(request)]?.string
        cookieToken = csrfValue.flatMap { SigningKey.verify($0, purpose: "csrf", key: key) }
        let flashValue: String? = request.cookies[VisitorState.flashCookie(request)]?.string
        let flashText: String? = flashValue.flatMap { SigningKey.verify($0, purpose: "flash", key: key) }
        cookieFlash = flashText.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    var csrfToken: String {
        lock.withLock {
            if let token = cookieToken ?? mintedToken { return token }
            let token = SigningKey.randomToken()
            mintedToken = token
            return token
        }
    }

    func setFlash(_ message: String) { lock.withLock { newFlash = message } }

    /// The message for this page, once.
    func takeFlash() -> String? {
        lock.withLock {
            guard !flashConsumed, let message = cookieFlash else { return nil }
            flashConsumed = true
            return message
        }
    }

    func apply(to response: Response, request: Request) {
        let secure = request.application.config.secureCookies
        lock.withLock {
            if let minted = mintedToken {
                response.cookies[Self.csrfCookie(request)] = HTTPCookies.Value(
                    string: SigningKey.sign(minted, purpose: "csrf", key: key), path: "/",
                    isSecure: secure, isHTTPOnly: true, sameSite: .lax)
            }
            if let newFlash {
                let encoded = Data(newFlash.utf8).base64EncodedString()
                response.cookies[Self.flashCookie(request)] = HTTPCookies.Value(
                    string: SigningKey.sign(encoded, purpose: "flash", key: key), maxAge: 300, path: "/",
                    isSecure: secure, isHTTPOnly: true, sameSite: .lax)
            } else if flashConsumed {
                response.cookies[Self.flashCookie(request)] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0),
                                                                               maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
            }
        }
    }

    static func csrfCookie(_ request: Request) -> String { request.application.config.cookieName("samverkan_csrf") }
    static func flashCookie(_ request: Request) -> String { request.application.config.cookieName("samverkan_flash") }
}

extension Request {
    private struct VisitorKey: StorageKey { typealias Value = VisitorState }

    var visitor: VisitorState? {
        get { storage[VisitorKey.self] }
        set { storage[VisitorKey.self] = newValue }
    }

    /// A logged-in person's requests keep state in the session; everyone else's in signed cookies.
    var isSignedIn: Bool { hasSession && session.data[SessionKey.userID] != nil }
}

/// Loads the signing key (cached after the first request), reads the visitor's cookies, and
/// writes back whatever the request changed. Once the key is known, no task of its own.
struct VisitorCookiesMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let signingKey = request.application.signingKey
        if let key = signingKey.cachedKey { return respond(to: request, key: key, chainingTo: next) }
        return request.eventLoop.makeFutureWithTask { try await signingKey.key(on: request.db) }
            .flatMap { respond(to: request, key: $0, chainingTo: next) }
    }

    private func respond(to request: Request, key: SymmetricKey, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let state = VisitorState(key: key, request: request)
        request.visitor = state
        return next.respond(to: request).map { response in
            state.apply(to: response, request: request)
            return response
        }
    }
}
