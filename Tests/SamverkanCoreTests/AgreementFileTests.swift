import Foundation
import Testing
@testable import SamverkanCore

/// The demo agreements shipped in Resources/Agreements.
enum DemoFiles {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Agreements")
    static let slugs = ["botkyrka", "boras", "orebro", "sodertalje", "eslov"]
    static func text(_ slug: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("\(slug).yaml"), encoding: .utf8)
    }
}

@Suite struct AgreementFileTests {
    @Test(arguments: DemoFiles.slugs)
    func demoFileRoundTripsThroughTheWriter(slug: String) throws {
        let document = try AgreementFile.parse(DemoFiles.text(slug))
        let written = AgreementFile.write(document)
        #expect(try AgreementFile.parse(written) == document)
        #expect(AgreementFile.write(try AgreementFile.parse(written)) == written)
    }

    @Test func demoFilesHaveTheSourcesPrincipleCounts() throws {
        let expected = ["botkyrka": 5, "boras": 6, "orebro": 6, "sodertalje": 7, "eslov": 6]
        for (slug, count) in expected {
            #expect(try AgreementFile.parse(DemoFiles.text(slug)).principles.count == count, "\(slug)")
        }
        let eslov = try AgreementFile.parse(DemoFiles.text("eslov"))
        #expect(eslov.principles.map(\.name) == ["Tillit och förståelse", "Mod", "Kommunikation",
                                                  "Kreativitet", "Tydlighet", "Långsiktighet"])
        let sodertalje = try AgreementFile.parse(DemoFiles.text("sodertalje"))
        #expect(sodertalje.developmentAreas.count == 4)
        #expect(sodertalje.metadata.validUntil == CalendarDate("2022-10-01"))
        #expect(sodertalje.rules.contains(.meetingsPerYear(kind: .dialogue, minimum: 2,
            note: "Kommunen bjuder in till dialogträffar minst två gånger om året.")))
    }

    @Test func textWithQuotesColonsAndLinesSurvives() throws {
        let document = AgreementDocument(
            title: "Titel: med kolon, \"citat\" och # tecken",
            purpose: "Rad ett\nrad två: med kolon\n  indragen rad\n",
            parties: .init(municipality: "yes", civilSociety: "2018-10-01"),
            metadata: .init(referenceNumber: "0123", validUntil: nil, revisionIntervalYears: 4),
            principles: [.init(key: "a", name: "- börjar med streck")],
            commitments: [.init(key: "c1", party: .both, text: "null", principles: ["a"])]
        )
        #expect(try AgreementFile.parse(AgreementFile.write(document)) == document)
    }

    // MARK: - Broken files

    private func problems(_ yaml: String) -> [AgreementFileProblem] {
        do {
            _ = try AgreementFile.parse(yaml)
            return []
        } catch {
            return error.problems
        }
    }

    private let valid = """
        title: T
        parties:
          municipality: Kommunen
          civilSociety: Sektorn
        principles:
          - key: dialog
            name: Dialog
        commitments:
          - key: c1
            party: both
            text: Mötas.
            principles: [dialog]
        """

    @Test func theValidBaseParses() throws {
        #expect(try AgreementFile.parse(valid).commitments.count == 1)
    }

    @Test func unknownPrincipleIsNamedWithItsLine() {
        let found = problems(valid.replacingOccurrences(of: "principles: [dialog]", with: "principles: [dialog, mod]"))
        #expect(found.count == 1)
        #expect(found.first?.kind == .unknownPrinciple)
        #expect(found.first?.line == 12)
        #expect(found.first?.field == "commitments[1].principles[2]")
        #expect(found.first?.message.contains("\"mod\"") == true)
    }

    @Test func duplicateKeysAreRefused() {
        let found = problems(valid.replacingOccurrences(of: "title: T\n", with: "title: T\ntitle: U\n"))
        #expect(found.map(\.kind) == [.duplicateKey])
        #expect(found.first?.line == 1 || found.first?.line == 2)
        #expect(found.first?.message.contains("\"title\"") == true)
    }

    @Test func missingTitleIsReported() {
        let found = problems(valid.replacingOccurrences(of: "title: T\n", with: ""))
        #expect(found.map(\.kind) == [.missingField])
        #expect(found.first?.field == "title")
    }

    @Test func aDateThatIsNotADateIsReported() {
        let found = problems(valid + "\nmetadata:\n  adoptedOn: 2021-02-30\n  validUntil: snart\n")
        #expect(found.map(\.kind) == [.invalidDate, .invalidDate])
        #expect(found.map(\.field) == ["metadata.adoptedOn", "metadata.validUntil"])
        #expect(found.map(\.line) == [14, 15])
    }

    @Test func aPartyThatIsNotOneOfTheThreeIsReported() {
        let found = problems(valid.replacingOccurrences(of: "party: both", with: "party: region"))
        #expect(found.map(\.kind) == [.invalidParty])
        #expect(found.first?.message.contains("municipality, civilSociety, both") == true)
        #expect(found.first?.line == 10)
    }

    @Test func anActivityFollowsOnlyAFigureThePlatformCounts() throws {
        let withArea = valid + "\ndevelopmentAreas:\n  - key: e\n    name: Engagemang\n    activities:\n      - title: Fler frivilliga\n        owner: both\n        indicator: "
        let document = try AgreementFile.parse(withArea + "volunteering.offers\n")
        #expect(document.developmentAreas.first?.activities.first?.indicator == .volunteerOffers)
        #expect(try AgreementFile.parse(AgreementFile.write(document)) == document)
        let found = problems(withArea + "besokare\n")
        #expect(found.map(\.kind) == [.invalidIndicator])
        #expect(found.first?.message.contains("volunteering.answeredInAWeek") == true)
        #expect(found.first.map { $0.field.hasPrefix("developmentAreas[") && $0.field.hasSuffix("].indicator") } == true)
    }

    @Test func aRuleWithANegativeCountIsReported() {
        let found = problems(valid + "\nrules:\n  - type: meetingsPerYear\n    meetingKind: dialogue\n    minimum: -2\n")
        #expect(found.map(\.kind) == [.negativeNumber])
        #expect(found.first?.field == "rules[1].minimum")
        #expect(found.first?.line == 16)
    }

    @Test func aResponseTimeRuleReadsWritesAndRefusesAShareOverAHundred() throws {
        let file = valid + "\nrules:\n  - type: responseTime\n    minimumPercent: 80\n    note: Svar inom fem arbetsdagar.\n"
        let document = try AgreementFile.parse(file)
        #expect(document.rules == [.responseTime(minimumPercent: 80, note: "Svar inom fem arbetsdagar.")])
        #expect(try AgreementFile.parse(AgreementFile.write(document)) == document)
        let found = problems(valid + "\nrules:\n  - type: responseTime\n    minimumPercent: 120\n    minimum: 2\n")
        #expect(found.map(\.kind) == [.outOfRange, .unknownField])
        #expect(found.first?.field == "rules[1].minimumPercent")
    }

    @Test func everyProblemIsListedAtOnce() {
        let broken = """
            parties:
              municipality: Kommunen
            principles:
              - key: dialog
                name: Dialog
              - key: dialog
                name: Igen
            commitments:
              - key: c1
                party: staten
                text: X
                principles: [okänd]
            rules:
              - type: followUp
                everyMonths: -12
              - type: dansa
            extra: 1
            """
        let kinds = Set(problems(broken).map(\.kind))
        #expect(kinds == [.missingField, .duplicateIdentifier, .invalidParty, .unknownPrinciple,
                          .negativeNumber, .invalidRuleType, .unknownField])
        let description = AgreementFileError(problems: problems(broken)).description
        #expect(description.contains("rad 10, commitments[1].party"))
    }

    @Test func notYAMLAtAllIsASyntaxProblem() {
        let found = problems("title: [unclosed\n")
        #expect(found.map(\.kind) == [.syntax])
        #expect(found.first?.line != nil)
    }
}

@Suite struct CalendarDateTests {
    @Test func parsesOnlyRealDays() {
        #expect(CalendarDate("2024-02-29") != nil)
        #expect(CalendarDate("2023-02-29") == nil)
        #expect(CalendarDate("2024-13-01") == nil)
        #expect(CalendarDate("24-01-01") == nil)
        #expect(CalendarDate("2024-1-01") == nil)
        #expect(CalendarDate("2024-01-01")?.description == "2024-01-01")
        #expect(CalendarDate("2018-10-01")! < CalendarDate("2022-10-01")!)
    }
}

@Suite struct PasswordPolicyTests {
    @Test func lengthAndCommonness() {
        #expect(PasswordPolicy.problems("kort") == [.tooShort(minimum: 12)])
        #expect(PasswordPolicy.problems("Password1234") == [.common])
        #expect(PasswordPolicy.problems("aaaaaaaaaaaaaa") == [.common])
        #expect(PasswordPolicy.problems(String(repeating: "lång fras ", count: 7)).isEmpty)
        #expect(PasswordPolicy.problems(String(repeating: "x1", count: 200)) == [.tooLong(maximum: 256)])
        #expect(PasswordPolicy.problems("blå-katt-dansar-i-regn").isEmpty)
    }
}

@Suite struct FormatDocumentationTests {
    @Test func theCompleteExampleInTheDocsIsAValidFile() throws {
        let url = DemoFiles.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/agreement-format.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let document = try AgreementFile.parse(String(text[start.upperBound..<end.lowerBound]))
        #expect(document.rules.count == 6)
        #expect(document.rules.last == .responseTime(minimumPercent: 80, note: nil))
        #expect(document.commitments.last?.principles == ["oberoende", "dialog"])
        #expect(document.developmentAreas.first?.activities.first?.status == .ongoing)
        #expect(try AgreementFile.parse(AgreementFile.write(document)) == document)
    }
}
