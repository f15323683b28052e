@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import VaporTesting

/// The public change log at `/{kommun}/overenskommelse/andringar` and the editor's comparison.
@Suite struct ChangeLogTests {
    func commitments(_ app: Application, _ slug: String, version: Int) async throws -> [Commitment] {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == slug).first())
        let a = try await AgreementStore.version(version, of: m, on: app.db)
        return try await Commitment.query(on: app.db).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all()
    }

    func principles(_ app: Application, _ slug: String, version: Int) async throws -> [Principle] {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == slug).first())
        let a = try await AgreementStore.version(version, of: m, on: app.db)
        return try await Principle.query(on: app.db).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all()
    }

    @Test func editsToAPublishedVersionArePublicAndARevisionIsComparedCommitmentByCommitment() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let first = try await visitor.get("/eslov/overenskommelse/andringar")
            #expect(first.status == .ok)
            #expect(first.text.contains("Den första versionen på plattformen."))
            #expect(!first.text.contains("Jämför två versioner"), "nothing to compare with one version")
            #expect(try await visitor.get("/eslov/overenskommelse").text.contains("/eslov/overenskommelse/andringar"))

            // The coordinator corrects the version in force: the correction is public, without who made it.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            let v1 = try await commitments(app, "eslov", version: 1)
            let p1 = try await principles(app, "eslov", version: 1)
            let corrected = v1[0]
            let before = try await CommitmentPrinciple.query(on: app.db).filter(\.$commitment.$id == corrected.id!).sort(\.$position).all()
            let added = try #require(p1.first { p in !before.contains { $0.$principle.id == p.id } })
            #expect(try await coordinator.post("/admin/eslov/version/1/ataganden/\(corrected.id!)",
                [("text", corrected.text + " Det gäller även nya föreningar."), ("party", corrected.party)]
                + (before.map(\.$principle.id) + [added.id!]).map { ("principles", $0.uuidString) }).status == .seeOther)
            var log = try await visitor.get("/eslov/overenskommelse/andringar").text
            #expect(log.contains("Ändrat efter publiceringen"))
            #expect(log.contains("Ett åtagande formulerades om"))
            #expect(log.contains("Det gäller även nya föreningar."))
            #expect(log.contains("Ett åtagande kopplades till principen \(added.name)"))
            #expect(!log.contains("kopplades bort"), "the links it kept are not touched")
            #expect(!log.contains("Samordnare, Eslövs kommun"), "the log does not say who")

            // A revision: one commitment reworded, one moved, one removed, one added, in the draft.
            #expect(try await coordinator.post("/admin/eslov/revision").status == .seeOther)
            let v2 = try await commitments(app, "eslov", version: 2)
            let p2 = try await principles(app, "eslov", version: 2)
            let reworded = v2[1], moved = v2[2], removed = v2[3]
            let kept = try await CommitmentPrinciple.query(on: app.db).filter(\.$commitment.$id == reworded.id!).sort(\.$position).all()
            try await coordinator.post("/admin/eslov/version/2/ataganden/\(reworded.id!)",
                [("text", "En helt ny lydelse i revisionen."), ("party", reworded.party)] + kept.map { ("principles", $0.$principle.id.uuidString) })
            let links = try await CommitmentPrinciple.query(on: app.db).filter(\.$commitment.$id == moved.id!).all().map(\.$principle.id)
            let elsewhere = try #require(p2.first { !links.contains($0.id!) })
            try await coordinator.post("/admin/eslov/version/2/ataganden/\(moved.id!)", [
                ("text", moved.text), ("party", moved.party), ("principles", elsewhere.id!.uuidString)])
            try await coordinator.post("/admin/eslov/version/2/ataganden/\(removed.id!)/ta-bort", [("confirmed", "1")])
            try await coordinator.post("/admin/eslov/version/2/ataganden", [
                ("text", "Parterna ordnar en gemensam utbildning om överenskommelsen."), ("party", "both"), ("principles", p2[0].id!.uuidString)])

            // The draft is not public; the coordinator compares it with the version in force.
            log = try await visitor.get("/eslov/overenskommelse/andringar").text
            #expect(!log.contains("En helt ny lydelse i revisionen."))
            #expect(!log.contains("Version 2"))
            let draft = try await coordinator.get("/admin/eslov/version/2/jamfor")
            #expect(draft.status == .ok)
            #expect(draft.text.contains("En helt ny lydelse i revisionen."))
            #expect(try await visitor.get("/admin/eslov/version/2/jamfor").status == .seeOther, "to the login page")

            try await coordinator.post("/admin/eslov/version/2/publicera", [("confirmed", "1")])
            log = try await visitor.get("/eslov/overenskommelse/andringar").text
            #expect(log.contains("Jämfört med version 1: 1 nytt åtagande, 1 borttaget, 1 omformulerat, 1 flyttat till andra principer."))
            #expect(!log.contains("Ett åtagande lades till"), "edits to the draft are not edits after publication")
            #expect(log.contains("Jämför två versioner"))
            let compared = try await visitor.get("/eslov/overenskommelse/andringar?fran=1&till=2")
            let text = compared.text
            #expect(text.contains("Version 1 jämförd med version 2"))
            #expect(text.contains("Nya åtaganden (1)") && text.contains("Borttagna åtaganden (1)") && text.contains("Ändrade åtaganden (2)"))
            #expect(text.contains("Parterna ordnar en gemensam utbildning om överenskommelsen."))
            #expect(text.contains("<ins><span class=\"visually-hidden\">tillagt: </span>"))
            #expect(text.contains("Förut under: "))
            #expect(text.contains(removed.text.replacingOccurrences(of: "\"", with: "&quot;")))
            // The other order is the same comparison; nonsense is answered on the page.
            #expect(try await visitor.get("/eslov/overenskommelse/andringar?fran=2&till=1").text.contains("Version 1 jämförd med version 2"))
            let same = try await visitor.get("/eslov/overenskommelse/andringar?fran=2&till=2")
            #expect(same.status == .ok && same.text.contains("Välj två olika versioner"))
            let unknown = try await visitor.get("/eslov/overenskommelse/andringar?fran=x&till=%00")
            #expect(unknown.status == .ok && unknown.text.contains("Det finns ingen sådan publicerad version"))
            #expect(try await visitor.get("/ingenstans/overenskommelse/andringar").status == .notFound)
        }
    }

    @Test func theChangeLogRunsTheSameQueriesWhateverTheNumberOfVersionsAndEdits() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func count() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                let m = try #require(try await Municipality.query(on: db).filter(\.$slug == "boras").first())
                log.reset()
                _ = try await AgreementChangesPage.query(db: db, municipality: m, from: 1, to: 2, t: t, chrome: .plain)
                return log.count
            }
            try await coordinator.post("/admin/boras/revision")
            try await coordinator.post("/admin/boras/version/2/publicera", [("confirmed", "1")])
            let two = try await count()
            for version in 3...3 {
                try await coordinator.post("/admin/boras/revision")
                let c = try await commitments(app, "boras", version: version)[0]
                let p = try await principles(app, "boras", version: version)[0]
                try await coordinator.post("/admin/boras/version/\(version)/ataganden/\(c.id!)", [
                    ("text", "Lydelse \(version)."), ("party", c.party), ("principles", p.id!.uuidString)])
                try await coordinator.post("/admin/boras/version/\(version)/publicera", [("confirmed", "1")])
                try await coordinator.post("/admin/boras/version/\(version)/ataganden/\(c.id!)", [
                    ("text", "Rättad lydelse \(version)."), ("party", c.party), ("principles", p.id!.uuidString)])
            }
            #expect(try await count() == two)
            let page = try await Client(app).get("/boras/overenskommelse/andringar").text
            #expect(page.contains("Rättad lydelse 3."))
            #expect(page.contains("Version 3 (gäller)"))
        }
    }
}
