/// Text that flows as paragraphs whatever the width of the screen: a blank line starts a new
/// paragraph, and a single line break (the way an agreement file wraps its long lines) is a space.
enum FlowingText {
    static func paragraphs(_ text: String?) -> [String]? {
        guard let text else { return nil }
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { paragraph in
                paragraph.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
            .filter { !$0.isEmpty }
        return paragraphs.isEmpty ? nil : paragraphs
    }
}
