import Vapor

/// Marks the catalogue puts in a text where the page must say something about its language: a
/// text that fell back to Swedish (WCAG 3.1.2: the element says `lang="sv"`), and an argument
/// inside right-to-left text (a Swedish name keeps its direction: `<bdi>`). The marks are
/// characters of Unicode's private use area, which no person's text holds and which survive
/// escaping; the last step of a response (`TextMarksMiddleware`) and the outbox turn them into
/// markup or plain text, so none of them reaches a reader.
enum TextMarks {
    static let fallbackStart: Character = "\u{E000}"
    static let fallbackEnd: Character = "\u{E001}"
    static let isolateStart: Character = "\u{E002}"
    static let isolateEnd: Character = "\u{E003}"

    static func fallback(_ text: String) -> String { "\(fallbackStart)\(text)\(fallbackEnd)" }
    static func isolate(_ text: String) -> String { "\(isolateStart)\(text)\(isolateEnd)" }

    /// Whether `text` holds any mark.
    static func contains(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0xE000...0xE003).contains($0.value) }
    }

    /// Plain text (mail, a file): a fallback needs no mark, an isolated argument becomes Unicode's
    /// first-strong isolate (U+2068 … U+2069) when `isolates`, or nothing.
    static func plain(_ text: String, isolates: Bool = true) -> String {
        guard contains(text) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xE000, 0xE001: continue
            case 0xE002: if isolates { result.append("\u{2068}") }
            case 0xE003: if isolates { result.append("\u{2069}") }
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// A page: in its text a fallback becomes `<span lang="sv">…</span>` and an isolated argument
    /// `<bdi>…</bdi>`. Inside a tag (an attribute) the marks are dropped; inside an element that
    /// holds only text (`title`, `option`, `textarea`, `script`, `style`) a fallback is dropped and
    /// an isolate becomes U+2068 … U+2069.
    static func html(_ page: String) -> String {
        guard contains(page) else { return page }
        let textOnly: Set<String> = ["title", "option", "textarea", "script", "style"]
        var out = String.UnicodeScalarView()
        var inTag = false
        var tagName = ""
        var readingName = false
        var textOnlyElement: String?
        for scalar in page.unicodeScalars {
            let v = scalar.value
            if (0xE000...0xE003).contains(v) {
                if inTag { continue }
                if textOnlyElement != nil {
                    if v == 0xE002 { out.append("\u{2068}") } else if v == 0xE003 { out.append("\u{2069}") }
                    continue
                }
                let markup = ["<span lang=\"sv\" data-untranslated>", "</span>", "<bdi>", "</bdi>"][Int(v - 0xE000)]
                out.append(contentsOf: markup.unicodeScalars)
                continue
            }
            out.append(scalar)
            if inTag {
                if readingName {
                    if scalar.properties.isAlphabetic || scalar == "/" && tagName.isEmpty || ("0"..."9").contains(scalar) {
                        tagName.unicodeScalars.append(scalar)
                        continue
                    }
                    readingName = false
                }
                if scalar == ">" {
                    inTag = false
                    let name = tagName.lowercased()
                    if let open = textOnlyElement {
                        if name == "/" + open { textOnlyElement = nil }
                    } else if textOnly.contains(name) {
                        textOnlyElement = name
                    }
                }
            } else if scalar == "<" {
                inTag = true
                readingName = true
                tagName = ""
            }
        }
        return String(out)
    }
}

/// Turns the marks of a response in a language that may carry them into markup (a page) or plain
/// text (anything else). Sits outside the page cache, so a cached page is marked up as it is served.
struct TextMarksMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let marking = request.locale.mayMark
        let response = try await next.respond(to: request)
        guard marking || request.locale.mayMark, let buffer = response.body.buffer,
              let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes),
              TextMarks.contains(text) else { return response }
        let isPage = response.headers.contentType?.subType == "html"
        let rewritten = isPage ? TextMarks.html(text) : TextMarks.plain(text, isolates: false)
        response.body = .init(string: rewritten)
        return response
    }
}
