@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import Vapor
import VaporTesting

/// Joining the agreement: every step, and every refusal.
@Suite struct AccessionTests {
    /// An approved organisation in Borås without any accession, with the demo representative added.
    private func freshOrganisation(_ app: Application) async throws -> Organisation {
        let o = try await Fixture.organisation(app, "Språkvänner i Borås")
        let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("boras")).first())
        try await OrganisationRepresentative(organisationID: o.requireID(), userID: user.requireID()).create(on: app.db)
        return o
    }

    private func storedFileCount(_ app: Application) async throws -> (rows: Int, files: Int) {
        let directory = FileStore(app: app).directory
        let rows = try await StoredFile.query(on: app.db).count()
        let names = Set(try await StoredFile.query(on: app.db).all().map(\.storedName))
        let onDisk = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { names.contains($0) }.count ?? 0
        return (rows, onDisk)
    }

    @Test func applyingWithAProtocolStoresThePDFOutsideTheWebRootWithItsHash() async throws {
        try await withTestApp { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            #expect(try await rep.get("/admin/boras/foreningar/\(o.id!)/ansok").status == .ok)
            let res = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                  [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                  files: [("protokoll", "Protokoll styrelsemöte.pdf", "application/pdf", Fixture.pdf)])
            #expect(res.status == .seeOther)
            let a = try #require(try await Accession.query(on: app.db).filter(\.$organisation.$id == o.requireID()).first())
            #expect(a.status == .submitted)
            #expect(a.method == .protocol_)
            #expect(a.decisionDate == "2026-11-01")
            let file = try #require(try await a.$protocolFile.get(on: app.db))
            #expect(file.sha256 == SHA256.hash(data: Data(Fixture.pdf)).map { String(format: "%02x", $0) }.joined())
            #expect(file.storedName != file.originalName)
            let path = FileStore(app: app).path(for: file)
            #expect(!path.contains("/Public/"))
            #expect(FileManager.default.contents(atPath: path) == Data(Fixture.pdf))
            // Representatives and the coordinator were told.
            #expect(try await Fixture.mail(app, to: Demo.representative("boras")).contains { $0.subject.contains("mottagen") })
            #expect(try await Fixture.mail(app, to: Demo.coordinator("boras")).contains { $0.subject.contains("Ny ansökan") })

            // The protocol comes back as an attachment, to the organisation and to the staff.
            let download = try await rep.get("/admin/boras/foreningar/\(o.id!)/protokoll/\(file.id!)")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(download.headers.contentType?.subType == "pdf")
            #expect(Array(download.body.readableBytesView) == Fixture.pdf)
            let officer = Client(app)
            try await officer.login(Demo.officer("boras"))
            #expect(try await officer.get("/admin/boras/foreningar/\(o.id!)/protokoll/\(file.id!)").status == .ok)
            // A second application while this one is open is refused.
            #expect(try await rep.get("/admin/boras/foreningar/\(o.id!)/ansok").status == .conflict)
        }
    }

    /// Security test finding 8: an HTML page with `%PDF-` in a comment was stored and served as
    /// `evil.html`; a file just over the limit passed inside the form's margin.
    @Test func htmlWithAPDFMarkerAndFilesOverTheLimitAreRefused() async throws {
        try await withTestApp(config: { $0.uploadMaxBytes = 4096 }) { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let before = try await storedFileCount(app)
            let html = Array("<html><!-- %PDF-1.4 --><script>alert(1)</script></html>\nstartxref\n0\n%%EOF\n".utf8)
            let res = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                  [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                  files: [("protokoll", "evil.html", "text/html", html)])
            #expect(res.status == .unprocessableEntity)
            #expect(try await storedFileCount(app) == before)
            let big = Fixture.pdf + [UInt8](repeating: 32, count: 4097 - Fixture.pdf.count)
            let tooBig = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                     [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                     files: [("protokoll", "stor.pdf", "application/pdf", big)])
            #expect(tooBig.status == .payloadTooLarge)
            #expect(try await storedFileCount(app) == before)
            // A real PDF under a hostile name is kept, and offered only as `….pdf` with a clean name.
            let ok = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                 [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                 files: [("protokoll", "evil\u{202E}lmth.html", "application/pdf", Fixture.pdf)])
            #expect(ok.status == .seeOther)
            let file = try #require(try await StoredFile.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(file.originalName == "evillmth.pdf")
            let download = try await rep.get("/admin/boras/foreningar/\(o.id!)/protokoll/\(file.id!)")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"evillmth.pdf\"") == true)
            #expect(download.headers.contentType == .pdf)
        }
    }

    @Test func anExeRenamedToPDFIsRefusedAndNothingIsStored() async throws {
        try await withTestApp { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let before = try await storedFileCount(app)
            let exe: [UInt8] = Array("MZ\u{90}\u{0}\u{3}\u{0}\u{0}\u{0}This program cannot be run in DOS mode.".utf8)
            let res = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                  [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                  files: [("protokoll", "protokoll.pdf", "application/pdf", exe)])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains("Filen är ingen PDF"))
            #expect(try await storedFileCount(app) == before)
            #expect(try await Accession.query(on: app.db).filter(\.$organisation.$id == o.requireID()).count() == 0)
        }
    }

    @Test func aFileOverTheLimitGets413AndNothingIsStored() async throws {
        try await withTestApp { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let before = try await storedFileCount(app)
            let big = Fixture.pdf + [UInt8](repeating: 32, count: app.config.uploadMaxBytes + 300 * 1024)
            let res = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                                  [("method", "protocol"), ("decisionDate", "2026-11-01")],
                                                  files: [("protokoll", "stort.pdf", "application/pdf", big)])
            #expect(res.status == .payloadTooLarge)
            #expect(res.text.contains("För stor fil eller för lång text"))
            #expect(try await storedFileCount(app) == before)
            #expect(try await Accession.query(on: app.db).filter(\.$organisation.$id == o.requireID()).count() == 0)
        }
    }

    @Test(arguments: [
        ([("method", "protocol")], "Ange datumet då styrelsen beslutade"),
        ([("method", "protocol"), ("decisionDate", "1 maj")], "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ([("method", "written")], "Skriv er ansökan."),
        ([("method", "fax")], "Välj ett av alternativen."),
    ])
    func applicationValidation(fields: [(String, String)], message: String) async throws {
        try await withTestApp { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let res = try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok", fields, files: [])
            #expect(res.status == .unprocessableEntity)
            #expect(res.text.contains(message))
        }
    }

    @Test func theWholePathFromWrittenApplicationToWithdrawal() async throws {
        try await withTestApp { app in
            let o = try await freshOrganisation(app)
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            try await rep.postMultipart("/admin/boras/foreningar/\(o.id!)/ansok",
                                        [("method", "written"), ("text", "Styrelsen vill ansluta.")], files: [])
            let a = try #require(try await Accession.query(on: app.db).filter(\.$organisation.$id == o.requireID()).first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("boras"))
            let queue = try await coordinator.get("/admin/boras/anslutningar")
            #expect(queue.text.contains("Språkvänner i Borås"))

            // More information, answered.
            #expect(try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/komplettera").status == .seeOther)
            #expect(try await Accession.find(a.id, on: app.db)?.status == .submitted, "a request without a message is refused")
            // The request mails the representatives: first the page that shows whom and what, and nothing is sent.
            let mailBefore = try await OutboxMessage.query(on: app.db).count()
            let ask = try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/komplettera", [("message", "Bifoga gärna stadgarna.")])
            #expect(ask.status == .ok)
            #expect(ask.text.contains("Be Språkvänner i Borås om mer underlag?"))
            #expect(ask.text.contains("Bifoga gärna stadgarna."), "the preview carries the message")
            #expect(ask.text.contains(#"<input type="hidden" name="message" value="Bifoga gärna stadgarna.">"#))
            #expect(try await Accession.find(a.id, on: app.db)?.status == .submitted)
            #expect(try await OutboxMessage.query(on: app.db).count() == mailBefore)
            #expect(try await AccessionEvent.query(on: app.db).filter(\.$accession.$id == a.requireID()).count() == 1)
            try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/komplettera", [("message", "Bifoga gärna stadgarna."), ("confirmed", "1")])
            #expect(try await Accession.find(a.id, on: app.db)?.status == .moreInfoRequested)
            #expect(try await OutboxMessage.query(on: app.db).count() > mailBefore)
            let page = try await rep.get("/admin/boras/foreningar/\(o.id!)")
            #expect(page.text.contains("Bifoga gärna stadgarna."))
            try await rep.post("/admin/boras/foreningar/\(o.id!)/anslutning/\(a.id!)/svar", [("message", "Stadgarna finns på webben.")])
            #expect(try await Accession.find(a.id, on: app.db)?.status == .submitted)

            // Approved, then signed by both sides.
            try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/godkann")
            #expect(try await Accession.find(a.id, on: app.db)?.status == .submitted, "not before the confirmation")
            try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/godkann", [("confirmed", "1")])
            #expect(try await Accession.find(a.id, on: app.db)?.status == .approved)
            try await rep.post("/admin/boras/foreningar/\(o.id!)/anslutning/\(a.id!)/underteckna",
                               [("signatoryName", "Lina Ordförande"), ("signatoryRole", "ordförande"), ("signedOn", "2026-11-20")])
            #expect(try await Accession.find(a.id, on: app.db)?.status == .approved, "one side is not enough")
            try await coordinator.post("/admin/boras/anslutningar/\(a.id!)/underteckna",
                                       [("signatoryName", "Per Kommunalråd"), ("signatoryRole", "kommunalråd"), ("signedOn", "2026-11-21")])
            let signed = try #require(try await Accession.find(a.id, on: app.db))
            #expect(signed.status == .signed)
            #expect(signed.signedOn == "2026-11-21")
            #expect(try await Organisation.find(o.id, on: app.db)?.signatorySince == "2026-11-21")

            // Each step was recorded with who took it.
            let steps = try await AccessionEvent.query(on: app.db).filter(\.$accession.$id == a.requireID()).sort(\.$createdAt).all()
            #expect(steps.map(\.action) == [.submitted, .infoRequested, .answered, .approved, .organisationSigned, .municipalitySigned])
            #expect(steps[1].actorName == "Samordnare, Borås Stad")
            // The representatives heard of each step.
            let mails = try await Fixture.mail(app, to: Demo.representative("boras")).map(\.subject)
            #expect(mails.contains { $0.contains("mer information") })
            #expect(mails.contains { $0.contains("är godkänd") })
            #expect(mails.contains { $0.contains("har undertecknat") })

            let list = try await Client(app).get("/boras/undertecknare").text
            #expect(list.contains("Språkvänner i Borås"))
            #expect(list.contains("2026-11-21"))
            #expect(try await Client(app).get("/boras/overenskommelse").text.contains("3 organisationer har skrivit under"))
            let certificate = try await Client(app).get("/boras/undertecknare/\(a.id!)/intyg")
            #expect(certificate.status == .ok)
            for text in ["Intyg om anslutning", "Språkvänner i Borås", "Lina Ordförande, ordförande, 2026-11-20",
                         "Per Kommunalråd, kommunalråd, 2026-11-21", "Version 1", "Det Idéburna"] {
                #expect(certificate.text.contains(text), "\(text)")
            }

            // Withdrawal: off the public list, history kept.
            let early = try await rep.post("/admin/boras/foreningar/\(o.id!)/uttrad", [("date", "2026-01-01")])
            #expect(early.status == .unprocessableEntity)
            try await rep.post("/admin/boras/foreningar/\(o.id!)/uttrad", [("date", "2026-11-22"), ("reason", "Vi läggs ned.")])
            let withdrawn = try #require(try await Accession.find(a.id, on: app.db))
            #expect(withdrawn.status == .withdrawn)
            #expect(withdrawn.withdrawalReason == "Vi läggs ned.")
            #expect(try await Organisation.find(o.id, on: app.db)?.signatorySince == nil)
            #expect(!(try await Client(app).get("/boras/foreningar?undertecknat=ja").text.contains("Språkvänner i Borås")))
            #expect(!(try await Client(app).get("/boras/undertecknare").text.contains("Språkvänner i Borås")))
            #expect(try await AccessionEvent.query(on: app.db).filter(\.$accession.$id == a.requireID()).count() == 7)
            #expect(try await Client(app).get("/boras/undertecknare/\(a.id!)/intyg").status == .notFound)
        }
    }

    @Test func aDeclineNeedsAReasonAndIsFinal() async throws {
        try await withTestApp { app in
            let pendingApplication = try #require(try await Accession.query(on: app.db).filter(\.$status == .submitted)
                .filter(\.$method == .written).join(Municipality.self, on: \Accession.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "orebro").first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            try await coordinator.post("/admin/orebro/anslutningar/\(pendingApplication.id!)/avsla")
            #expect(try await Accession.find(pendingApplication.id, on: app.db)?.status == .submitted)
            try await coordinator.post("/admin/orebro/anslutningar/\(pendingApplication.id!)/avsla", [("message", "Föreningen är inte idéburen.")])
            #expect(try await Accession.find(pendingApplication.id, on: app.db)?.status == .submitted)
            try await coordinator.post("/admin/orebro/anslutningar/\(pendingApplication.id!)/avsla",
                                       [("message", "Föreningen är inte idéburen."), ("confirmed", "1")])
            #expect(try await Accession.find(pendingApplication.id, on: app.db)?.status == .declined)
            #expect(try await coordinator.post("/admin/orebro/anslutningar/\(pendingApplication.id!)/godkann").status == .conflict)
        }
    }

    @Test func aCoordinatorOfAnotherMunicipalityGets403() async throws {
        try await withTestApp { app in
            let a = try #require(try await Accession.query(on: app.db).filter(\.$status == .submitted)
                .join(Municipality.self, on: \Accession.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "eslov").first())
            let other = Client(app)
            try await other.login(Demo.coordinator("boras"))
            #expect(try await other.get("/admin/eslov/anslutningar/\(a.id!)").status == .forbidden)
            #expect(try await other.post("/admin/eslov/anslutningar/\(a.id!)/godkann").status == .forbidden)
            // And the Eslöv accession through Borås' own path is not found.
            #expect(try await other.post("/admin/boras/anslutningar/\(a.id!)/godkann").status == .notFound)
            #expect(try await Accession.find(a.id, on: app.db)?.status == .submitted)
        }
    }

    @Test func sixtyOrganisationsSignAtOneEvent() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            var ids: [String] = []
            for n in 1...60 {
                let o = Organisation()
                o.$municipality.id = try m.requireID()
                o.name = "Förening nummer \(n)"
                o.legalForm = .ideellForening
                o.status = .approved
                o.searchText = SearchText.fold(o.name)
                try await o.create(on: app.db)
                ids.append(o.id!.uuidString)
            }
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("sodertalje"))
            // The page lists fifty candidates at a time, with a count, not one box per organisation.
            let form = try await coordinator.get("/admin/sodertalje/undertecknande")
            #expect(form.text.components(separatedBy: "name=\"pick\"").count - 1 == 50)
            let event = [("title", "Dialogforum 2026"), ("date", "2026-11-12"), ("signatoryName", "Kim Kommunalråd"), ("signatoryRole", "kommunalråd")]
            let missing = try await coordinator.post("/admin/sodertalje/undertecknande", [("title", "Dialogforum 2026")])
            #expect(missing.status == .unprocessableEntity)
            // Search, tick two, then add every match; what was typed stays.
            let found = try await coordinator.post("/admin/sodertalje/undertecknande", event + [("sok", "nummer 1"), ("action", "search")])
            #expect(found.text.contains("11 föreningar matchar."))
            #expect(found.text.contains("value=\"Kim Kommunalråd\""))
            let two = try await coordinator.post("/admin/sodertalje/undertecknande", event + [("sok", "nummer 1"), ("action", "add"),
                                                                                          ("pick", ids[0]), ("pick", ids[9])])
            #expect(two.text.contains("Valda föreningar (2)"))
            let all = try await coordinator.post("/admin/sodertalje/undertecknande", event + [("sok", "Förening nummer"), ("action", "addAll"),
                                                                                          ("organisations", ids[0]), ("organisations", ids[9])])
            #expect(all.text.contains("Valda föreningar (60)"))
            let removed = try await coordinator.post("/admin/sodertalje/undertecknande", event + ids.map { ("organisations", $0) }
                                                     + [("action", "remove:\(ids[5])")])
            #expect(removed.text.contains("Valda föreningar (59)"))
            // Recording asks first: who is mailed a certificate; nothing is stored yet.
            let asked = try await coordinator.post("/admin/sodertalje/undertecknande", event + ids.map { ("organisations", $0) } + [("action", "sign")])
            #expect(asked.status == .ok)
            #expect(asked.text.contains("Registrera 60 undertecknare vid Dialogforum 2026?"))
            #expect(try await Accession.query(on: app.db).filter(\.$method == .event).filter(\.$signedOn == "2026-11-12").count() == 0)
            let res = try await coordinator.post("/admin/sodertalje/undertecknande", event + ids.map { ("organisations", $0) }
                                                 + [("action", "sign"), ("confirmed", "1")])
            #expect(res.status == .seeOther)
            #expect(try await Accession.query(on: app.db).filter(\.$method == .event).filter(\.$signedOn == "2026-11-12").count() == 60)
            #expect(try await Organisation.query(on: app.db).filter(\.$signatorySince == "2026-11-12").count() == 60)
            // The list has pages of 50; the rest are on the second, and the download holds them all.
            let list = try await Client(app).get("/sodertalje/undertecknare?ar=2026").text
            #expect(list.contains("Förening nummer 1<"))
            #expect(list.contains("Visar 1–50 av "))
            #expect(list.contains(##"href="/sodertalje/undertecknare?ar=2026&amp;sida=2""##))
            let second = try await Client(app).get("/sodertalje/undertecknare?ar=2026&sida=2").text
            #expect(second.contains("Förening nummer 60<") || list.contains("Förening nummer 60<"))
            let excel = try await Client(app).get("/sodertalje/undertecknare.csv?ar=2026&format=excel")
            #expect(excel.headers.first(name: .contentDisposition)?.contains("undertecknare-sodertalje-excel.csv") == true)
            #expect(excel.text.hasPrefix("\u{FEFF}Förening;Organisationsnummer;Anslöt;"))
            #expect(excel.text.contains("Förening nummer 60;;2026-11-12;Vid undertecknande;"))
            // Signing the same organisations again is refused.
            let again = try await coordinator.post("/admin/sodertalje/undertecknande", [
                ("title", "Igen"), ("date", "2026-11-13"), ("signatoryName", "Kim"), ("signatoryRole", "x"), ("organisations", ids[0]),
            ])
            #expect(again.status == .unprocessableEntity)
        }
    }

    @Test func aNewVersionAsksSignatoriesToConfirmAndTheListShowsWho() async throws {
        try await withTestApp { app in
            let o = try await Fixture.representedOrganisation(app, "eslov")
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            try await coordinator.post("/admin/eslov/revision")
            // The confirmation names the signatories who will be asked; nothing is published yet.
            let confirmPage = try await coordinator.post("/admin/eslov/version/2/publicera")
            #expect(confirmPage.text.contains("mottagare"))
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$kind == "newVersion").count() == 0)
            try await coordinator.post("/admin/eslov/version/2/publicera", [("confirmed", "1")])
            let asked = try await Fixture.mail(app, to: Demo.representative("eslov")).filter { $0.kind == "newVersion" }
            #expect(asked.count == 1)
            var list = try await Client(app).get("/eslov/undertecknare").text
            #expect(list.contains("Bekräftat version 2"))
            #expect(list.contains("Inte än"))
            let rep = Client(app)
            try await rep.login(Demo.representative("eslov"))
            #expect(try await rep.get("/admin/eslov/foreningar/\(o.id!)").text.contains("Bekräfta version 2"))
            try await rep.post("/admin/eslov/foreningar/\(o.id!)/bekrafta-version")
            #expect(try await VersionConfirmation.query(on: app.db).filter(\.$organisation.$id == o.requireID()).count() == 1)
            list = try await Client(app).get("/eslov/undertecknare").text
            let row = String(list[list.range(of: o.name)!.lowerBound...].prefix(400))
            #expect(row.contains("<td>Ja</td>"))
        }
    }

    @Test func theDemoSignatoriesJoinedTheWayTheirAgreementsSay() async throws {
        try await withTestApp { app in
            let eslov = try await Client(app).get("/eslov/undertecknare?metod=protocol").text
            #expect(eslov.contains("2 organisationer har skrivit under"))
            #expect(eslov.contains("Styrelseprotokoll"))
            let sodertalje = try await Client(app).get("/sodertalje/undertecknare?metod=event").text
            #expect(sodertalje.contains("Vid undertecknande"))
            let a = try #require(try await Accession.query(on: app.db).filter(\.$method == .event).first())
            #expect(try await Client(app).get("/sodertalje/undertecknare/\(a.id!)/intyg").text.contains("Dialogforum 2019"))
            let orebro = try #require(try await Accession.query(on: app.db).filter(\.$status == .signed)
                .join(Municipality.self, on: \Accession.$municipality.$id == \Municipality.$id)
                .filter(Municipality.self, \.$slug == "orebro").first())
            #expect(orebro.municipalitySignatoryRole == "kommunalråd")
            for slug in Demo.slugs {
                let m = try await Fixture.municipality(app, slug)
                #expect(try await Accession.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                    .filter(\.$status ~~ [.submitted, .moreInfoRequested]).count() >= 1, "\(slug) has a pending application")
            }
        }
    }
}
