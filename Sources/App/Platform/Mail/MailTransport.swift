import Foundation
import SamverkanCore
import Vapor

/// Where rendered messages go.
protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

enum MailTransportError: Error, CustomStringConvertible {
    case programFailed(status: Int32, output: String)
    /// The receiving server refused the recipient for good (an SMTP 5xx answer).
    case rejected(String)

    var description: String {
        switch self {
        case .programFailed(let status, let output): "the mail program exited with status \(status): \(output)"
        case .rejected(let answer): "the recipient was refused: \(answer)"
        }
    }

    /// Whether trying again cannot help: the recipient's server refused the address (a 5xx reply
    /// reported by the program, or sendmail's exit codes for a bad or unknown address).
    var isPermanent: Bool {
        switch self {
        case .rejected: true
        case .programFailed(let status, let output):
            [65, 67, 68].contains(status) || output.range(of: #"(^|[^0-9])5[0-9][0-9][ -]5\.[0-9]"#, options: .regularExpression) != nil
                || output.range(of: #"(^|[^0-9])55[0-4]([^0-9]|$)"#, options: .regularExpression) != nil
        }
    }
}

/// The default: every message becomes a `.eml` file in a folder, for development and tests.
struct FileTransport: MailTransport {
    let directory: String

    func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = Int(message.date.timeIntervalSince1970 * 1000)
        let safeID = message.messageID.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        let path = (directory as NSString).appendingPathComponent("\(stamp)-\(safeID).eml")
        try Data(message.rendered().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

/// Production: a sendmail-compatible program (msmtp, for instance) that speaks SMTP with TLS and
/// authentication itself. The message goes to its standard input; recipients come from the headers (-t).
struct SendmailTransport: MailTransport {
    let command: [String]
    let pool: NIOThreadPool

    init(commandLine: String, pool: NIOThreadPool) {
        self.command = commandLine.split(separator: " ").map(String.init)
        self.pool = pool
    }

    func send(_ message: MailMessage) async throws {
        let command = self.command
        let data = Data(try message.rendered().utf8)
        try await pool.runIfActive {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(data)
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard process.terminationStatus == 0 else {
                throw MailTransportError.programFailed(status: process.terminationStatus, output: String(text.prefix(500)))
            }
        }
    }
}
