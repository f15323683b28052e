import Foundation

/// Text folded for search: lower case, without diacritics, single spaces, so that
/// "forening" finds "Förening" and "Malmö" matches "malmo".
public enum SearchText {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                  locale: Locale(identifier: "sv_SE"))
            .lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
