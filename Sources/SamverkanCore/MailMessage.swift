import Foundation

/// An e-mail as the outbox stores and sends it, rendered as RFC 5322 / MIME text:
/// UTF-8 headers encoded as RFC 2047 words, a quoted-printable plain-text body,
/// a Message-ID and a Date.
public struct MailMessage: Equatable, Sendable {
    public var from: String
    public var fromName: String?
    public var to: String
    public var subject: String
    public var text: String
    public var messageID: String
    public var date: Date
    /// For mail that is not essential: where to unsubscribe (RFC 2369 / 8058).
    public var listUnsubscribe: String?
    /// An HTML part beside the text (a newsletter): the message becomes multipart/alternative.
    public var html: String?
    /// The language of the text (`Content-Language`), when the mail says.
    public var language: String?

    public init(from: String, fromName: String? = nil, to: String, subject: String, text: String,
                messageID: String, date: Date, listUnsubscribe: String? = nil, html: String? = nil, language: String? = nil) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.date = date
        self.listUnsubscribe = listUnsubscribe
        self.html = html
        self.language = language
    }

    /// Why a message cannot be rendered: a header would carry something that splits it.
    public struct HeaderError: Error, Equatable, CustomStringConvertible {
        public let header: String
        public var description: String { "refused: the \(header) header holds a line break, a control character or an invalid address" }
    }

    /// The whole message with CRLF line ends, ready for sendmail or a .eml file. Every header is
    /// checked again here, whatever wrote the message: addresses must be single valid mailboxes and
    /// no raw header may hold a line break, so nothing can add a recipient or a header.
    public func rendered() throws -> String {
        try validate()
        return renderedUnchecked()
    }

    /// Throws when a header would carry a line break or more than one address.
    public func validate() throws {
        guard EmailAddress.isValid(from, requireDot: false) else { throw HeaderError(header: "From") }
        guard EmailAddress.isValid(to, requireDot: false) else { throw HeaderError(header: "To") }
        guard EmailAddress.isHeaderSafe(messageID), !messageID.contains(">") else { throw HeaderError(header: "Message-ID") }
        if let listUnsubscribe, !EmailAddress.isHeaderSafe(listUnsubscribe) || listUnsubscribe.contains(">") || listUnsubscribe.contains(" ") {
            throw HeaderError(header: "List-Unsubscribe")
        }
        if let language, language.isEmpty || !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) {
            throw HeaderError(header: "Content-Language")
        }
    }

    private func renderedUnchecked() -> String {
        var headers = [
            "From: " + (fromName.map { "\(Self.encodeWord($0))\r\n <\(from)>" } ?? from),
            "To: \(to)",
            "Subject: \(Self.encodeWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
        ]
        if let language { headers.append("Content-Language: \(language)") }
        if let listUnsubscribe {
            headers.append("List-Unsubscribe: <\(listUnsubscribe)>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        let plain = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
        guard let html else {
            return (headers + [plain]).joined(separator: "\r\n") + "\r\n\r\n" + Self.quotedPrintable(text) + "\r\n"
        }
        // The boundary is made from the message's id, which the parts cannot contain once encoded
        // (quoted-printable escapes "=", and the boundary starts with "=_").
        let boundary = "=_samverkan_" + String(messageID.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + "--\(boundary)\r\n\(plain)\r\n\r\n" + Self.quotedPrintable(text) + "\r\n"
            + "--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + Self.quotedPrintable(html) + "\r\n--\(boundary)--\r\n"
    }

    /// An RFC 2047 encoded word when the text is not plain ASCII. Words are split (never inside a
    /// character) so that, after a header name such as "Subject: ", no line passes 78 characters.
    static func encodeWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            let candidate = chunk + String(character)
            if Data(candidate.utf8).base64EncodedString().count > 52 {
                words.append("=?UTF-8?B?\(Data(chunk.utf8).base64EncodedString())?=")
                chunk = String(character)
            } else {
                chunk = candidate
            }
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk.utf8).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable (RFC 2045) with soft line breaks at 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { line -> String in
            var encoded: [String] = []
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                if (byte == 32 || byte == 9) && isLast {
                    encoded.append(String(format: "=%02X", byte))
                } else if (byte >= 33 && byte <= 126 && byte != 61) || byte == 32 || byte == 9 {
                    encoded.append(String(UnicodeScalar(byte)))
                } else {
                    encoded.append(String(format: "=%02X", byte))
                }
            }
            var output = ""
            var width = 0
            for piece in encoded {
                if width + piece.count > 75 {
                    output += "=\r\n"
                    width = 0
                }
                output += piece
                width += piece.count
            }
            return output
        }.joined(separator: "\r\n")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
