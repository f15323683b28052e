import Foundation

/// A ZIP archive of files stored without compression, which every system opens with its own
/// tools (Windows' Explorer, macOS' Archive Utility, `unzip`): what a person downloads as "my data".
/// Names are UTF-8 (flag bit 11); sizes stay below 4 GiB, so no ZIP64.
public struct ZipWriter: Sendable {
    private var body: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0
    /// The entries' modification time, in MS-DOS form (local time as the archive tools read it).
    private let dosTime: UInt16
    private let dosDate: UInt16

    public init(date: Date = Date()) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Stockholm")!, from: date)
        dosTime = UInt16((c.hour ?? 0) << 11 | (c.minute ?? 0) << 5 | (c.second ?? 0) / 2)
        dosDate = UInt16(max(0, (c.year ?? 1980) - 1980) << 9 | (c.month ?? 1) << 5 | (c.day ?? 1))
    }

    public mutating func add(_ name: String, _ data: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = ImageCheck.crc32(data)
        let offset = UInt32(body.count)
        // Local file header.
        body += le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(0) + le16(dosTime) + le16(dosDate)
        body += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count)) + le16(0)
        body += nameBytes + data
        // Its entry in the central directory.
        central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(0) + le16(dosTime) + le16(dosDate)
        central += le32(crc) + le32(UInt32(data.count)) + le32(UInt32(data.count)) + le16(UInt16(nameBytes.count))
        central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        count += 1
    }

    public mutating func add(_ name: String, text: String) { add(name, Array(text.utf8)) }

    /// The archive: the files, the central directory and its end record.
    public func bytes() -> [UInt8] {
        body + central + le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(count)) + le16(UInt16(count))
            + le32(UInt32(central.count)) + le32(UInt32(body.count)) + le16(0)
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
}
