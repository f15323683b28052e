import Vapor

/// A page written as bytes, for the pages where a template's cost shows (docs/performance.md,
/// decision 7). `text` and `attribute` escape exactly the characters Leaf escapes, so a value is
/// as safe here as in a template; `raw` is for the markup itself, written in the view's code.
struct HTML {
    private(set) var buffer: ByteBuffer

    init(capacity: Int = 16_384) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Markup written by the view itself, never a value that came from a person.
    mutating func raw(_ markup: String) {
        buffer.writeString(markup)
    }

    /// A value shown as text: `& < > " '` become entities.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let entity: StaticString
                switch bytes[index] {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                default: continue
                }
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                buffer.writeStaticString(entity)
                start = index + 1
            }
            buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
    }

    /// ` name="value"`, the value escaped.
    mutating func attribute(_ name: String, _ value: String) {
        buffer.writeString(" \(name)=\"")
        text(value)
        buffer.writeStaticString("\"")
    }

    /// `<a href="url" …>label</a>`, every value escaped; `attributes` follow the address.
    mutating func link(_ url: String, _ label: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        raw("<a")
        attribute("href", url)
        for (name, value) in attributes { attribute(name, value) }
        raw(">")
        text(label)
        raw("</a>")
    }

    /// `<option>` elements of a `<select>`.
    mutating func options(_ options: [SelectOption]) {
        for option in options {
            raw("<option")
            attribute("value", option.value)
            if option.selected { raw(" selected") }
            raw(">")
            text(option.label)
            raw("</option>")
        }
    }

    var string: String { String(buffer: buffer) }

    /// The page as a response body, sent as `text/html` like a rendered template.
    var view: View { View(data: buffer) }
}

/// One choice of a `<select>`.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}
