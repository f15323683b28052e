import Foundation

/// Why a command could not do what was asked, in the terminal's language: the entry point prints
/// it on one line and exits with status 1.
struct CommandFailure: Error, CustomStringConvertible, LocalizedError {
    let description: String
    init(_ description: String) { self.description = description }
    var errorDescription: String? { description }
}
