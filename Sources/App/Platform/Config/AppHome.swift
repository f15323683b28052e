import Foundation
import Vapor

/// The folder that holds the server's `Resources/` (templates, catalogue, agreements, demo data)
/// and `Public/` (stylesheet, icon), wherever the server is started from: `SAMVERKAN_HOME` when it
/// is set; else the working directory when it holds them (running from the project); else the
/// executable's folder or the nearest folder above it that does (an installed copy, or
/// `.build/debug/samverkan` started from anywhere).
enum AppHome {
    static let setting = "SAMVERKAN_HOME"

    static func holdsResources(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("Resources/Localization").path)
            && FileManager.default.fileExists(atPath: folder.appendingPathComponent("Public").path)
    }

    /// The folder, or a failure whose one line names the setting.
    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                       workingDirectory: String = FileManager.default.currentDirectoryPath,
                       executable: String = CommandLine.arguments.first ?? "") throws -> URL {
        if let set = environment[setting], !set.isEmpty {
            let folder = URL(fileURLWithPath: set, isDirectory: true)
            guard holdsResources(folder) else { throw failure(looked: [folder.path], set: true) }
            return folder
        }
        var looked = [workingDirectory]
        let working = URL(fileURLWithPath: workingDirectory, isDirectory: true)
        if holdsResources(working) { return working }
        var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 where !executable.isEmpty {
            looked.append(folder.path)
            if holdsResources(folder) { return folder }
            for share in ["share/samverkan"] where holdsResources(folder.appendingPathComponent(share)) {
                return folder.appendingPathComponent(share)
            }
            folder = folder.deletingLastPathComponent()
        }
        throw failure(looked: looked, set: false)
    }

    /// Before the catalogue is loaded (it is in the folder not found), so in both languages' words here.
    static func failure(looked: [String], set: Bool) -> CommandFailure {
        let places = looked.joined(separator: ", ")
        return Language.ofTerminal == .sv
            ? CommandFailure("Hittar inte mapparna Resources/ och Public/ (letade i \(places)). Sätt \(setting) till mappen som har dem\(set ? "" : ", eller starta servern där").")
            : CommandFailure("Cannot find the folders Resources/ and Public/ (looked in \(places)). Set \(setting) to the folder that holds them\(set ? "" : ", or start the server there").")
    }

    static func directory(_ folder: URL) -> DirectoryConfiguration {
        var path = folder.path
        if !path.hasSuffix("/") { path += "/" }
        return DirectoryConfiguration(workingDirectory: path)
    }
}
