@testable import App
import Foundation
import SamverkanCore
import Testing

/// Every text key the templates and code use exists in Swedish and English.
@Suite struct LocalizationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func files(under folder: String, ending: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.path.hasSuffix(ending) }
    }

    static func usedKeys() throws -> Set<String> {
        var keys = Set<String>()
        let patterns = [#"#t\("([a-zA-Z0-9]+\.[a-zA-Z0-9.]+)""#, #"\bt\("([a-zA-Z0-9]+\.[a-zA-Z0-9.]+)""#,
                        #"key: "([a-z]+\.[a-zA-Z0-9.]+)""#, #"\("([a-z]+\.[a-zA-Z0-9.]+)", Paths"#]
        for file in files(under: "Resources/Views", ending: ".leaf") + files(under: "Sources/App", ending: ".swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    keys.insert(String(text[Range(match.range(at: 1), in: text)!]))
                }
            }
        }
        return keys
    }

    @Test func everyUsedKeyIsInBothCatalogues() throws {
        let catalogue = try Catalogue.load(directory: Self.root.appendingPathComponent("Resources/Localization").path)
        let used = try Self.usedKeys()
        #expect(used.count > 100)
        for locale in Language.allCases where locale.coversStaffPages {
            let missing = used.subtracting(catalogue.entries[locale]!.keys)
            #expect(missing.isEmpty, "\(locale) lacks \(missing.sorted())")
        }
        #expect(Set(catalogue.entries[.sv]!.keys) == Set(catalogue.entries[.en]!.keys))
    }

    /// Keys built from values at run time (statuses, roles, rule kinds, error codes).
    @Test func everyComposedKeyExists() throws {
        let catalogue = try Catalogue.load(directory: Self.root.appendingPathComponent("Resources/Localization").path)
        var keys: [String] = ActivityStatus.allCases.map { "status.\($0.rawValue)" }
        keys += Role.allCases.map { "role.\($0.rawValue)" }
        keys += [Agreement.Status.draft, .inForce, .superseded].map { "version.status.\($0.rawValue)" }
        keys += MeetingKind.allCases.flatMap { ["meetingKind.\($0.rawValue).one", "meetingKind.\($0.rawValue).other", "meeting.kind.\($0.rawValue)"] }
        keys += Meeting.Audience.allCases.map { "meeting.audience.\($0.rawValue)" }
        keys += ["organisations", "signatories", "council"].map { "registration.audience.\($0)" }
        keys += ["confirmed", "waiting", "cancelled"].map { "registration.status.\($0)" }
        keys += CouncilMember.Role.allCases.map { "council.role.\($0.rawValue)" }
        keys += Party.allCases.map { "council.side.\($0.rawValue)" }
        keys += Obligations.Status.allCases.map { "rules.status.\($0.rawValue)" }
        keys += ObligationRecord.Kind.allCases.map { "rules.record.\($0.rawValue)" }
        keys += (0...6).map { "weekday.\($0)" }
        keys += (1...5).map { "followUp.scale.\($0)" }
        keys += Party.allCases.map { "followUp.owner.\($0.rawValue)" }
        keys += [Party.civilSociety, .municipality].map { "followUp.party.\($0.rawValue)" }
        keys += ["draft", "open", "closed", "published"].map { "followUp.status.\($0)" }
        keys += FollowUpQuestion.Kind.allCases.map { "followUp.kind.\($0.rawValue)" }
        keys += ["pending", "approved", "rejected"].flatMap { ["followUp.comment.\($0)", "followUpAdmin.comment.\($0)"] }
        for code in ["400", "403", "404", "405", "409", "413", "422", "429", "500"] {
            keys += ["error.\(code).title", "error.\(code).message"]
        }
        for locale in Language.allCases where locale.coversStaffPages {
            for key in keys { #expect(catalogue.entries[locale]?[key] != nil, "\(locale) lacks \(key)") }
        }
    }

    @Test func argumentsAreFilledIn() throws {
        let catalogue = try Catalogue.load(directory: Self.root.appendingPathComponent("Resources/Localization").path)
        #expect(catalogue.text("agreement.shownCount", .sv, ["3", "9"]) == "Visar 3 av 9 åtaganden.")
        #expect(catalogue.text("agreement.shownCount", .en, ["3", "9"]) == "Showing 3 of 9 commitments.")
    }

    /// Counts take the singular when there is one: "1 förening", "2 föreningar".
    @Test func countsTakeTheSingularForOne() throws {
        let catalogue = try Catalogue.load(directory: Self.root.appendingPathComponent("Resources/Localization").path)
        #expect(catalogue.text("catalogue.summary", .sv, ["1", "1", "1"]) == "1 förening. Visar 1–1.")
        #expect(catalogue.text("catalogue.summary", .sv, ["0", "0", "0"]) == "0 föreningar. Visar 0–0.")
        #expect(catalogue.text("catalogue.summary", .en, ["21", "1", "21"]) == "21 organisations. Showing 1–21.")
        #expect(catalogue.text("meeting.seatsLeft", .sv, ["0", "1"]) == "0 av 1 plats kvar")
        #expect(catalogue.text("rules.needed.moreMeetings", .en, ["1", "2027-12-31"]) == "1 more meeting is needed by 2027-12-31.")
    }

    @Test func formattingIsOnePassAndLeavesWhatItDoesNotKnow() {
        #expect(Catalogue.format("{0} och {1}", ["{1}", "x"]) == "{1} och x", "an argument is shown as it is")
        #expect(Catalogue.format("{0|en|flera} {2} {x} {", ["1"]) == "en {2} {x} {")
        #expect(Catalogue.format("{0|one|many}", ["-1"]) == "many")
        #expect(Catalogue.format("{0|bara en form}", ["2"]) == "bara en form")
        #expect(Catalogue.format("inga klamrar", ["1"]) == "inga klamrar")
    }

    /// The catalogue is one file per feature; a key written twice, in one file or in two, stops the load.
    @Test(arguments: [
        ["a.json": #"{"x.one": "Ett"}"#, "b.json": #"{"x.one": "Ett igen"}"#],
        ["a.json": "{\n  \"x.one\": \"Ett\",\n  \"x.one\": \"Ett igen\"\n}"],
    ])
    func aKeyDefinedTwiceIsRefused(files: [String: String]) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalogue-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for locale in Language.allCases {
            let folder = directory.appendingPathComponent(locale.rawValue)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        }
        #expect(throws: Catalogue.DuplicateKey.self) { try Catalogue.load(directory: directory.path) }
        for locale in Language.allCases { try FileManager.default.removeItem(at: directory.appendingPathComponent("\(locale.rawValue)/a.json")) }
        if files.count == 2 {
            let catalogue = try Catalogue.load(directory: directory.path)
            #expect(catalogue.text("x.one", .sv) == "Ett igen")
        }
    }
}
