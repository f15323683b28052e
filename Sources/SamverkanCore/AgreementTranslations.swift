/// Translations of an agreement's texts. Swedish is the authoritative text; a translation names
/// the text it was made from, so a later change to the Swedish text shows it as outdated.
///
/// A text is found by its path in the document: `title`, `subtitle`, `purpose`,
/// `principles.<key>.name` and `.description`, `commitments.<key>.text`,
/// `developmentAreas.<key>.name` and `.description`, and
/// `developmentAreas.<key>.activities.<n>.title` and `.description` (n counts from 1).
public struct AgreementTranslation: Equatable, Sendable {
    public var text: String
    /// The Swedish text translated, when it differs from the document's text now (the
    /// translation is outdated); nil when the translation is of the text as it stands.
    public var translatedFrom: String?
    public init(text: String, translatedFrom: String? = nil) {
        self.text = text
        self.translatedFrom = translatedFrom
    }
}

extension AgreementDocument {
    /// Every translatable text with its path, in the document's order.
    public var translatableTexts: [(path: String, text: String)] {
        var result: [(String, String)] = [("title", title)]
        if let subtitle { result.append(("subtitle", subtitle)) }
        if let purpose { result.append(("purpose", purpose)) }
        for p in principles {
            result.append(("principles.\(p.key).name", p.name))
            if let d = p.description { result.append(("principles.\(p.key).description", d)) }
        }
        for c in commitments { result.append(("commitments.\(c.key).text", c.text)) }
        for a in developmentAreas {
            result.append(("developmentAreas.\(a.key).name", a.name))
            if let d = a.description { result.append(("developmentAreas.\(a.key).description", d)) }
            for (index, activity) in a.activities.enumerated() {
                let base = "developmentAreas.\(a.key).activities.\(index + 1)"
                result.append(("\(base).title", activity.title))
                if let d = activity.description { result.append(("\(base).description", d)) }
            }
        }
        return result
    }

    /// The Swedish text at `path`, nil when there is none.
    public func swedishText(at path: String) -> String? {
        translatableTexts.first { $0.path == path }?.text
    }

    /// Every translatable Swedish text by its path.
    public var swedishTexts: [String: String] {
        Dictionary(translatableTexts.map { ($0.path, $0.text) }) { first, _ in first }
    }

    /// Whether `code` can name a language in the file: two or three lowercase letters (ISO 639),
    /// not Swedish, which is the document itself.
    public static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.allSatisfy { ("a"..."z").contains($0) } && code != "sv"
    }
}
