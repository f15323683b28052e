import Foundation
import Leaf
import Vapor

/// The interface languages. Swedish is the default; content (agreement text) stays in
/// the language it was written in unless it is translated, and pages mark it with `lang`.
/// Swedish and English cover every page; Arabic and Finnish cover the public pages and forms,
/// and the staff pages fall back to Swedish (marked, see `TextMarks`).
enum Language: String, CaseIterable, Sendable, Codable {
    case sv
    case en
    case ar
    case fi

    static let `default` = Language.sv
    /// What a municipality's own shared addresses (a department's mailbox) read: Swedish.
    static let municipal = Language.sv

    /// The language's name in itself, as a language menu shows it (an endonym is the same word
    /// in every language, so it is not in the catalogue).
    var nativeName: String {
        switch self {
        case .sv: "Svenska"
        case .en: "English"
        case .ar: "العربية"
        case .fi: "Suomi"
        }
    }

    var isRightToLeft: Bool { self == .ar }
    /// The document's `dir`.
    var direction: String { isRightToLeft ? "rtl" : "ltr" }
    /// Whether the catalogue must hold every key in this language (a test checks it); the others
    /// hold at least every text of the public pages.
    var coversStaffPages: Bool { self == .sv || self == .en }
    /// Whether a text of this language can carry marks: a fallback to Swedish, or a name isolated
    /// from right-to-left text.
    var mayMark: Bool { !coversStaffPages || isRightToLeft }

    /// A list of codes as stored ("sv,en,ar"), Swedish always first and always there.
    static func list(_ stored: String?) -> [Language] {
        let named = (stored ?? "sv,en").split(separator: ",").compactMap { Language(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
        return [.sv] + Language.allCases.filter { $0 != .sv && named.contains($0) }
    }
}

/// The translation catalogue: per language a folder in Resources/Localization with one flat JSON
/// file per feature (`sv/meetings.json`), merged on load. A key defined twice, in one file or in
/// two, stops the start: the second would silently win. A key missing in a language falls back to
/// Swedish, marked as such (`TextMarks`), then to the key itself (which a test forbids).
struct Catalogue: Sendable {
    let entries: [Language: [String: String]]

    struct DuplicateKey: Error, CustomStringConvertible {
        let key: String
        let files: [String]
        var description: String { "The catalogue key \(key) is defined twice (\(files.joined(separator: ", ")))" }
    }

    static func load(directory: String) throws -> Catalogue {
        var entries: [Language: [String: String]] = [:]
        for locale in Language.allCases {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(locale.rawValue)
            // A language that covers only the public pages may lack a feature's file altogether.
            let names = locale.coversStaffPages ? try FileManager.default.contentsOfDirectory(atPath: folder.path)
                : (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            let files = names.filter { $0.hasSuffix(".json") }.sorted()
            var merged: [String: String] = [:]
            var origin: [String: String] = [:]
            for file in files {
                let data = try Data(contentsOf: folder.appendingPathComponent(file))
                let name = "\(locale.rawValue)/\(file)"
                for key in try keysInOrder(data) {
                    if let first = origin[key] { throw DuplicateKey(key: key, files: [first, name]) }
                    origin[key] = name
                }
                merged.merge(try JSONDecoder().decode([String: String].self, from: data)) { first, _ in first }
            }
            entries[locale] = merged
        }
        return Catalogue(entries: entries)
    }

    /// Every key of a flat JSON object as written, duplicates included (a decoder keeps only one).
    static func keysInOrder(_ data: Data) throws -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        let regex = try NSRegularExpression(pattern: #"(?:^|[{,])\s*("(?:[^"\\]|\\.)*")\s*:"#)
        return try regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            try JSONDecoder().decode(String.self, from: Data(text[Range($0.range(at: 1), in: text)!].utf8))
        }
    }

    /// The text for `key`, with `{0}`, `{1}`, … replaced by `arguments`, and `{0|förening|föreningar}`
    /// by the first form when argument 0 is 1 and by the second otherwise ("1 förening",
    /// "2 föreningar").
    /// In a right-to-left language each argument (a name, a date) is isolated, so a Swedish name
    /// keeps its direction inside Arabic text.
    func text(_ key: String, _ locale: Language, _ arguments: [String] = []) -> String {
        if let own = entries[locale]?[key] {
            return Catalogue.format(own, arguments, isolated: locale.isRightToLeft)
        }
        guard let swedish = entries[.default]?[key] else { return key }
        let text = Catalogue.format(swedish, arguments)
        return locale == .default ? text : TextMarks.fallback(text)
    }

    /// Whether `key` has a text of its own in `locale` (not the Swedish one it falls back to).
    func has(_ key: String, in locale: Language) -> Bool { entries[locale]?[key] != nil }

    /// One pass over `text`, so an argument that itself contains `{1}` is shown as it is.
    static func format(_ text: String, _ arguments: [String], isolated: Bool = false) -> String {
        guard text.contains("{") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                rest = rest[open...]
                break
            }
            let inside = rest[rest.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false)
            if let index = Int(inside[0]), arguments.indices.contains(index) {
                let argument = arguments[index]
                if inside.count == 1 {
                    result += isolated && !argument.isEmpty ? TextMarks.isolate(argument) : argument
                } else {
                    let one = argument.trimmingCharacters(in: .whitespaces) == "1"
                    result += inside[one ? 1 : min(2, inside.count - 1)]
                }
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
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
struct LocaleMiddleware: Middleware {
    static let cookieName = "lang"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // Decoding a query is costly; most have no `lang` in them (a search, a page number).
        let fromQuery = request.url.query?.contains("lang=") == true
            ? (try? request.query.get(String.self, at: "lang")).flatMap(Language.init(rawValue:)) : nil
        let fromCookie = request.cookies[Self.cookieName].flatMap { Language(rawValue: $0.string) }
        request.locale = fromQuery ?? fromCookie ?? .default
        guard let fromQuery, fromQuery != fromCookie else { return next.respond(to: request) }
        let secure = request.application.config.secureCookies
        return next.respond(to: request).map { response in
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: fromQuery.rawValue, maxAge: 60 * 60 * 24 * 365, path: "/",
                isSecure: secure, isHTTPOnly: true, sameSite: .lax
            )
            return response
        }
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

extension Language {
    /// The language of the person at the terminal, from the locale settings (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`: `en_GB.UTF-8` is English); Swedish when they name none of ours.
    static var ofTerminal: Language {
        let setting = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap { Environment.get($0) }.first { !$0.isEmpty } ?? ""
        return Language(rawValue: String(setting.prefix(2)).lowercased()) ?? .default
    }
}

extension Application {
    /// A text of the command line, in the language of the person at the terminal.
    func say(_ key: String, _ arguments: String...) -> String {
        catalogue.text(key, .ofTerminal, arguments)
    }

    /// A domain error, for the command line.
    func say(_ error: any DomainError) -> String {
        catalogue.text(error, .ofTerminal)
    }
}
