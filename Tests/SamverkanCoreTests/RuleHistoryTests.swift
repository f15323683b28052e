import SamverkanCore
import Testing

/// Which version's rules applied when (`RuleHistory`), and the checks of a rule's fields that
/// the file import and the rule form share (`RuleCheck`).
@Suite struct RuleHistoryTests {
    func d(_ s: String) -> CalendarDate { CalendarDate(s)! }
    let two = AgreementDocument.Rule.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil)
    let four = AgreementDocument.Rule.meetingsPerYear(kind: .dialogue, minimum: 4, note: nil)
    let yearly = AgreementDocument.Rule.followUp(everyMonths: 12, note: nil)

    func version(_ n: Int, validFrom: String? = nil, published: String, _ rules: [AgreementDocument.Rule]) -> RuleHistory.Version {
        .init(number: n, validFrom: validFrom.map(d), adoptedOn: nil, published: d(published), rules: rules)
    }

    @Test func aRevisionWithTheDatesCopiedFromTheOldVersionStartsWhenItIsPublished() {
        let periods = RuleHistory.periods([
            version(1, validFrom: "2023-01-01", published: "2024-05-01", [two]),
            version(2, validFrom: "2023-01-01", published: "2025-07-01", [four]),
        ])
        #expect(periods == [.init(number: 1, from: d("2023-01-01"), until: d("2025-06-30")),
                            .init(number: 2, from: d("2025-07-01"), until: nil)])
    }

    @Test func aRevisionThatSaysItAppliesLaterStartsThenAndTheOldOneAppliesUntilThen() {
        let periods = RuleHistory.periods([
            version(1, validFrom: "2023-01-01", published: "2023-01-01", [two]),
            version(2, validFrom: "2027-01-01", published: "2026-11-20", [four]),
        ])
        #expect(periods.map(\.from) == [d("2023-01-01"), d("2027-01-01")])
        #expect(periods[0].until == d("2026-12-31"))
    }

    @Test func aVersionReplacedTheDayItBeganHasNoPeriod() {
        let periods = RuleHistory.periods([
            version(1, published: "2025-03-01", [two]),
            version(2, published: "2025-03-01", [four]),
        ])
        #expect(periods == [.init(number: 2, from: d("2025-03-01"), until: nil)])
    }

    @Test func anUnchangedRuleIsOneSpanAndAChangedOneTwo() {
        let spans = RuleHistory.spans([
            version(1, validFrom: "2023-01-01", published: "2023-01-01", [two, .followUp(everyMonths: 12, note: "Gammal text")]),
            version(2, published: "2025-07-01", [yearly, four]),
        ])
        // The rules of the version in force in its order, then those that ended.
        #expect(spans.map(\.rule) == [yearly, four, two])
        #expect(spans[0].versions == [1, 2])
        #expect(spans[0].from == d("2023-01-01"))
        #expect(spans[0].until == nil)
        // The note follows the newest wording; a change of note alone does not start a new span.
        #expect(spans[0].rule.note == nil)
        #expect(spans[1].from == d("2025-07-01"))
        #expect(spans[1].versions == [2])
        #expect(spans[2].until == d("2025-06-30"))
        #expect(spans[2].versions == [1])
    }

    @Test func aRuleDroppedAndBroughtBackStartsAgain() {
        let spans = RuleHistory.spans([
            version(1, published: "2022-01-01", [two]),
            version(2, published: "2023-01-01", []),
            version(3, published: "2024-01-01", [two]),
        ])
        #expect(spans.count == 2)
        #expect(spans[0].from == d("2024-01-01"))
        #expect(spans[1].until == d("2022-12-31"))
    }

    @Test func theSameRuleTwiceInAVersionIsTwoSpans() {
        let spans = RuleHistory.spans([version(1, published: "2024-01-01", [two, two]), version(2, published: "2025-01-01", [two])])
        #expect(spans.map(\.versions) == [[1, 2], [1]])
    }

    @Test func eachYearIsJudgedByTheRuleThatAppliedThen() {
        let spans = RuleHistory.spans([
            version(1, validFrom: "2024-01-01", published: "2024-01-01", [two]),
            version(2, published: "2025-07-01", [four]),
        ])
        let meetings = ["2024-03-01", "2024-10-01", "2025-02-01", "2025-03-01", "2025-09-01"].map {
            Obligations.Meeting(id: $0, date: d($0), title: $0, kind: .dialogue)
        }
        func years(_ span: RuleHistory.Span) -> [Int: Obligations.Year] {
            let result = Obligations.evaluate(.init(rules: [span.rule], inForceFrom: span.from, inForceUntil: span.until,
                                                    today: d("2026-01-15"), meetings: meetings))[0]
            return Dictionary(uniqueKeysWithValues: result.years.map { ($0.year, $0) })
        }
        let new = years(spans[0]), old = years(spans[1])
        // Two a year until the end of June 2025: one for the half year, and two were held.
        #expect(old[2024]?.status == .met)
        #expect(old[2025]?.required == 1)
        #expect(old[2025]?.status == .met)
        #expect(old[2025]?.evidence.count == 2)
        // Four a year from July: two for the half year, and only one was held.
        #expect(new[2025]?.required == 2)
        #expect(new[2025]?.status == .missed)
        #expect(new[2024] == nil)
        #expect(new[2026]?.status == .onTrack)
    }

    // MARK: - The shared checks

    @Test(arguments: [
        ("minimum", "0", "Talet måste vara minst 1."),
        ("minimum", "-2", "Talet får inte vara negativt (-2)."),
        ("minimum", "två", "\"två\" är inte ett heltal."),
        ("minimum", " ", "Fältet är tomt."),
        ("meetingKind", "picknick", "\"picknick\" är ingen giltig mötestyp. Välj en av: dialogue, annual, council, training."),
    ])
    func aMeetingRuleRefuses(field: String, value: String, message: String) {
        var values = ["meetingKind": "dialogue", "minimum": "2"]
        values[field] = value
        let outcome = RuleCheck.read(.meetingsPerYear, values, note: nil)
        #expect(outcome.rule == nil)
        #expect(outcome.problems.map(\.field) == [field])
        #expect(outcome.problems.first?.problem.message == message)
    }

    @Test func theOtherTypesRefuseTheirOwnValues() {
        #expect(RuleCheck.read(.responseTime, ["minimumPercent": "120"], note: nil).problems.first?.problem.kind == .outOfRange)
        #expect(RuleCheck.read(.revisionDue, ["date": "2026-02-30"], note: nil).problems.first?.problem.message
                == "\"2026-02-30\" är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.")
        #expect(RuleCheck.read(.planReview, [:], note: nil).problems.map(\.field) == ["everyMonths"])
        #expect(RuleCheck.read(.followUp, ["everyMonths": "24"], note: "Vartannat år").rule == .followUp(everyMonths: 24, note: "Vartannat år"))
    }

    @Test func theFileImportSaysWhatTheRuleCheckSays() throws {
        let file = """
            title: T
            parties:
              municipality: Kommunen
              civilSociety: Sektorn
            rules:
              - type: meetingsPerYear
                meetingKind: picknick
                minimum: "0"
              - type: revisionDue
                date: 2026-02-30
            """
        do {
            _ = try AgreementFile.parse(file)
            Issue.record("The file was read")
        } catch {
            let problems = error.problems.filter { $0.field.hasPrefix("rules") }
            #expect(problems.map(\.message) == [
                RuleCheck.read(.meetingsPerYear, ["meetingKind": "picknick", "minimum": "2"], note: nil).problems[0].problem.message,
                RuleCheck.read(.meetingsPerYear, ["meetingKind": "dialogue", "minimum": "0"], note: nil).problems[0].problem.message,
                RuleCheck.read(.revisionDue, ["date": "2026-02-30"], note: nil).problems[0].problem.message,
            ])
            #expect(problems.map(\.field) == ["rules[1].meetingKind", "rules[1].minimum", "rules[2].date"])
            #expect(problems.map(\.line) == [7, 8, 10])
        }
    }
}
