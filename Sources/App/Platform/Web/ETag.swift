import Crypto
import Foundation
import Vapor

/// A strong entity tag from a body's bytes, and whether a request already holds it.
enum ETag {
    static func of<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        "\"" + SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// `If-None-Match` names this tag (or `*`): the client's copy is current, answer 304.
    static func isCurrent(_ etag: String, for request: Request) -> Bool {
        request.headers[.ifNoneMatch].contains { header in
            header.split(separator: ",").contains { let tag = $0.trimmingCharacters(in: .whitespaces); return tag == etag || tag == "*" }
        }
    }
}
