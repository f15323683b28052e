import Fluent
import SamverkanCore
import Vapor

/// The file an inquirer may send with a question: a PDF or a PNG or JPEG image, recognised by
/// its content whatever its name or declared type, within the upload limit, stored outside the
/// web root and always offered as a download.
enum InquiryAttachments {
    /// The content type its bytes prove, and the extension it is offered under; nil for anything else.
    static func recognise(_ data: ByteBuffer) -> (contentType: String, ext: String)? {
        let bytes = Array(data.readableBytesView)
        if FileCheck.isPDF(bytes) { return ("application/pdf", "pdf") }
        switch ImageCheck.inspect(bytes)?.kind {
        case .png: return ("image/png", "png")
        case .jpeg: return ("image/jpeg", "jpg")
        case nil: return nil
        }
    }

    static func ext(_ a: InquiryAttachment) -> String {
        switch a.contentType { case "image/png": "png"; case "image/jpeg": "jpg"; default: "pdf" }
    }

    /// Writes the file and returns its (unsaved) record; the caller removes the file if saving fails.
    static func store(_ file: File, type: (contentType: String, ext: String), for inquiry: Inquiry, app: Application) throws -> InquiryAttachment {
        let written = try FileStore(app: app).write(file.data)
        let a = InquiryAttachment()
        a.$inquiry.id = try inquiry.requireID()
        a.originalName = FileCheck.downloadName(file.filename, extension: type.ext, fallback: "bilaga")
        a.contentType = type.contentType
        a.storedName = written.storedName
        a.sha256 = written.sha256
        a.size = written.size
        a.createdAt = app.clock.seconds
        return a
    }

    static func of(_ inquiry: Inquiry, on db: any Database) async throws -> [InquiryAttachment] {
        try await InquiryAttachment.query(on: db).filter(\.$inquiry.$id == inquiry.requireID()).sort(\.$createdAt).all()
    }

    struct Link: Encodable { let name: String; let size: String; let url: String }

    static func links(_ attachments: [InquiryAttachment], url: (UUID) -> String) -> [Link]? {
        attachments.isEmpty ? nil : attachments.map { a in
            Link(name: a.originalName, size: a.size >= 1_048_576 ? "\(a.size / 1_048_576) MB" : "\(max(1, a.size / 1024)) kB", url: url(a.id!))
        }
    }

    /// The attachment the path names, of this inquiry only.
    static func serve(_ req: Request, of inquiry: Inquiry) async throws -> Response {
        guard let id = req.parameters.get("attachment", as: UUID.self),
              let a = try await InquiryAttachment.query(on: req.db).filter(\.$id == id).filter(\.$inquiry.$id == inquiry.requireID()).first(),
              let data = FileManager.default.contents(atPath: FileStore(app: req.application).path(storedName: a.storedName)) else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: a.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: FileStore.attachment(a.originalName, fallback: "bilaga", extension: ext(a)))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// Removes the files and rows of these inquiries' attachments (lapsed or thinned inquiries).
    static func remove(inquiries ids: [UUID], app: Application, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        let attachments = try await InquiryAttachment.query(on: db).filter(\.$inquiry.$id ~~ ids).all()
        try await InquiryAttachment.query(on: db).filter(\.$inquiry.$id ~~ ids).delete()
        let store = FileStore(app: app)
        for a in attachments { store.remove(storedName: a.storedName) }
    }
}
