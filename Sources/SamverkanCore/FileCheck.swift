/// Recognises files by their content, never by their name.
public enum FileCheck {
    /// A PDF starts with `%PDF-` (some writers put a few bytes before it; the standard allows 1024).
    public static func isPDF(_ bytes: some Collection<UInt8>) -> Bool {
        let head = Array(bytes.prefix(1024))
        let marker: [UInt8] = Array("%PDF-".utf8)
        guard head.count >= marker.count else { return false }
        for start in 0...(head.count - marker.count) where Array(head[start..<start + marker.count]) == marker {
            return true
        }
        return false
    }
}
