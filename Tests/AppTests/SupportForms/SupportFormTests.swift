@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Forms of support and their rules as versions: the public sees what applies and what changed
/// since when, and the signatories are told, after the coordinator has seen the mail.
@Suite struct SupportFormTests {
    @Test func newRulesAreAnnouncedToSignatoriesAfterAConfirmationAndShownWithWhatChanged() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("botkyrka"))
            let create = [("kind", "grant"), ("name", "Startbidrag"), ("whoMayApply", "Nya föreningar."), ("howToApply", "Via e-tjänsten."),
                          ("deadlines", ""), ("rules", "Högst 5 000 kronor per förening."), ("effectiveFrom", app.clock.today.description)]
            let missing = try await coordinator.post("/admin/botkyrka/stod", create.map { $0.0 == "howToApply" ? ("howToApply", "") : $0 })
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Nya föreningar."))
            #expect(try await coordinator.post("/admin/botkyrka/stod", create).status == .seeOther)
            let form = try #require(try await SupportForm.query(on: app.db).filter(\.$name == "Startbidrag").first())
            #expect(form.slug == "startbidrag")
            let list = try await Client(app).get("/botkyrka/stod")
            #expect(list.text.contains("Startbidrag") && list.text.contains("Nya föreningar."))

            // New rules from a later day: unchanged text is refused; then the confirmation shows the mail and sends nothing yet.
            let later = app.clock.today.adding(days: 30).description
            let rulesURL = "/admin/botkyrka/stod/\(form.id!)/regler"
            #expect(try await coordinator.get(rulesURL).text.contains("Högst 5 000 kronor per förening."))
            let same = try await coordinator.post(rulesURL, [("rules", "Högst 5 000 kronor per förening."), ("effectiveFrom", later), ("changeNote", "Inget")])
            #expect(same.status == .unprocessableEntity && same.text.contains("likadana som nu"))
            let fields = [("rules", "Högst 8 000 kronor per förening."), ("effectiveFrom", later), ("changeNote", "Taket höjs till 8 000 kronor.")]
            let signatories = try await SupportAdminController.signatoryAddresses(try await Fixture.municipality(app, "botkyrka"), on: app.db)
            #expect(!signatories.isEmpty)
            let before = try await OutboxMessage.query(on: app.db).count()
            let ask = try await coordinator.post(rulesURL, fields)
            #expect(ask.status == .ok && ask.text.contains("\(signatories.count) företrädare") && ask.text.contains("Nya regler för Startbidrag från \(later)"))
            #expect(try await OutboxMessage.query(on: app.db).count() == before)
            #expect(try await SupportRuleVersion.query(on: app.db).filter(\.$form.$id == form.id!).count() == 1)
            #expect(try await coordinator.post(rulesURL, fields + [("confirmed", "1")]).status == .seeOther)
            let mail = try #require(try await Fixture.mail(app, to: signatories[0]).last { $0.subject.hasPrefix("Nya regler för Startbidrag") })
            #expect(mail.body.contains("Taket höjs till 8 000 kronor.") && mail.body.contains("/botkyrka/stod/startbidrag"))
            let officer = Demo.officer("botkyrka")
            #expect(try await Fixture.mail(app, to: officer).allSatisfy { !$0.subject.hasPrefix("Nya regler") }, "staff are not signatories")

            // Until that day the old rules apply and the new ones are announced; then the new ones apply, the change marked.
            var page = try await Client(app).get("/botkyrka/stod/startbidrag").text
            #expect(page.contains("Nya regler gäller från och med \(later): Taket höjs till 8 000 kronor."))
            #expect(page.contains("Gäller från och med \(app.clock.today)"))
            app.clock.advance(by: 30 * 86_400)
            page = try await Client(app).get("/botkyrka/stod/startbidrag").text
            #expect(page.contains("Reglerna ändrades från och med \(later): Taket höjs till 8 000 kronor."))
            // Word by word: only the amount changed.
            #expect(page.contains("Högst <del>") && page.contains("5</del> <ins>") && page.contains("8</ins> 000 kronor per förening."))

            // Removed after a confirmation, with its versions.
            try await coordinator.login(Demo.coordinator("botkyrka"))
            #expect(try await coordinator.post("/admin/botkyrka/stod/\(form.id!)/ta-bort").text.contains("2 regelversioner"))
            #expect(try await coordinator.post("/admin/botkyrka/stod/\(form.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await SupportRuleVersion.query(on: app.db).filter(\.$form.$id == form.id!).count() == 0)
        }
    }

    @Test func onlyTheMunicipalitysCoordinatorKeepsTheSupport() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "boras")
            let form = try #require(try await SupportForm.query(on: app.db).filter(\.$municipality.$id == m.id!).first())
            for email in [Demo.representative("boras"), Demo.officer("boras"), Demo.coordinator("eslov")] {
                let someone = Client(app)
                try await someone.login(email)
                #expect(try await someone.get("/admin/boras/stod").status == .forbidden, "\(email)")
                #expect(try await someone.post("/admin/boras/stod/\(form.id!)/regler", [("rules", "x"), ("effectiveFrom", "2030-01-01"),
                                                                                     ("changeNote", "x"), ("confirmed", "1")]).status == .forbidden)
            }
            #expect(try await SupportRuleVersion.query(on: app.db).filter(\.$form.$id == form.id!).filter(\.$rules == "x").count() == 0)
        }
    }

    @Test func theSupportListRunsTwoQueriesWhateverItsSize() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func queries() async throws -> Int {
                let (db, log) = try await QueryLog.database(app)
                log.reset()
                _ = try await SupportController.listPage(db, m, today: app.clock.today, t: t, chrome: .plain)
                return log.count
            }
            let few = try await queries()
            for n in 0..<20 {
                let f = SupportForm()
                f.$municipality.id = m.id!
                f.kind = .grant
                f.name = "Bidrag \(n)"
                f.slug = "bidrag-\(n)"
                f.whoMayApply = "Alla."
                f.howToApply = "Ansök."
                f.position = 100 + n
                try await f.create(on: app.db)
                for d in 0..<3 {
                    let v = SupportRuleVersion()
                    v.$form.id = f.id!
                    v.effectiveFrom = app.clock.today.adding(days: -d * 10).description
                    v.rules = "Regel \(d)."
                    v.createdAt = 0
                    try await v.create(on: app.db)
                }
            }
            #expect(try await queries() == few && few == 2)
        }
    }
}
