/// Writes a small, valid one-page PDF with lines of text, its cross-reference table at the right
/// offsets: the demo's board protocols and minutes, and the files the tests upload.
public enum SimplePDF {
    public static func document(lines: [String]) -> [UInt8] {
        let text = lines.enumerated().map { index, line in
            let escaped = line.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "(", ")", "\\": return "\\" + String(scalar)
                default: return scalar.isASCII && scalar.value >= 32 ? String(scalar) : "?"
                }
            }.joined()
            return "BT /F1 12 Tf 72 \(770 - index * 18) Td (\(escaped)) Tj ET"
        }.joined(separator: "\n")
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, body) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(index + 1) 0 obj\n\(body)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { out += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }
}
