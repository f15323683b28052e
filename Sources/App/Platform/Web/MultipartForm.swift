import Vapor

/// A form posted as `multipart/form-data` (one with a file field): its text fields as a
/// `FormInput` (repeated names, such as ticked boxes, kept as lists) and its files by field name.
/// A file field left empty is no file.
struct MultipartForm: Sendable {
    struct Upload: Sendable { let filename: String; let data: ByteBuffer }

    let input: FormInput
    let files: [String: Upload]

    /// Nil when the request is not multipart or cannot be read as such.
    init?(_ req: Request) {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], let body = req.body.data else { return nil }
        let parser = MultipartParser(boundary: boundary)
        var parts: [(HTTPHeaders, ByteBuffer)] = []
        var headers = HTTPHeaders()
        var data = ByteBuffer()
        parser.onHeader = { name, value in headers.add(name: name, value: value) }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, data))
            headers = HTTPHeaders()
            data = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return nil }
        var lists: [String: [String]] = [:]
        var files: [String: Upload] = [:]
        for (headers, data) in parts {
            let disposition = Self.parameters(headers.first(name: .contentDisposition) ?? "")
            guard let name = disposition["name"] else { continue }
            if let filename = disposition["filename"] {
                if data.readableBytes > 0 { files[name] = Upload(filename: filename, data: data) }
            } else {
                let text = String(buffer: data).replacingOccurrences(of: "\r\n", with: "\n")
                lists[name, default: []].append(text)
            }
        }
        input = FormInput(lists: lists)
        self.files = files
    }

    /// `form-data; name="x"; filename="y"` as its named parameters, quotes taken off.
    static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            result[pair[0].lowercased()] = value
        }
        return result
    }
}
