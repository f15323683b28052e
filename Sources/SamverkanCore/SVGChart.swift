/// Small bar charts drawn on the server as SVG. Every chart has a title and a description for
/// screen readers; the report shows the same figures in a table beside it.
public enum SVGChart {
    public struct Bar: Equatable, Sendable {
        public let label: String
        /// nil draws no bar (a suppressed figure) and says so in the label.
        public let value: Double?
        /// The party's colour: 0 civil society, 1 the municipality (one colour per party, in every chart).
        public let shade: Int
        /// An earlier year: the party's colour in stripes, so years differ without a new colour.
        public let earlier: Bool

        public init(label: String, value: Double?, shade: Int = 0, earlier: Bool = false) {
            self.label = label
            self.value = value
            self.shade = shade
            self.earlier = earlier
        }
    }

    /// Each has at least 3:1 contrast against the white and the light grey track (WCAG 1.4.11).
    public static let shades = ["#00507a", "#1d6b36"]

    /// Horizontal bars on a 0…`maximum` scale, one per row, labels on the left.
    public static func horizontalBars(id: String, title: String, description: String, bars: [Bar], maximum: Double,
                                      valueText: (Double) -> String, missingText: String) -> String {
        let rowHeight = 26, labelWidth = 230, barWidth = 300, height = max(1, bars.count) * rowHeight + 8
        var out = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 \#(labelWidth + barWidth + 70) \#(height)" width="\#(labelWidth + barWidth + 70)" height="\#(height)" aria-labelledby=""#
        out += "\(id)-t \(id)-d\">"
        out += "<title id=\"\(id)-t\">\(escape(title))</title><desc id=\"\(id)-d\">\(escape(description))</desc>"
        let striped = Set(bars.filter(\.earlier).map { $0.shade % shades.count })
        if !striped.isEmpty {
            out += "<defs>"
            for shade in striped.sorted() {
                out += "<pattern id=\"\(id)-s\(shade)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                out += "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><rect width=\"3\" height=\"6\" fill=\"\(shades[shade])\"/></pattern>"
            }
            out += "</defs>"
        }
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 17)\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1f24\">\(escape(bar.label))</text>"
            out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(barWidth)\" height=\"18\" fill=\"#f3f5f7\" stroke=\"#c9d0d8\"/>"
            if let value = bar.value {
                let width = Int((min(max(value, 0), maximum) / maximum * Double(barWidth)).rounded())
                let colour = shades[bar.shade % shades.count]
                let fill = bar.earlier ? "url(#\(id)-s\(bar.shade % shades.count))" : colour
                out += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"18\" fill=\"\(fill)\" stroke=\"\(colour)\"/>"
                out += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 17)\" font-size=\"13\" fill=\"#1b1f24\">\(escape(valueText(value)))</text>"
            } else {
                out += "<text x=\"\(labelWidth + 6)\" y=\"\(y + 17)\" font-size=\"12\" fill=\"#4a5360\">\(escape(missingText))</text>"
            }
        }
        return out + "</svg>"
    }

    /// Text and attribute values for SVG (XML).
    public static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
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
