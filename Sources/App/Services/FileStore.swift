import Fluent
import Vapor

/// Uploaded files, kept outside the web root (STORAGE_PATH) under names the server makes,
/// with their SHA-256, and served only through an authorised route.
struct FileStore {
    let directory: String

    init(app: Application) {
        let configured = app.config.storageDirectory
        directory = configured.hasPrefix("/") ? configured : app.directory.workingDirectory + configured
    }

    func path(for stored: StoredFile) -> String {
        (directory as NSString).appendingPathComponent(stored.storedName)
    }

    /// Writes the bytes and returns the (unsaved) record describing them.
    func save(_ buffer: ByteBuffer, originalName: String, contentType: String, organisationID: UUID, uploadedBy: UUID?) throws -> StoredFile {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let data = Data(buffer: buffer)
        let file = StoredFile()
        file.id = UUID()
        file.$organisation.id = organisationID
        file.originalName = String(originalName.filter { $0 != "/" && $0 != "\\" && $0 != "\"" }.prefix(200))
        file.storedName = file.id!.uuidString.lowercased() + ".bin"
        file.contentType = contentType
        file.size = data.count
        file.sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        file.$uploadedBy.id = uploadedBy
        try data.write(to: URL(fileURLWithPath: path(for: file)), options: .atomic)
        return file
    }

    func remove(_ file: StoredFile) {
        try? FileManager.default.removeItem(atPath: path(for: file))
    }
}
