@testable import App
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Refuses, for good, the addresses it is given; records the rest.
final class RefusingTransport: MailTransport, @unchecked Sendable {
    let refused: Set<String>
    let sent = NIOLockedValueBox<[MailMessage]>([])

    init(refusing: Set<String>) { refused = refusing }

    func send(_ message: MailMessage) async throws {
        if refused.contains(message.to) { throw MailTransportError.rejected("550 5.1.1 <\(message.to)>: mailbox unknown") }
        sent.withLockedValue { $0.append(message) }
    }
}

/// Newsletters: residents subscribe with double opt-in and leave in one click; the coordinator
/// composes an issue for a segment computed from the data, in Swedish and other languages, and
/// the outbox sends it at the configured rate, counting failures and skipping refused addresses.
@Suite struct NewsletterTests {
    private func today(_ app: Application) -> String { app.clock.today.description }

    private func recipients(_ app: Application, _ slug: String, _ segment: NewsletterSegment, area: UUID? = nil) async throws -> [String] {
        let m = try await Fixture.municipality(app, slug)
        return try await NewsletterSegments.recipients(segment, area: area, in: m, on: app.db, today: today(app)).map(\.email)
    }

    /// A new organisation in `slug` with one verified representative.
    @discardableResult
    private func organisation(_ app: Application, _ slug: String, _ name: String, status: Organisation.Status, signed: Bool,
                              representative email: String) async throws -> Organisation {
        let m = try await Fixture.municipality(app, slug)
        let o = Organisation()
        o.$municipality.id = try m.requireID()
        o.name = name
        o.legalForm = .ideellForening
        o.status = status
        o.searchText = SearchText.fold(name)
        o.signatorySince = signed ? today(app) : nil
        try await o.create(on: app.db)
        var user = try await User.query(on: app.db).filter(\.$email == email).first()
        if user == nil {
            let u = User(email: email, name: name, passwordHash: "x", role: .representative, municipalityID: m.id, verifiedAt: app.clock.now)
            try await u.create(on: app.db)
            user = u
        }
        let found = try #require(user)
        try await OrganisationRepresentative(organisationID: o.requireID(), userID: found.requireID()).create(on: app.db)
        return o
    }

    private func createIssue(_ client: Client, _ slug: String, subject: String, body: String, segment: NewsletterSegment,
                             extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        try await client.get("/admin/\(slug)/nyhetsbrev/ny")
        return try await client.post("/admin/\(slug)/nyhetsbrev", [("subject", subject), ("body", body), ("segment", segment.rawValue)] + extra)
    }

    private func issue(_ app: Application, _ subject: String) async throws -> NewsletterIssue {
        try #require(try await NewsletterIssue.query(on: app.db).filter(\.$subject == subject).first())
    }

    @Test func segmentsAreComputedFromTheRegisterTheCouncilAndTheSubscribers() async throws {
        try await withTestApp { app in
            // The demo's three confirmed subscribers are the residents.
            #expect(try await recipients(app, "orebro", .residents) == ["prenumerant1.orebro@exempel.se", "prenumerant2.orebro@exempel.se",
                                                                      "prenumerant3.orebro@exempel.se"])
            let before: [NewsletterSegment: [String]] = try await {
                var found: [NewsletterSegment: [String]] = [:]
                for s in [NewsletterSegment.organisations, .signatories, .applicants, .council] { found[s] = try await recipients(app, "orebro", s) }
                return found
            }()
            #expect(before[.signatories]!.contains(Demo.representative("orebro")))
            #expect(Set(before[.signatories]!).isSubset(of: Set(before[.organisations]!)))

            // A signatory, an approved organisation that has not signed, an applicant, and a
            // pending registration nobody has approved: each lands where it belongs.
            let signed = try await organisation(app, "orebro", "Segmentets undertecknare", status: .approved, signed: true,
                                                representative: "signerad@exempel.se")
            try await organisation(app, "orebro", "Segmentets medlem", status: .approved, signed: false, representative: "godkand@exempel.se")
            let applicant = try await organisation(app, "orebro", "Segmentets sökande", status: .pending, signed: false,
                                                   representative: "sokande@exempel.se")
            let agreement = try #require(try await Agreement.query(on: app.db).filter(\.$municipality.$id == applicant.$municipality.id).first())
            let accession = Accession()
            accession.$organisation.id = try applicant.requireID()
            accession.$municipality.id = applicant.$municipality.id
            accession.$agreement.id = try agreement.requireID()
            accession.method = .written
            accession.status = .submitted
            try await accession.create(on: app.db)
            // The same person represents two organisations: one copy.
            try await organisation(app, "orebro", "Segmentets andra", status: .approved, signed: true, representative: "signerad@exempel.se")
            // Another municipality's organisation is not Örebro's.
            try await organisation(app, "boras", "Annan kommuns förening", status: .approved, signed: true, representative: "boras@exempel.se")

            #expect(try await recipients(app, "orebro", .organisations) == (before[.organisations]! + ["godkand@exempel.se", "signerad@exempel.se"]).sorted())
            #expect(try await recipients(app, "orebro", .signatories) == (before[.signatories]! + ["signerad@exempel.se"]).sorted())
            #expect(try await recipients(app, "orebro", .applicants) == (before[.applicants]! + ["sokande@exempel.se"]).sorted())

            // Council members sitting today with an address; one whose term ended is not.
            let council = try #require(try await Council.query(on: app.db).filter(\.$municipality.$id == signed.$municipality.id).first())
            for (email, end) in [("ledamot.ny@exempel.se", nil), ("ledamot.slutat@exempel.se", app.clock.today.adding(days: -1).description)] {
                let member = CouncilMember()
                member.$council.id = try council.requireID()
                member.name = email
                member.email = email
                member.party = .civilSociety
                member.affiliation = "Test"
                member.role = .member
                member.termStart = app.clock.today.adding(days: -400).description
                member.termEnd = end
                try await member.create(on: app.db)
            }
            #expect(try await recipients(app, "orebro", .council) == (before[.council]! + ["ledamot.ny@exempel.se"]).sorted())

            // An activity area: only its approved organisations.
            let area = try #require(try await ActivityArea.query(on: app.db).filter(\.$municipality.$id == signed.$municipality.id).first())
            let inArea = try await recipients(app, "orebro", .area, area: area.requireID())
            try await OrganisationActivityArea(organisationID: signed.requireID(), areaID: area.requireID()).create(on: app.db)
            try await OrganisationActivityArea(organisationID: applicant.requireID(), areaID: area.requireID()).create(on: app.db)
            #expect(try await recipients(app, "orebro", .area, area: area.requireID()) == (inArea + ["signerad@exempel.se"]).sorted())

            // An address that unsubscribed, or that a server refused for good, is left out.
            let optOut = MailOptOut()
            optOut.$municipality.id = signed.$municipality.id
            optOut.email = "signerad@exempel.se"
            optOut.token = LinkToken.issue().hash
            optOut.optedOutAt = app.clock.now
            try await optOut.create(on: app.db)
            try await UndeliverableAddress.mark("godkand@exempel.se", reason: "550", on: app.db, now: app.clock.now)
            #expect(try await recipients(app, "orebro", .organisations) == before[.organisations]!)

            // The coordinator sees the count and the list on the saved draft.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            try await createIssue(coordinator, "orebro", subject: "Till sökande", body: "Hej", segment: .applicants)
            let draft = try await issue(app, "Till sökande")
            let page = try await coordinator.get("/admin/orebro/nyhetsbrev/\(draft.id!)").text
            let applicants = try await recipients(app, "orebro", .applicants)
            #expect(page.contains("\(applicants.count) mottagare just nu"))
            #expect(page.contains("sokande@exempel.se"))
        }
    }

    @Test func residentsSubscribeWithDoubleOptInGetTheirLanguageAndLeaveInOneClick() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            #expect(try await visitor.get("/orebro/nyhetsbrev").text.contains("Tidigare nyhetsbrev"))
            let bad = try await visitor.post("/orebro/nyhetsbrev", [("email", "inte-en-adress"), ("language", "en")])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("inte-en-adress"))
            let header = try await visitor.post("/orebro/nyhetsbrev", [("email", "a@exempel.se\r\nBcc: b@exempel.se"), ("language", "sv")])
            #expect(header.status == .unprocessableEntity)
            #expect(try await visitor.post("/orebro/nyhetsbrev", [("email", "Ny.Lasare@Exempel.se"), ("language", "en")]).status == .seeOther)
            let subscriber = try #require(try await NewsletterSubscriber.query(on: app.db).filter(\.$email == "ny.lasare@exempel.se").first())
            #expect(subscriber.status == .pending && subscriber.language == "en")
            // Not a recipient until confirmed.
            #expect(!(try await recipients(app, "orebro", .residents).contains("ny.lasare@exempel.se")))
            let mail = try #require(try await Fixture.mail(app, to: "ny.lasare@exempel.se").last)
            // Asked for in English: the confirmation is in English too.
            #expect(mail.subject == "Confirm the newsletter from Örebro kommun" && mail.language == "en")
            let link = try #require(Fixture.link(in: mail, path: "/orebro/nyhetsbrev/bekrafta/"))
            let path = String(link[link.range(of: "/orebro/")!.lowerBound...])
            // Opening the link (a mail scanner does) confirms nothing; the button does.
            let confirmPage = Client(app)
            #expect(try await confirmPage.get(path).text.contains("Ja, bekräfta"))
            #expect(try await NewsletterSubscriber.find(subscriber.id, on: app.db)?.status == .pending)
            #expect(try await confirmPage.post(path).status == .seeOther)
            #expect(try await NewsletterSubscriber.find(subscriber.id, on: app.db)?.status == .confirmed)
            #expect(try await recipients(app, "orebro", .residents).contains("ny.lasare@exempel.se"))
            // Subscribing again tells nothing and mails nothing.
            #expect(try await visitor.post("/orebro/nyhetsbrev", [("email", "ny.lasare@exempel.se"), ("language", "sv")]).status == .seeOther)
            #expect(try await Fixture.mail(app, to: "ny.lasare@exempel.se").count == 1)
            // An unknown or made-up token is refused.
            #expect(try await Client(app).get("/orebro/nyhetsbrev/bekrafta/falsk").status == .notFound)

            // An issue with an English text: each reader gets theirs, Swedish when missing.
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let created = try await createIssue(coordinator, "orebro", subject: "Vinterns nyheter", body: "## Möten\n\nVälkomna **alla**.",
                                                segment: .residents,
                                                extra: [("subject_en", "News this winter"), ("body_en", "## Meetings\n\nWelcome *all*.")])
            #expect(created.status == .seeOther)
            let draft = try await issue(app, "Vinterns nyheter")
            // A draft is not in the public archive.
            #expect(try await Client(app).get("/orebro/nyhetsbrev/\(draft.id!)").status == .notFound)
            // Sending asks first, showing the copies, and mails nobody until confirmed.
            let asked = try await coordinator.post("/admin/orebro/nyhetsbrev/\(draft.id!)/skicka")
            #expect(asked.status == .ok && asked.text.contains("News this winter") && asked.text.contains("Vinterns nyheter"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == draft.id).count() == 0)
            #expect(try await issue(app, "Vinterns nyheter").status == .draft)
            #expect(try await coordinator.post("/admin/orebro/nyhetsbrev/\(draft.id!)/skicka", [("confirmed", "1")]).status == .seeOther)
            let copies = try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == draft.id).all()
            #expect(copies.count == 4)
            let english = try #require(copies.first { $0.toAddress == "ny.lasare@exempel.se" })
            #expect(english.subject == "News this winter" && english.language == "en")
            #expect(english.htmlBody?.contains("<em>all</em>") == true && english.htmlBody?.contains(#"<html lang="en">"#) == true)
            #expect(english.body.contains("Welcome *all*."))
            let swedish = try #require(copies.first { $0.toAddress == "prenumerant1.orebro@exempel.se" })
            #expect(swedish.subject == "Vinterns nyheter" && swedish.language == "sv")
            #expect(swedish.htmlBody?.contains("<strong>alla</strong>") == true)
            // The demo subscriber who reads English gets the English text too.
            #expect(copies.first { $0.toAddress == "prenumerant3.orebro@exempel.se" }?.subject == "News this winter")
            // A sent issue is in the archive, in both languages, and can no longer be changed.
            let archived = try await Client(app).get("/orebro/nyhetsbrev/\(draft.id!)?sprak=en")
            #expect(archived.status == .ok && archived.text.contains("News this winter") && archived.text.contains(#"lang="en""#))
            #expect(try await Client(app).get("/orebro/nyhetsbrev").text.contains("Vinterns nyheter"))
            let again = try await coordinator.post("/admin/orebro/nyhetsbrev/\(draft.id!)", [("subject", "Ändrat"), ("body", "x"), ("segment", "residents")])
            #expect(again.status == .conflict)

            // Every copy has its own one-click unsubscribe, in the header and in the text.
            let unsubscribe = try #require(english.unsubscribeURL)
            #expect(english.body.contains(unsubscribe) && english.htmlBody?.contains(unsubscribe) == true)
            #expect(swedish.unsubscribeURL != unsubscribe)
            let leave = String(unsubscribe[unsubscribe.range(of: "/orebro/")!.lowerBound...])
            // The mail client posts without any session or CSRF token (RFC 8058).
            #expect(try await Client(app).post(leave, [("List-Unsubscribe", "One-Click")], csrf: false).status == .seeOther)
            #expect(!(try await recipients(app, "orebro", .residents).contains("ny.lasare@exempel.se")))
            // It is kept: the next issue skips the address.
            try await createIssue(coordinator, "orebro", subject: "Vårens nyheter", body: "Hej", segment: .residents)
            let next = try await issue(app, "Vårens nyheter")
            try await coordinator.post("/admin/orebro/nyhetsbrev/\(next.id!)/skicka", [("confirmed", "1")])
            let nextCopies = try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == next.id).all()
            #expect(nextCopies.count == 3 && !nextCopies.contains { $0.toAddress == "ny.lasare@exempel.se" })
            // Subscribing again, and confirming, is a new consent.
            try await visitor.post("/orebro/nyhetsbrev", [("email", "ny.lasare@exempel.se"), ("language", "en")])
            let second = try #require(try await Fixture.mail(app, to: "ny.lasare@exempel.se").filter { $0.kind == "newsletter-confirm" }.last)
            let secondLink = try #require(Fixture.link(in: second, path: "/orebro/nyhetsbrev/bekrafta/"))
            let secondPath = String(secondLink[secondLink.range(of: "/orebro/")!.lowerBound...])
            let confirmAgain = Client(app)
            try await confirmAgain.get(secondPath)
            try await confirmAgain.post(secondPath)
            #expect(try await recipients(app, "orebro", .residents).contains("ny.lasare@exempel.se"))
        }
    }

    @Test func copiesGoOutAtTheConfiguredRateAndRefusedAddressesAreSkippedNextTime() async throws {
        try await withTestApp(config: { $0.newsletterPerMinute = 2 }) { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            try await createIssue(coordinator, "boras", subject: "Brev i omgångar", body: "Hej alla", segment: .residents)
            let first = try await issue(app, "Brev i omgångar")
            let start = app.clock.seconds
            try await coordinator.post("/admin/boras/nyhetsbrev/\(first.id!)/skicka", [("confirmed", "1")])
            let copies = try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == first.id).sort(\.$toAddress).all()
            #expect(copies.count == 3)
            // Two a minute: the third copy is due a minute later.
            #expect(copies.map(\.nextAttemptAt) == [start, start, start + 60])

            let refused = "prenumerant2.boras@exempel.se"
            let transport = RefusingTransport(refusing: [refused])
            app.mailTransport = transport
            let now = app.clock.now
            _ = try await Outbox.deliverDue(app: app, now: { now })
            func delivered() -> [String] { transport.sent.withLockedValue { $0 }.filter { $0.subject == "Brev i omgångar" }.map(\.to).sorted() }
            #expect(delivered() == ["prenumerant1.boras@exempel.se"])
            // Refused for good: failed at once, not retried, and the address is marked.
            let failed = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == refused)
                .filter(\.$newsletterIssueID == first.id).first())
            #expect(failed.status == .failed && failed.attempts == 1)
            #expect(try await UndeliverableAddress.query(on: app.db).filter(\.$email == refused).count() == 1)
            let later = now.addingTimeInterval(60)
            _ = try await Outbox.deliverDue(app: app, now: { later })
            #expect(delivered() == ["prenumerant1.boras@exempel.se", "prenumerant3.boras@exempel.se"])

            // The coordinator's list counts delivery per issue.
            let list = try await coordinator.get("/admin/boras/nyhetsbrev").text
            #expect(list.contains("2 levererade, 0 i kö, 1 misslyckade"))
            // The next issue skips the refused address.
            try await createIssue(coordinator, "boras", subject: "Nästa brev", body: "Hej igen", segment: .residents)
            let next = try await issue(app, "Nästa brev")
            #expect(try await coordinator.get("/admin/boras/nyhetsbrev/\(next.id!)").text.contains("2 mottagare just nu"))
            try await coordinator.post("/admin/boras/nyhetsbrev/\(next.id!)/skicka", [("confirmed", "1")])
            let nextCopies = try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == next.id).all()
            #expect(Set(nextCopies.map(\.toAddress)) == ["prenumerant1.boras@exempel.se", "prenumerant3.boras@exempel.se"])
        }
    }

    @Test func onlyTheCoordinatorComposesAndTheTextIsChecked() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            // The assembled draft names what happened since the last issue.
            let form = try await coordinator.get("/admin/orebro/nyhetsbrev/ny")
            #expect(form.status == .ok && form.text.contains("Kommande möten"))
            // Raw HTML and script links are refused, with what was typed kept.
            let script = try await coordinator.post("/admin/orebro/nyhetsbrev", [("subject", "Försök"), ("body", "Hej <script>alert(1)</script>"),
                                                                                ("segment", "organisations")])
            #expect(script.status == .unprocessableEntity && script.text.contains("HTML"))
            let link = try await coordinator.post("/admin/orebro/nyhetsbrev", [("subject", "Försök"), ("body", "[klicka](javascript:alert(1))"),
                                                                              ("segment", "organisations")])
            #expect(link.status == .unprocessableEntity)
            let header = try await coordinator.post("/admin/orebro/nyhetsbrev", [("subject", "Ämne\r\nBcc: alla@exempel.se"), ("body", "Hej"),
                                                                                ("segment", "organisations")])
            #expect(header.status == .unprocessableEntity && header.text.contains("radbrytningar"))
            let half = try await coordinator.post("/admin/orebro/nyhetsbrev", [("subject", "Halvt"), ("body", "Hej"), ("segment", "organisations"),
                                                                              ("subject_en", "Half")])
            #expect(half.status == .unprocessableEntity && half.text.contains("både ämnesrad och text"))
            let noArea = try await coordinator.post("/admin/orebro/nyhetsbrev", [("subject", "Område"), ("body", "Hej"), ("segment", "area")])
            #expect(noArea.status == .unprocessableEntity)
            #expect(try await NewsletterIssue.query(on: app.db).filter(\.$status == .draft).count() == 0)

            try await createIssue(coordinator, "orebro", subject: "Örebros utkast", body: "Hej", segment: .organisations)
            let draft = try await issue(app, "Örebros utkast")
            // Another municipality's coordinator and a representative are refused.
            let other = Client(app)
            try await other.login(Demo.coordinator("boras"))
            #expect(try await other.get("/admin/orebro/nyhetsbrev").status == .forbidden)
            #expect(try await other.get("/admin/boras/nyhetsbrev/\(draft.id!)").status == .notFound)
            #expect(try await other.post("/admin/boras/nyhetsbrev/\(draft.id!)/skicka", [("confirmed", "1")]).status == .notFound)
            let rep = Client(app)
            try await rep.login(Demo.representative("orebro"))
            #expect(try await rep.get("/admin/orebro/nyhetsbrev/ny").status == .forbidden)
            #expect(try await rep.post("/admin/orebro/nyhetsbrev/\(draft.id!)/skicka", [("confirmed", "1")]).status == .forbidden)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$newsletterIssueID == draft.id).count() == 0)

            // Removing a draft asks first.
            let ask = try await coordinator.post("/admin/orebro/nyhetsbrev/\(draft.id!)/ta-bort")
            #expect(ask.status == .ok && ask.text.contains("Örebros utkast"))
            #expect(try await NewsletterIssue.find(draft.id, on: app.db) != nil)
            #expect(try await coordinator.post("/admin/orebro/nyhetsbrev/\(draft.id!)/ta-bort", [("confirmed", "1")]).status == .seeOther)
            #expect(try await NewsletterIssue.find(draft.id, on: app.db) == nil)
        }
    }

    @Test func unconfirmedSubscriptionsLapseAndARefusedAddressIsTriedAgainAfterAYear() async throws {
        try await withTestApp { app in
            #expect(try await Client(app).post("/eslov/nyhetsbrev", [("email", "glomde@exempel.se"), ("language", "sv")]).status == .seeOther)
            try await UndeliverableAddress.mark("borta@exempel.se", reason: "550", on: app.db, now: app.clock.now)
            let confirmed = try await NewsletterSubscriber.query(on: app.db).filter(\.$status == .confirmed).count()
            try await Housekeeping.run(app: app, now: app.clock.now)
            #expect(try await NewsletterSubscriber.query(on: app.db).filter(\.$email == "glomde@exempel.se").count() == 1, "still within its day")
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(Double(app.config.registrationConfirmHours * 3600 + 60)))
            #expect(try await NewsletterSubscriber.query(on: app.db).filter(\.$email == "glomde@exempel.se").count() == 0)
            #expect(try await NewsletterSubscriber.query(on: app.db).filter(\.$status == .confirmed).count() == confirmed)
            #expect(try await UndeliverableAddress.query(on: app.db).count() == 1)
            try await Housekeeping.run(app: app, now: app.clock.now.addingTimeInterval(366 * 86_400))
            #expect(try await UndeliverableAddress.query(on: app.db).count() == 0)
        }
    }

    @Test func theListPagesRunAFixedNumberOfQueries() async throws {
        try await withTestApp { app in
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let m = try await Fixture.municipality(app, "orebro")
            let t = Translator(catalogue: app.catalogue, locale: .sv)
            func counts() async throws -> (admin: Int, rows: Int, archive: Int, issues: Int) {
                let (db, log) = try await QueryLog.database(app)
                let rows = try await NewsletterAdminController.listRows(db, m, t: t).rows.count
                let admin = log.count
                log.reset()
                let issues = try await NewsletterController.archive(db, m).count
                return (admin, rows, log.count, issues)
            }
            let before = try await counts()
            for n in 1...4 {
                try await createIssue(coordinator, "orebro", subject: "Brev \(n)", body: "Hej", segment: .residents)
                try await coordinator.post("/admin/orebro/nyhetsbrev/\(try await issue(app, "Brev \(n)").id!)/skicka", [("confirmed", "1")])
            }
            let after = try await counts()
            #expect(after.rows == before.rows + 4 && after.issues == before.issues + 4)
            #expect(before.admin == after.admin && after.admin == 3)
            #expect(before.archive == after.archive && after.archive == 1)
        }
    }
}
