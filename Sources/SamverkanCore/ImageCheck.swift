/// What an uploaded picture is, read from its structure and not from its name or the browser's
/// word: a PNG whose every chunk has the right checksum, from `IHDR` to a final `IEND`, or a
/// JPEG from its start marker through a frame header to its end marker. Anything else (SVG,
/// which can carry script; HTML with an image's name; a truncated file) is nil.
public enum ImageCheck {
    public enum Kind: String, Sendable { case png, jpeg }

    public struct Info: Equatable, Sendable {
        public let kind: Kind
        public let width: Int
        public let height: Int

        public var contentType: String { kind == .png ? "image/png" : "image/jpeg" }
    }

    public static func inspect(_ bytes: [UInt8]) -> Info? {
        png(bytes) ?? jpeg(bytes)
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func png(_ b: [UInt8]) -> Info? {
        guard b.count > 8 + 25 + 12, Array(b[0..<8]) == pngSignature else { return nil }
        var at = 8
        var size: (Int, Int)?
        while at + 12 <= b.count {
            let length = Int(be32(b, at))
            let type = Array(b[(at + 4)..<(at + 8)])
            guard length <= b.count - at - 12 else { return nil }
            let end = at + 8 + length
            guard be32(b, end) == crc32(b[(at + 4)..<end]) else { return nil }
            if at == 8 {
                // The first chunk is the header, thirteen bytes, with a width and height above 0.
                guard type == Array("IHDR".utf8), length == 13 else { return nil }
                let w = Int(be32(b, at + 8)), h = Int(be32(b, at + 12))
                guard w > 0, h > 0 else { return nil }
                size = (w, h)
            }
            at = end + 4
            if type == Array("IEND".utf8) {
                // Nothing may follow the end: no second file behind the picture.
                guard at == b.count, let size else { return nil }
                return Info(kind: .png, width: size.0, height: size.1)
            }
        }
        return nil
    }

    static func jpeg(_ b: [UInt8]) -> Info? {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else { return nil }
        var at = 2
        while at + 4 <= b.count {
            guard b[at] == 0xFF else { return nil }
            let marker = b[at + 1]
            if marker == 0xFF { at += 1; continue }  // fill byte
            let length = Int(b[at + 2]) << 8 | Int(b[at + 3])
            guard length >= 2, at + 2 + length <= b.count else { return nil }
            // Start of frame (baseline, progressive and the rest, not DHT C4, JPG C8 or DAC CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard length >= 8 else { return nil }
                let h = Int(b[at + 5]) << 8 | Int(b[at + 6]), w = Int(b[at + 7]) << 8 | Int(b[at + 8])
                guard w > 0, h > 0 else { return nil }
                return Info(kind: .jpeg, width: w, height: h)
            }
            if marker == 0xDA || marker == 0xD9 { return nil }  // scan or end before any frame header
            at += 2 + length
        }
        return nil
    }

    static func be32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 of PNG (and zlib, gzip): ISO 3309.
    public static func crc32(_ bytes: some Collection<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
