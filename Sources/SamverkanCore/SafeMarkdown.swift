/// The small Markdown the coordinator writes news in, rendered on the server. Nothing typed
/// reaches the page unescaped: raw HTML is refused when saving and escaped when rendering, and a
/// link goes only to `https://`, `http://`, `mailto:` or a path on the site.
///
/// The subset (documented to the writer under the field):
/// - paragraphs, separated by an empty line; a single line break stays a line break;
/// - `## Heading` and `### Subheading`;
/// - lists: lines starting `- ` or `* `, or numbered `1. `;
/// - a quotation: lines starting `> `;
/// - `**bold**`, `*italic*` or `_italic_`, and links `[text](https://…)`.
public enum SafeMarkdown {
    public enum Problem: Equatable, Sendable {
        /// Something that looks like an HTML tag or comment, on this line (1-based).
        case rawHTML(line: Int)
        /// A link to somewhere else than the web or mail, such as `javascript:`.
        case unsafeLink(line: Int, target: String)
    }

    /// What would be refused on saving.
    public static func problems(_ text: String) -> [Problem] {
        var found: [Problem] = []
        for (index, line) in lines(text).enumerated() {
            if containsTag(line) { found.append(.rawHTML(line: index + 1)) }
            for link in links(in: line) where !isSafe(link.target) {
                found.append(.unsafeLink(line: index + 1, target: link.target))
            }
        }
        return found
    }

    /// The text as HTML, every character of it escaped but the subset's own markup.
    public static func html(_ text: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []

        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let l = list {
                let tag = l.ordered ? "ol" : "ul"
                out.append("<\(tag)>" + l.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty { out.append("<blockquote><p>" + quote.map(inline).joined(separator: "<br>") + "</p></blockquote>") }
            quote = []
        }
        func flushAll() { flushParagraph(); flushList(); flushQuote() }

        for raw in lines(text) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flushAll(); continue }
            if line.hasPrefix("### ") || line.hasPrefix("## ") {
                flushAll()
                let level = line.hasPrefix("### ") ? 3 : 2
                out.append("<h\(level)>\(inline(String(line.dropFirst(level + 1))))</h\(level)>")
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph(); flushQuote()
                if list?.ordered == true { flushList() }
                list = (false, (list?.items ?? []) + [String(line.dropFirst(2))])
            } else if let item = numbered(line) {
                flushParagraph(); flushQuote()
                if list?.ordered == false { flushList() }
                list = (true, (list?.items ?? []) + [item])
            } else if line.hasPrefix(">") {
                flushParagraph(); flushList()
                quote.append(String(line.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else {
                flushList(); flushQuote()
                paragraph.append(line)
            }
        }
        flushAll()
        return out.joined(separator: "\n")
    }

    // MARK: - Inline

    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let link = firstLink(in: rest) {
            out += emphasis(escape(String(rest[..<link.range.lowerBound])))
            let label = emphasis(escape(link.text))
            out += isSafe(link.target) ? "<a href=\"\(escape(link.target))\">\(label)</a>" : label
            rest = rest[link.range.upperBound...]
        }
        return out + emphasis(escape(String(rest)))
    }

    /// `**strong**` first, then `*em*` and `_em_`, on text already escaped (the markers are not
    /// characters escaping changes). An unpaired marker stays as it is.
    static func emphasis(_ text: String) -> String {
        var s = replacePairs(text, marker: "**", open: "<strong>", close: "</strong>")
        s = replacePairs(s, marker: "*", open: "<em>", close: "</em>")
        return replacePairs(s, marker: "_", open: "<em>", close: "</em>", wordBoundary: true)
    }

    static func replacePairs(_ text: String, marker: String, open: String, close: String, wordBoundary: Bool = false) -> String {
        var parts = text.components(separatedBy: marker)
        guard parts.count >= 3 else { return text }
        var out = parts.removeFirst()
        while parts.count >= 2 {
            let inner = parts.removeFirst()
            // In a word (snake_case, 2*3), a marker is a character, not emphasis.
            let touchesWord = wordBoundary && ((out.last?.isLetter ?? false) || (parts.first?.first?.isLetter ?? false))
            if inner.isEmpty || inner.first == " " || inner.last == " " || touchesWord {
                out += marker + inner
                continue
            }
            out += open + inner + close + parts.removeFirst()
        }
        if let last = parts.first { out += marker + last }
        return out
    }

    struct Link { let text: String; let target: String; let range: Range<Substring.Index> }

    static func firstLink(in s: Substring) -> Link? {
        var search = s.startIndex
        while let open = s[search...].firstIndex(of: "[") {
            guard let close = s[open...].firstIndex(of: "]"), s.index(after: close) < s.endIndex, s[s.index(after: close)] == "(",
                  let end = matchingParenthesis(s, from: s.index(after: close)) else { return nil }
            let text = String(s[s.index(after: open)..<close])
            let target = String(s[s.index(close, offsetBy: 2)..<end]).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty, !target.isEmpty, !target.contains(" ") {
                return Link(text: text, target: target, range: open..<s.index(after: end))
            }
            search = s.index(after: open)
        }
        return nil
    }

    /// The `)` that closes the `(` at `start`, parentheses inside counted (`javascript:alert(1)`).
    static func matchingParenthesis(_ s: Substring, from start: Substring.Index) -> Substring.Index? {
        var depth = 0
        var i = start
        while i < s.endIndex {
            if s[i] == "(" { depth += 1 } else if s[i] == ")" { depth -= 1; if depth == 0 { return i } }
            i = s.index(after: i)
        }
        return nil
    }

    static func links(in line: String) -> [Link] {
        var found: [Link] = []
        var rest = Substring(line)
        while let link = firstLink(in: rest) {
            found.append(link)
            rest = rest[link.range.upperBound...]
        }
        return found
    }

    static func isSafe(_ target: String) -> Bool {
        let lower = target.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") { return true }
        // A path on the site, not `//elsewhere.example`.
        return lower.hasPrefix("/") && !lower.hasPrefix("//") && !lower.hasPrefix("/\\")
    }

    /// `<` followed by a letter, `/`, `!` or `?`: the start of a tag, a comment or a declaration.
    static func containsTag(_ line: String) -> Bool {
        let chars = Array(line)
        for (i, c) in chars.enumerated() where c == "<" && i + 1 < chars.count {
            let next = chars[i + 1]
            if next.isLetter || next == "/" || next == "!" || next == "?" { return true }
        }
        return false
    }

    static func numbered(_ line: String) -> String? {
        let digits = line.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.hasPrefix(". ") else { return nil }
        return String(rest.dropFirst(2))
    }

    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
