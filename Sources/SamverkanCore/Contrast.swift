import Foundation

/// Colour contrast as WCAG 2.1 defines it (relative luminance), for colours a coordinator chooses.
public enum Contrast {
    /// `#RRGGBB` (or `RRGGBB`) as red, green and blue from 0 to 255; nil for anything else.
    public static func rgb(_ hex: String) -> (Int, Int, Int)? {
        var text = hex.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("#") { text.removeFirst() }
        guard text.count == 6, text.allSatisfy(\.isHexDigit), let value = Int(text, radix: 16) else { return nil }
        return ((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff)
    }

    static func luminance(_ c: (Int, Int, Int)) -> Double {
        func channel(_ v: Int) -> Double {
            let s = Double(v) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    /// From 1 (none) to 21 (black on white).
    public static func ratio(_ a: String, _ b: String) -> Double? {
        guard let x = rgb(a), let y = rgb(b) else { return nil }
        let (l1, l2) = (luminance(x), luminance(y))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    /// `#rrggbb` in lower case.
    public static func normalised(_ hex: String) -> String? {
        rgb(hex).map { String(format: "#%02x%02x%02x", $0.0, $0.1, $0.2) }
    }

    /// The colour with each channel scaled towards black by `factor` (0.75: a quarter darker).
    public static func darker(_ hex: String, by factor: Double = 0.75) -> String? {
        rgb(hex).map { String(format: "#%02x%02x%02x", Int(Double($0.0) * factor), Int(Double($0.1) * factor), Int(Double($0.2) * factor)) }
    }
}
