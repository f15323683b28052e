@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import VaporTesting

/// The agreement's rules edited in the browser: each type's form and its refusals (the file
/// import's words), only in a draft, publishing, each year judged by the version in force in it,
/// the day the rules are judged from, and the rules' way out and back in through the file.
@Suite struct RuleEditorTests {
    /// Södertälje's coordinator, with a revision started: version 2 is the draft.
    static func draft(_ app: Application) async throws -> Client {
        let coordinator = Client(app)
        try await coordinator.login(Demo.coordinator("sodertalje"))
        #expect(try await coordinator.post("/admin/sodertalje/revision").status == .seeOther)
        return coordinator
    }

    static func rules(_ app: Application, version: Int) async throws -> [AgreementDocument.Rule] {
        let m = try await Fixture.municipality(app, "sodertalje")
        let a = try #require(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$version == version).first())
        return try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all().compactMap(\.document)
    }

    static let base = "/admin/sodertalje/version/2/regler"

    @Test func everyTypeOfRuleIsAddedInTheDraft() async throws {
        try await withTestApp { app in
            let coordinator = try await Self.draft(app)
            let version = try await coordinator.get("/admin/sodertalje/version/2")
            #expect(version.text.contains(#"href="\#(Self.base)/ny""#))
            let chooser = try await coordinator.get(Self.base + "/ny")
            #expect(chooser.status == .ok)
            for type in AgreementDocument.RuleType.allCases { #expect(chooser.text.contains("\(Self.base)/ny/\(type.slug)")) }
            let before = try await Self.rules(app, version: 2)
            let added: [(String, [(String, String)], AgreementDocument.Rule)] = [
                ("moten-per-ar", [("meetingKind", "council"), ("minimum", "4"), ("note", "Samrådet möts varje kvartal.")],
                 .meetingsPerYear(kind: .council, minimum: 4, note: "Samrådet möts varje kvartal.")),
                ("uppfoljning", [("everyMonths", "6"), ("note", "")], .followUp(everyMonths: 6, note: nil)),
                ("oversyn-av-planen", [("everyMonths", "12")], .planReview(everyMonths: 12, note: nil)),
                ("revidering", [("date", "2028-06-30")], .revisionDue(date: CalendarDate("2028-06-30")!, note: nil)),
                ("svarstid", [("minimumPercent", "85")], .responseTime(minimumPercent: 85, note: nil)),
            ]
            for (slug, fields, _) in added {
                let form = try await coordinator.get("\(Self.base)/ny/\(slug)")
                #expect(form.status == .ok)
                #expect(form.text.contains(#"name="_csrf""#))
                let saved = try await coordinator.post("\(Self.base)/ny/\(slug)", fields)
                #expect(saved.status == .seeOther, "\(slug)")
                #expect(saved.headers.first(name: .location) == "/admin/sodertalje/version/2#regler")
            }
            #expect(try await Self.rules(app, version: 2) == before + added.map(\.2))
            // The version in force is untouched until the draft is published.
            #expect(try await Self.rules(app, version: 1) == before)
            let page = try await coordinator.get("/admin/sodertalje/version/2")
            #expect(page.text.contains("Minst 4 möten i samrådet per kalenderår – Samrådet möts varje kvartal."))
        }
    }

    @Test func theFormRefusesWhatTheFileRefusesInTheSameWordsAndKeepsWhatWasTyped() async throws {
        try await withTestApp { app in
            let coordinator = try await Self.draft(app)
            let before = try await Self.rules(app, version: 2)
            let cases: [(String, [(String, String)], String, String, String)] = [
                ("moten-per-ar", [("meetingKind", "dialogue"), ("minimum", "0")], "minimum", "0", "meetingsPerYear\n    meetingKind: dialogue\n    minimum: \"0\""),
                ("moten-per-ar", [("meetingKind", "dialogue"), ("minimum", "-3")], "minimum", "-3", "meetingsPerYear\n    meetingKind: dialogue\n    minimum: -3"),
                ("moten-per-ar", [("meetingKind", "dialogue"), ("minimum", "två")], "minimum", "två", "meetingsPerYear\n    meetingKind: dialogue\n    minimum: två"),
                ("moten-per-ar", [("meetingKind", "picknick"), ("minimum", "2")], "meetingKind", "picknick", "meetingsPerYear\n    meetingKind: picknick\n    minimum: 2"),
                ("uppfoljning", [("everyMonths", "1.5")], "everyMonths", "1.5", "followUp\n    everyMonths: \"1.5\""),
                ("revidering", [("date", "2027-02-29")], "date", "2027-02-29", "revisionDue\n    date: \"2027-02-29\""),
                ("svarstid", [("minimumPercent", "120")], "minimumPercent", "120", "responseTime\n    minimumPercent: 120"),
            ]
            for (slug, fields, field, typed, yaml) in cases {
                let res = try await coordinator.post("\(Self.base)/ny/\(slug)", fields + [("note", "Står i avsnitt 4.")])
                #expect(res.status == .unprocessableEntity, "\(slug) \(typed)")
                // The message the file import gives for the same value, beside the field and in the summary.
                let message = try #require(Self.importMessage(yaml), "\(yaml)")
                let escaped = message.replacingOccurrences(of: "\"", with: "&quot;")
                #expect(res.text.contains(escaped), "\(slug): \(message)")
                #expect(res.text.contains(#"id="f-\#(field)-error""#))
                // What was typed is still there.
                if field != "meetingKind" { #expect(res.text.contains(#"value="\#(typed)""#), "\(typed)") }
                #expect(res.text.contains("Står i avsnitt 4."))
            }
            let empty = try await coordinator.post("\(Self.base)/ny/moten-per-ar", [("meetingKind", ""), ("minimum", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Fältet är tomt."))
            // An unknown type is not a form.
            #expect(try await coordinator.get("\(Self.base)/ny/picknick").status == .notFound)
            #expect(try await coordinator.post("\(Self.base)/ny/picknick", [("minimum", "2")]).status == .notFound)
            #expect(try await Self.rules(app, version: 2) == before)
        }
    }

    @Test func theCataloguesSwedishForTheChecksIsTheFileImportsWording() throws {
        let catalogue = try Catalogue.load(directory: LocalizationTests.root.appendingPathComponent("Resources/Localization").path)
        for (key, swedish) in FieldProblem.swedish {
            #expect(catalogue.entries[.sv]?[key] == swedish, "\(key)")
            #expect(catalogue.entries[.en]?[key] != nil, "\(key)")
        }
    }

    /// What the agreement file import says about the one rule `rule` (a YAML rule body after `type: `).
    static func importMessage(_ rule: String) -> String? {
        let file = "title: T\nparties:\n  municipality: K\n  civilSociety: S\nrules:\n  - type: \(rule)\n"
        do {
            _ = try AgreementFile.parse(file)
            return nil
        } catch {
            return error.problems.first { $0.field.hasPrefix("rules") }?.message
        }
    }

    @Test func aRuleIsChangedAndRemovedAfterConfirming() async throws {
        try await withTestApp { app in
            let coordinator = try await Self.draft(app)
            let m = try await Fixture.municipality(app, "sodertalje")
            let draft = try #require(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID()).filter(\.$version == 2).first())
            let rules = try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == draft.requireID()).sort(\.$position).all()
            let meetings = try #require(rules.first { $0.type == "meetingsPerYear" })
            let form = try await coordinator.get("\(Self.base)/\(meetings.id!)")
            #expect(form.status == .ok)
            #expect(form.text.contains(#"value="2""#))
            #expect(form.text.contains("Kommunen bjuder in till dialogträffar"))
            let saved = try await coordinator.post("\(Self.base)/\(meetings.id!)",
                                                   [("meetingKind", "dialogue"), ("minimum", "3"), ("note", "Tre dialogträffar om året.")])
            #expect(saved.status == .seeOther)
            #expect(try await AgreementRule.find(meetings.id, on: app.db)?.document == .meetingsPerYear(kind: .dialogue, minimum: 3, note: "Tre dialogträffar om året."))
            let refused = try await coordinator.post("\(Self.base)/\(meetings.id!)", [("meetingKind", "dialogue"), ("minimum", "x")])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await AgreementRule.find(meetings.id, on: app.db)?.minimum == 3)

            let review = try #require(rules.first { $0.type == "planReview" })
            let ask = try await coordinator.post("\(Self.base)/\(review.id!)/ta-bort")
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Utvecklingsplanen ses över minst var 24:e månad") || ask.text.contains("24:e månad"))
            #expect(try await AgreementRule.find(review.id, on: app.db) != nil)
            #expect(try await coordinator.post("\(Self.base)/\(review.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await AgreementRule.find(review.id, on: app.db) == nil)
            // Each change is in the audit trail with who made it.
            let coordinatorID = try #require(try await User.query(on: app.db).filter(\.$email == Demo.coordinator("sodertalje")).first()?.id)
            let events = try await AuditEvent.query(on: app.db).filter(\.$tableName == AgreementRule.schema)
                .filter(\.$userID == coordinatorID).all()
            #expect(Set(events.map(\.kind)).isSuperset(of: [.update, .delete]))
        }
    }

    @Test func onlyADraftsRulesChangeAndOnlyByItsCoordinator() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let inForce = try await Self.rules(app, version: 1)
            let m = try await Fixture.municipality(app, "sodertalje")
            let v1 = try #require(try await Agreement.query(on: app.db).filter(\.$municipality.$id == m.requireID()).filter(\.$version == 1).first())
            let rule = try #require(try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == v1.requireID()).first())
            let page = try await coordinator.get("/admin/sodertalje/version/1")
            #expect(page.text.contains("Starta en revidering och ändra reglerna i utkastet"))
            #expect(!page.text.contains("/admin/sodertalje/version/1/regler/ny"))
            #expect(try await coordinator.get("/admin/sodertalje/version/1/regler/ny").status == .conflict)
            let refused = try await coordinator.post("/admin/sodertalje/version/1/regler/\(rule.id!)", [("meetingKind", "dialogue"), ("minimum", "9")])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("bara ändras i ett utkast"))
            #expect(try await coordinator.post("/admin/sodertalje/version/1/regler/\(rule.id!)/ta-bort", [("confirmed", "1")]).status == .conflict)
            #expect(try await Self.rules(app, version: 1) == inForce)

            // In the draft: a rule of version 1 is not one of the draft's.
            try await coordinator.post("/admin/sodertalje/revision")
            #expect(try await coordinator.get("\(Self.base)/\(rule.id!)").status == .notFound)
            // Another municipality's coordinator and an officer are refused.
            let other = Client(app)
            try await other.login(Demo.coordinator("boras"))
            #expect(try await other.post("\(Self.base)/ny/uppfoljning", [("everyMonths", "6")]).status == .forbidden)
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.get("\(Self.base)/ny").status == .forbidden)
            // No form without its token.
            #expect(try await coordinator.post("\(Self.base)/ny/uppfoljning", [("everyMonths", "6")], csrf: false).status == .forbidden)
            #expect(try await Self.rules(app, version: 2) == inForce)
        }
    }

    @Test func publishingPutsTheNewRulesInForceAndEachYearIsJudgedByTheVersionInForceThen() async throws {
        try await withTestApp(demo: false) { app in
            let m = Municipality(slug: "test", name: "Testkommun")
            try await m.create(on: app.db)
            func at(_ date: String) -> Date {
                guard case .exact(let t) = StockholmTime.utc(from: .init(date: CalendarDate(date)!, hour: 12, minute: 0)) else { return Date() }
                return Date(timeIntervalSince1970: TimeInterval(t))
            }
            let document = AgreementDocument(
                title: "Test", parties: .init(municipality: "Kommunen", civilSociety: "Sektorn"),
                metadata: .init(validFrom: CalendarDate("2024-01-01")),
                rules: [.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil), .followUp(everyMonths: 12, note: nil)])
            _ = try await AgreementStore.importDocument(document, into: m, status: .inForce, on: app.db, now: at("2024-01-01"))
            m.createdAt = at("2024-01-01")
            try await m.save(on: app.db)
            try await User(email: "samordnare@test.example", name: "S", passwordHash: try await app.passwordHasher.hash(Client.demoPassword),
                           role: .coordinator, municipalityID: m.id, verifiedAt: at("2024-01-01")).create(on: app.db)
            for date in ["2024-03-01", "2024-10-01", "2025-02-01", "2025-03-01", "2025-09-01"] {
                let meeting = Meeting()
                meeting.$municipality.id = m.id!
                meeting.kind = "dialogue"; meeting.title = "Dialogmöte \(date)"; meeting.audience = .everyone
                meeting.startsAt = Int(at(date).timeIntervalSince1970); meeting.endsAt = meeting.startsAt + 7200
                meeting.status = .scheduled; meeting.sequence = 0
                try await meeting.create(on: app.db)
            }
            // On 1 July 2025 the coordinator starts a revision, asks for four dialogue meetings a
            // year instead of two, and publishes it.
            app.clock.set(at("2025-07-01"))
            let coordinator = Client(app)
            try await coordinator.login("samordnare@test.example")
            #expect(try await coordinator.post("/admin/test/revision").status == .seeOther)
            let draft = try #require(try await Agreement.query(on: app.db).filter(\.$version == 2).first())
            let old = try #require(try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == draft.requireID())
                .filter(\.$type == "meetingsPerYear").first())
            #expect(try await coordinator.post("/admin/test/version/2/regler/\(old.id!)", [("meetingKind", "dialogue"), ("minimum", "4")]).status == .seeOther)
            // Before publishing, the rules page still judges by version 1.
            #expect(try await Client(app).get("/test/regler").text.contains("Minst 2 dialogmöten per kalenderår"))
            #expect(!(try await Client(app).get("/test/regler").text.contains("Minst 4 dialogmöten")))
            #expect(try await coordinator.post("/admin/test/version/2/publicera", [("confirmed", "1")]).status == .seeOther)

            app.clock.set(at("2026-01-15"))
            let outcome = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            #expect(outcome.results.map(\.rule) == [.meetingsPerYear(kind: .dialogue, minimum: 4, note: nil), .followUp(everyMonths: 12, note: nil)])
            // The follow-up rule did not change: one rule over both versions.
            #expect(outcome.current[1].span.versions == [1, 2])
            #expect(outcome.earlier.map(\.result.rule) == [.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil)])
            let oldYears = Dictionary(uniqueKeysWithValues: outcome.earlier[0].result.years.map { ($0.year, $0) })
            let newYears = Dictionary(uniqueKeysWithValues: outcome.current[0].result.years.map { ($0.year, $0) })
            #expect(oldYears[2024]?.status == .met)
            #expect(oldYears[2025]?.status == .met)
            #expect(oldYears[2025]?.required == 1)
            #expect(newYears[2025]?.required == 2)
            #expect(newYears[2025]?.status == .missed)
            #expect(newYears[2024] == nil)

            let page = try await Client(app).get("/test/regler")
            #expect(page.text.contains("Minst 4 dialogmöten per kalenderår"))
            #expect(page.text.contains("Gäller sedan 2025-07-01 (version 2)."))
            #expect(page.text.contains("Gäller sedan 2024-01-01 (versionerna 1, 2)."))
            #expect(page.text.contains("Regler som gällde tidigare"))
            #expect(page.text.contains("Gällde 2024-01-01–2025-06-30 (version 1)."))
            // Year by year: 2025 lists the old rule and the new one.
            let byYear = try #require(page.text.range(of: "År för år"))
            let summary = String(page.text[byYear.upperBound...])
            let row2025 = try #require(summary.range(of: "<th scope=\"row\">2025</th>"))
            let row2024 = try #require(summary.range(of: "<th scope=\"row\">2024</th>"))
            let year2025 = String(summary[row2025.upperBound..<row2024.lowerBound])
            #expect(year2025.contains("Minst 2 dialogmöten per kalenderår"))
            #expect(year2025.contains("Minst 4 dialogmöten per kalenderår"))
            // The public change log names the changed rule.
            let changes = try await Client(app).get("/test/overenskommelse/andringar").text
            #expect(changes.contains("2 ändrade regler"))
            let link = try #require(changes.range(of: #"href="[^"]+">Visa jämförelsen"#, options: .regularExpression))
            let comparison = String(changes[link].dropFirst(6).prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
            let compared = try await Client(app).get(comparison).text
            #expect(compared.contains("Ny regel: Minst 4 dialogmöten per kalenderår"))
            #expect(compared.contains("Minst 2 dialogmöten per kalenderår"))
        }
    }

    @Test func aRevisionThatAppliesLaterLeavesTheOldRulesInForceUntilThen() async throws {
        try await withTestApp { app in
            let coordinator = try await Self.draft(app)
            let m = try await Fixture.municipality(app, "sodertalje")
            let draft = try await AgreementStore.version(2, of: m, on: app.db)
            let starts = app.clock.today.adding(days: 30)
            draft.validFrom = starts.description
            try await draft.save(on: app.db)
            let meetings = try #require(try await AgreementRule.query(on: app.db).filter(\.$agreement.$id == draft.requireID())
                .filter(\.$type == "meetingsPerYear").first())
            try await coordinator.post("\(Self.base)/\(meetings.id!)", [("meetingKind", "dialogue"), ("minimum", "3")])
            #expect(try await coordinator.post("/admin/sodertalje/version/2/publicera", [("confirmed", "1")]).status == .seeOther)
            let outcome = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            // Today the two meetings of version 1 still apply (and are warned of); the three of version 2 from its day.
            #expect(outcome.results.contains { $0.rule == .meetingsPerYear(kind: .dialogue, minimum: 2, note: meetings.note) })
            let new = try #require(outcome.current.first { $0.result.rule == .meetingsPerYear(kind: .dialogue, minimum: 3, note: nil) })
            #expect(new.span.from == starts)
            // Nothing of it is judged before its day.
            #expect(new.result.years.isEmpty)
            let page = try await Client(app).get("/sodertalje/regler").text
            #expect(page.contains("Börjar gälla \(starts) (version 2)."))
            #expect(page.contains("–\(starts.adding(days: -1)), sedan tar en ny version över (version 1)."))
        }
    }

    @Test func theCoordinatorSetsTheDayTheRulesAreJudgedFrom() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            let admin = try await coordinator.get("/admin/sodertalje/regler")
            #expect(admin.text.contains(#"action="/admin/sodertalje/regler/bedoms-fran""#))
            let m = try await Fixture.municipality(app, "sodertalje")
            // The demo judges from the first meeting recorded; the agreement applies from 2018-10-01.
            #expect(m.rulesJudgedFrom != nil)
            // Its revision deadline (2022-10-01) passed before that day: not judged either.
            let before = try await ObligationCheck.evaluate(m, on: app.db, warningDays: 92, now: app.clock.now)
            let revision = try #require(before.current.first { $0.result.rule.type == .revisionDue })
            #expect(revision.notJudged == 2022...2022)
            #expect(revision.result.current == nil)
            for bad in ["2025-13-01", "igår", "1970-01-01"] {
                let res = try await coordinator.post("/admin/sodertalje/regler/bedoms-fran", [("judgedFrom", bad)])
                #expect(res.status == .unprocessableEntity, "\(bad)")
                #expect(res.text.contains(#"value="\#(bad)""#))
                #expect(res.text.contains(#"id="f-judgedFrom-error""#))
            }
            #expect(try await coordinator.post("/admin/sodertalje/regler/bedoms-fran", [("judgedFrom", "2021-01-01")]).status == .seeOther)
            #expect(try await Fixture.municipality(app, "sodertalje").rulesJudgedFrom == "2021-01-01")
            let page = try await Client(app).get("/sodertalje/regler").text
            #expect(page.contains("Reglerna bedöms från och med 2021-01-01"))
            // The years from when the agreement applied until then show as not judged, with why.
            #expect(page.contains("2018–2020"))
            #expect(page.contains("Inte bedömt"))
            #expect(page.contains("Reglerna bedöms från och med 2021-01-01, som samordnaren har bestämt."))
            // Judged from 2021, the revision deadline of 2022 was missed.
            #expect(page.contains("Skulle ha gjorts senast 2022-10-01."))
            let outcome = try await ObligationCheck.evaluate(try await Fixture.municipality(app, "sodertalje"), on: app.db,
                                                             warningDays: 92, now: app.clock.now)
            let meetings = try #require(outcome.current.first { $0.result.rule.type == .meetingsPerYear })
            #expect(meetings.notJudged == 2018...2020)
            #expect(meetings.result.years.map(\.year).min() == 2021)
            // Emptied, the rules are judged from the first meeting recorded here again.
            #expect(try await coordinator.post("/admin/sodertalje/regler/bedoms-fran", [("judgedFrom", "")]).status == .seeOther)
            #expect(try await Fixture.municipality(app, "sodertalje").rulesJudgedFrom == nil)
            #expect(try await Client(app).get("/sodertalje/regler").text.contains("fördes inga möten in här"))
            // Each change is in the agreement's change log.
            let changes = try await Client(app).get("/sodertalje/overenskommelse/andringar").text
            #expect(changes.contains("Reglerna bedöms från ett annat datum"))
            #expect(changes.contains("2021-01-01"))
            // Only the coordinator sets it.
            let officer = Client(app)
            try await officer.login(Demo.officer("sodertalje"))
            #expect(try await officer.post("/admin/sodertalje/regler/bedoms-fran", [("judgedFrom", "2020-01-01")]).status == .forbidden)
        }
    }

    @Test func rulesMadeInTheBrowserGoOutInTheFileAndComeBackTheSame() async throws {
        try await withTestApp { app in
            let coordinator = try await Self.draft(app)
            try await coordinator.post("\(Self.base)/ny/svarstid", [("minimumPercent", "90"), ("note", "Svar inom fem arbetsdagar, \"minst\" nio av tio.")])
            try await coordinator.post("\(Self.base)/ny/moten-per-ar", [("meetingKind", "annual"), ("minimum", "1"), ("note", "Stormöte: varje höst\nmed alla.")])
            try await coordinator.post("\(Self.base)/ny/revidering", [("date", "2029-12-31")])
            let m = try await Fixture.municipality(app, "sodertalje")
            let draft = try await AgreementStore.version(2, of: m, on: app.db)
            let exported = try await AgreementSnapshot.load(draft, on: app.db).document
            #expect(exported.rules.suffix(3) == [
                .responseTime(minimumPercent: 90, note: "Svar inom fem arbetsdagar, \"minst\" nio av tio."),
                .meetingsPerYear(kind: .annual, minimum: 1, note: "Stormöte: varje höst\nmed alla."),
                .revisionDue(date: CalendarDate("2029-12-31")!, note: nil),
            ])
            let text = AgreementFile.write(exported)
            let read = try AgreementFile.parse(text)
            #expect(read.rules == exported.rules)
            // Imported into another municipality, the rules are the same rules.
            let other = Municipality(slug: "kopia", name: "Kopia")
            try await other.create(on: app.db)
            let copy = try await AgreementStore.importDocument(read, into: other, status: .inForce, on: app.db, now: app.clock.now)
            #expect(try await AgreementSnapshot.load(copy, on: app.db).document.rules == exported.rules)
        }
    }
}
