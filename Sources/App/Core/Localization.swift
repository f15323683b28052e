import Foundation
import Leaf
import Vapor

/// The interface languages. Swedish is the default; content (agreement text) stays in
/// the language it was written in, and pages mark it with `lang`.
enum Language: String, CaseIterable, Sendable, Codable {
    case sv
    case en

    static let `default` = Language.sv
}

/// The translation catalogue: one flat JSON file per language in Resources/Localization.
/// A key missing in a language falls back to Swedish, then to the key itself (which a test forbids).
struct Catalogue: Sendable {
    let entries: [Language: [String: String]]

    static func load(directory: String) throws -> Catalogue {
        var entries: [Language: [String: String]] = [:]
        for locale in Language.allCases {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(locale.rawValue).json")
            let data = try Data(contentsOf: url)
            entries[locale] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalogue(entries: entries)
    }

    /// The text for `key`, with `{0}`, `{1}`, … replaced by `arguments`.
    func text(_ key: String, _ locale: Language, _ arguments: [String] = []) -> String {
        var text = entries[locale]?[key] ?? entries[.default]?[key] ?? key
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }
}

extension Application {
    private struct CatalogueKey: StorageKey { typealias Value = Catalogue }
    var catalogue: Catalogue {
        get {
            guard let catalogue = storage[CatalogueKey.self] else { fatalError("Catalogue not loaded in configure()") }
            return catalogue
        }
        set { storage[CatalogueKey.self] = newValue }
    }
}

extension Request {
    private struct LocaleKey: StorageKey { typealias Value = Language }
    var locale: Language {
        get { storage[LocaleKey.self] ?? .default }
        set { storage[LocaleKey.self] = newValue }
    }

    /// Translates for this request's language.
    func t(_ key: String, _ arguments: String...) -> String {
        application.catalogue.text(key, locale, arguments)
    }
}

/// Picks the interface language: `?lang=` (remembered in a cookie), then the cookie, then Swedish.
struct LocaleMiddleware: AsyncMiddleware {
    static let cookieName = "lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let fromQuery = (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:))
        let fromCookie = request.cookies[Self.cookieName].flatMap { Language(rawValue: $0.string) }
        request.locale = fromQuery ?? fromCookie ?? .default
        let response = try await next.respond(to: request)
        if let fromQuery, fromQuery != fromCookie {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: fromQuery.rawValue, maxAge: 60 * 60 * 24 * 365, path: "/",
                isSecure: request.application.config.secureCookies, isHTTPOnly: true, sameSite: .lax
            )
        }
        return response
    }
}

/// `#t("key")` or `#t("key", argument, …)` in templates.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw "#t needs a catalogue key as its first parameter"
        }
        guard let request = ctx.request else { return .string(key) }
        let arguments = ctx.parameters.dropFirst().map { $0.string ?? $0.description }
        return .string(request.application.catalogue.text(key, request.locale, Array(arguments)))
    }
}
