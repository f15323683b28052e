/// What the platform accepts as an e-mail address: one mailbox, `local@domain`, with nothing a
/// mail header could be split or extended with. Every form field and every header uses this check.
public enum EmailAddress {
    /// Characters that never belong in an address we accept: list and route separators, angle
    /// brackets, quotes and comments (legal in RFC 5322 but only used to smuggle in recipients).
    static let forbidden: Set<Unicode.Scalar> = [",", ";", "<", ">", "\"", "(", ")", "[", "]", "\\", " "]

    /// `requireDot: false` admits a domain without a dot (`samverkan@localhost`, a sender on a
    /// laptop); forms always require one.
    public static func isValid(_ text: String, requireDot: Bool = true) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 254 else { return false }
        for scalar in text.unicodeScalars where isControl(scalar) || forbidden.contains(scalar) {
            return false
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64 else { return false }
        let domain = parts[1]
        guard !domain.isEmpty, !requireDot || domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..") else { return false }
        return true
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything that a
    /// header parser or a terminal could read as the end of a line.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Whether the text is safe to write into a header as it is (no line breaks or other controls).
    public static func isHeaderSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isControl)
    }
}
