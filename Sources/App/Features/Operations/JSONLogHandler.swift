import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// Sets up logging for the process: Vapor's readable lines by default, or with `LOG_FORMAT=json`
/// one JSON object per line (`time`, `level`, `label`, `message`, then the metadata such as
/// `request-id`), for a log collector. `LOG_LEVEL` (or `--log`) sets the level either way.
public func bootstrapLogging(_ environment: inout Environment) throws {
    if Environment.get("LOG_FORMAT")?.lowercased() == "json" {
        try LoggingSystem.bootstrap(from: &environment) { level in
            { label in JSONLogHandler(label: label, logLevel: level) }
        }
    } else {
        try LoggingSystem.bootstrap(from: &environment)
    }
}

struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// One line at a time, whichever thread logs.
    private static let output = NIOLock()

    init(label: String, logLevel: Logger.Level) {
        self.label = label
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
             source: String, file: String, function: String, line: UInt) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let explicit { merged.merge(explicit) { $1 } }
        var fields: [(String, APIValue)] = [
            ("time", .string(Self.timestamp(Date()))),
            ("level", .string(level.rawValue)),
            ("label", .string(label)),
            ("message", .string(message.description)),
        ]
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            fields.append((key, .string(value.description)))
        }
        if level >= .warning { fields.append(("source", .string("\(source)/\((file as NSString).lastPathComponent):\(line)"))) }
        let text = APIValue.object(fields).json + "\n"
        Self.output.withLock {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
