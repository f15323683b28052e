import Foundation

/// Recognises files by their structure, never by their name.
public enum FileCheck {
    /// A PDF by its structure: `%PDF-1.` or `%PDF-2.` at the very first byte, an `%%EOF` marker in
    /// the last kilobyte, and a `startxref` offset that points inside the file at a cross-reference
    /// table (`xref`) or a cross-reference stream (`N G obj`). An HTML page, a script or an
    /// executable with `%PDF-` somewhere in it fails all three.
    public static func isPDF(_ bytes: some Collection<UInt8>) -> Bool {
        let data = Array(bytes)
        guard data.starts(with: Array("%PDF-1.".utf8)) || data.starts(with: Array("%PDF-2.".utf8)) else { return false }
        let tailStart = max(0, data.count - 1024)
        let tail = Array(data[tailStart...])
        guard let eof = lastRange(of: Array("%%EOF".utf8), in: tail),
              let startxref = lastRange(of: Array("startxref".utf8), in: Array(tail[..<eof.lowerBound])) else { return false }
        var index = startxref.upperBound
        while index < eof.lowerBound, isWhitespace(tail[index]) { index += 1 }
        var offset = 0
        var digits = 0
        while index < eof.lowerBound, (48...57).contains(tail[index]), digits < 12 {
            offset = offset * 10 + Int(tail[index] - 48)
            index += 1
            digits += 1
        }
        guard digits > 0, offset < data.count else { return false }
        return isCrossReference(Array(data[offset..<min(data.count, offset + 64)]))
    }

    /// `xref` (a classic table) or `12 0 obj` (a cross-reference stream, PDF 1.5 and later).
    static func isCrossReference(_ head: [UInt8]) -> Bool {
        if head.starts(with: Array("xref".utf8)) { return true }
        var index = 0
        for _ in 0..<2 {
            let start = index
            while index < head.count, (48...57).contains(head[index]) { index += 1 }
            guard index > start else { return false }
            guard index < head.count, isWhitespace(head[index]) else { return false }
            while index < head.count, isWhitespace(head[index]) { index += 1 }
        }
        return Array(head[index...]).starts(with: Array("obj".utf8))
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || byte == 10 || byte == 13 || byte == 9 || byte == 12 || byte == 0 }

    static func lastRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard haystack.count >= needle.count else { return nil }
        for start in stride(from: haystack.count - needle.count, through: 0, by: -1)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start..<start + needle.count
        }
        return nil
    }

    /// A file name to offer for download: no path, no control characters or direction marks, no
    /// quotes, and always the `.pdf` extension, whatever the uploader called it.
    public static func pdfDownloadName(_ original: String, fallback: String = "dokument") -> String {
        downloadName(original, extension: "pdf", fallback: fallback)
    }

    /// The name a stored file is offered under: the last part of the name it came with, cleaned of
    /// control characters, direction marks, quotes and semicolons, its own extension replaced by
    /// the one its content proved (`pdf`, `png`, `jpg`).
    public static func downloadName(_ original: String, extension ext: String, fallback: String = "dokument") -> String {
        let lastPart = original.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(lastPart.unicodeScalars.filter { scalar in
            !EmailAddress.isControl(scalar) && !isDirectionMark(scalar) && scalar != "\"" && scalar != ";"
        }))
        var base = cleaned
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        base = base.trimmingCharacters(in: .whitespaces)
        if base.isEmpty || base.allSatisfy({ $0 == "." }) { base = fallback }
        return String(base.prefix(150)) + "." + ext
    }

    /// Bidirectional controls (U+200E/F, U+202A–E, U+2066–9): they can make `fdp.exe` read as `exe.pdf`.
    static func isDirectionMark(_ scalar: Unicode.Scalar) -> Bool {
        [0x200E, 0x200F, 0x061C].contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }
}
