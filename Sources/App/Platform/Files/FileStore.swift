import Fluent
import SamverkanCore
import Vapor

/// Uploaded files, kept outside the web root (STORAGE_PATH) under names the server makes,
/// with their SHA-256, and served only through an authorised route.
struct FileStore {
    let directory: String

    init(app: Application) {
        let configured = app.config.storageDirectory
        directory = configured.hasPrefix("/") ? configured : app.directory.workingDirectory + configured
    }

    func path(for stored: StoredFile) -> String { path(storedName: stored.storedName) }

    func path(storedName: String) -> String {
        (directory as NSString).appendingPathComponent(storedName)
    }

    struct Written: Sendable {
        let storedName: String
        let sha256: String
        let size: Int
    }

    /// Writes the bytes under a name the server makes; the caller records what it returns.
    func write(_ buffer: ByteBuffer) throws -> Written {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let data = Data(buffer: buffer)
        let name = UUID().uuidString.lowercased() + ".bin"
        try data.write(to: URL(fileURLWithPath: path(storedName: name)), options: .atomic)
        return Written(storedName: name, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(), size: data.count)
    }

    func remove(storedName: String) {
        try? FileManager.default.removeItem(atPath: path(storedName: storedName))
    }

    /// Writes the bytes and returns the (unsaved) record describing them.
    func save(_ buffer: ByteBuffer, originalName: String, contentType: String, organisationID: UUID, uploadedBy: UUID?) throws -> StoredFile {
        let written = try write(buffer)
        let file = StoredFile()
        file.id = UUID()
        file.$organisation.id = organisationID
        file.originalName = FileCheck.pdfDownloadName(originalName)
        file.storedName = written.storedName
        file.contentType = contentType
        file.size = written.size
        file.sha256 = written.sha256
        file.$uploadedBy.id = uploadedBy
        return file
    }

    /// Each file is held to the limit on its own: the request's limit leaves room for the form
    /// around it, which must not let a file past `UPLOAD_MAX_BYTES`.
    static func checkSize(_ buffer: ByteBuffer, _ req: Request) throws {
        guard buffer.readableBytes <= req.application.config.uploadMaxBytes else {
            throw Abort(.payloadTooLarge, reason: req.t("error.413.message"))
        }
    }

    /// `Content-Disposition` for a stored PDF: always an attachment named `….pdf`, the name cleaned
    /// of control characters and direction marks, in ASCII and as RFC 5987 UTF-8.
    static func attachment(_ name: String, fallback: String, extension ext: String = "pdf") -> String {
        let clean = FileCheck.downloadName(name, extension: ext, fallback: fallback)
        let ascii = String(String.UnicodeScalarView(clean.unicodeScalars.filter { $0.isASCII }))
        let encoded = clean.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: ".-_"))) ?? "\(fallback).\(ext)"
        return "attachment; filename=\"\(ascii == ".\(ext)" ? "\(fallback).\(ext)" : ascii)\"; filename*=UTF-8''\(encoded)"
    }

    func remove(_ file: StoredFile) {
        try? FileManager.default.removeItem(atPath: path(for: file))
    }
}
