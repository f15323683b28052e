import Foundation
import Vapor

/// The files under `Public/` (the style sheet, the icon), read once at start and served from
/// memory. Any other path goes on to the routes without asking the file system whether a file of
/// that name exists, which `FileMiddleware` did on every request. In development the files are
/// read again on each request, so an edited style sheet shows at once.
struct StaticFilesMiddleware: Middleware {
    struct File: Sendable {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    let directory: String
    let files: [String: File]
    let rereads: Bool

    init(publicDirectory: String, rereads: Bool) {
        directory = publicDirectory.hasSuffix("/") ? publicDirectory : publicDirectory + "/"
        self.rereads = rereads
        var files: [String: File] = [:]
        let root = URL(fileURLWithPath: directory)
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count))
                if let file = Self.read(url.path) { files[relative.hasPrefix("/") ? relative : "/" + relative] = file }
            }
        }
        self.files = files
    }

    /// The address pages link a file by: its path with its content's version, so a changed
    /// file is a new address.
    func versioned(_ path: String) -> String {
        guard let file = files[path] else { return path }
        return path + "?v=" + Self.version(file.etag)
    }

    static func version(_ etag: String) -> String { etag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }

    static func read(_ path: String) -> File? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let ext = (path as NSString).pathExtension
        let type = HTTPMediaType.fileExtension(ext).map { "\($0.type)/\($0.subType)" + ($0.type == "text" ? "; charset=utf-8" : "") }
            ?? "application/octet-stream"
        return File(body: ByteBuffer(data: data), contentType: type, etag: ETag.of(data))
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD, var file = files[request.url.path] else {
            return next.respond(to: request)
        }
        if rereads, let fresh = Self.read(directory + request.url.path.dropFirst()) { file = fresh }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: file.etag)
        // A versioned address (`?v=` the content's tag, as pages link it) never changes its
        // content, so browsers and proxies may keep it for a year; any other is revalidated.
        let versioned = !rereads && request.url.query == "v=" + Self.version(file.etag)
        headers.replaceOrAdd(name: .cacheControl, value: versioned ? "public, max-age=31536000, immutable" : "public, no-cache")
        if ETag.isCurrent(file.etag, for: request) {
            return request.eventLoop.makeSucceededFuture(Response(status: .notModified, headers: headers))
        }
        headers.replaceOrAdd(name: .contentType, value: file.contentType)
        return request.eventLoop.makeSucceededFuture(Response(status: .ok, headers: headers, body: .init(buffer: file.body)))
    }
}

extension Application {
    private struct StaticFilesKey: StorageKey { typealias Value = StaticFilesMiddleware }
    /// The files under `Public/`, for versioned links to them.
    var staticFiles: StaticFilesMiddleware? {
        get { storage[StaticFilesKey.self] }
        set { storage[StaticFilesKey.self] = newValue }
    }
}
