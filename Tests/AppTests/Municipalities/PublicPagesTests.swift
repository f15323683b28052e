@testable import App
import Fluent
import SamverkanCore
import Testing
import Vapor
import VaporTesting

@Suite struct PublicPagesTests {
    @Test func homeListsTheFiveMunicipalities() async throws {
        try await withTestApp { app in
            let res = try await Client(app).get("/")
            #expect(res.status == .ok)
            for name in ["Botkyrka kommun", "Borås Stad", "Örebro kommun", "Södertälje kommun", "Eslövs kommun"] {
                #expect(res.text.contains(name))
            }
            #expect(res.text.contains(#"<html lang="sv" dir="ltr">"#))
            #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
        }
    }

    @Test(arguments: Demo.slugs)
    func everyPublicPageOfADemoMunicipalityIsServed(slug: String) async throws {
        try await withTestApp { app in
            let client = Client(app)
            for path in ["/\(slug)", "/\(slug)/overenskommelse", "/\(slug)/overenskommelse/version/1",
                         "/\(slug)/utvecklingsomraden"] {
                let res = try await client.get(path)
                #expect(res.status == .ok, "\(path)")
                #expect(res.text.contains(##"<a class="skip-link" href="#main">"##), "\(path)")
                #expect(!res.text.contains("http://") && !res.text.contains("https://"), "no external resource on \(path)")
            }
        }
    }

    @Test func agreementPageShowsMetadataPrinciplesAndPartyNames() async throws {
        try await withTestApp { app in
            let text = try await Client(app).get("/sodertalje/overenskommelse").text
            for expected in ["KS 17/53", "2018-10-01", "2022-10-01", "Vart 4:e år", "Enheten för utredning och hållbarhet",
                             "Principen", "Samhällsutveckling"] where expected != "Principen" {
                #expect(text.contains(expected), "\(expected)")
            }
            // Seven principles, in order.
            let names = ["Långsiktighet", "Öppenhet och insyn", "Mångfald", "Självständighet och oberoende",
                         "Dialog", "Kvalitet", "Samhällsutveckling"]
            let positions = names.map { text.range(of: "<h3>\($0)</h3>")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())

            #expect(text.contains("Minst 2 dialogmöten per kalenderår"))
            #expect(text.contains("Utvecklingsplanen ses över minst var 24:e månad"))
            #expect(text.contains("Överenskommelsen ska vara reviderad senast 2022-10-01"))

            let boras = try await Client(app).get("/boras/overenskommelse").text
            #expect(boras.contains("Minst 1 stormöte per kalenderår"))
            #expect(boras.contains("Åtaganden för Det Idéburna"))
            #expect(boras.contains("Tills vidare"))
            let botkyrka = try await Client(app).get("/botkyrka").text
            #expect(botkyrka.contains("Plattformen för idéburna organisationer i Botkyrka"))
        }
    }

    @Test func aCommitmentUnderSeveralPrinciplesAppearsUnderEachAndSaysSo() async throws {
        try await withTestApp { app in
            let text = try await Client(app).get("/orebro/overenskommelse").text
            let commitment = "Bidra till ett fristående ideellt utvecklingscentrum"
            #expect(text.components(separatedBy: commitment).count - 1 == 3)
            #expect(text.contains("(hör även till: Dialog, Mångfald)"))
            #expect(text.contains("(hör även till: Öppenhet, Mångfald)"))
        }
    }

    @Test func filteringByPartyAndPrincipleWorksWithoutJavaScript() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let all = try await client.get("/boras/overenskommelse").text
            #expect(all.contains("Visar 17 av 17 åtaganden."))
            let filtered = try await client.get("/boras/overenskommelse?part=municipality&princip=oppenhet").text
            #expect(filtered.contains("Visar 7 av 17 åtaganden."))
            #expect(filtered.contains("Erbjuda en väg in"))
            #expect(!filtered.contains("Företräda sina egna verksamheter"))
            #expect(!filtered.contains("<h3>Dialog</h3>"))
            #expect(filtered.contains(#"<option value="oppenhet" selected>"#))
            // Unknown filter values are ignored, never an error.
            let odd = try await client.get("/boras/overenskommelse?part=staten&princip=%3Cscript%3E")
            #expect(odd.status == .ok)
            #expect(!odd.text.contains("<script>"))
        }
    }

    @Test func developmentAreasShowActivities() async throws {
        try await withTestApp { app in
            let text = try await Client(app).get("/sodertalje/utvecklingsomraden").text
            for area in ["Samverkan", "Information och delaktighet", "Idéburen sektors roll och ideellt engagemang", "Långsiktighet"] {
                #expect(text.contains("<h2>\(area)</h2>"))
            }
            #expect(text.contains("Digitalt nyhetsbrev till sektorn"))
            #expect(text.contains("Uppskjuten"))
            let eslov = try await Client(app).get("/eslov/utvecklingsomraden").text
            #expect(eslov.contains("Överenskommelsen har inga utvecklingsområden."))
        }
    }

    @Test func unknownMunicipalityAndVersionGive404InSwedish() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let missing = try await client.get("/stockholm/overenskommelse")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Kommunen finns inte här."))
            #expect(try await client.get("/eslov/overenskommelse/version/7").status == .notFound)
            #expect(try await client.get("/eslov/overenskommelse/version/abc").status == .notFound)
        }
    }

    @Test func englishInterfaceThroughTheLanguageSwitcher() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let sv = try await client.get("/eslov/overenskommelse")
            #expect(sv.text.contains(#"href="/eslov/overenskommelse?lang=en""#))
            let en = try await client.get("/eslov/overenskommelse?lang=en")
            #expect(en.text.contains(#"<html lang="en" dir="ltr">"#))
            #expect(en.text.contains("Principles and commitments"))
            #expect(en.text.contains("Skip to content"))
            // The choice is remembered in a cookie.
            #expect(try await client.get("/").text.contains("Local agreements"))
        }
    }

    /// The agreement file wraps its long lines; the page lets the text flow, a blank line making a
    /// new paragraph.
    @Test func theAgreementsPurposeFlowsAsParagraphs() async throws {
        #expect(FlowingText.paragraphs("Ett två\ntre.\r\n\r\nFyra\n\n\n") == ["Ett två tre.", "Fyra"])
        #expect(FlowingText.paragraphs(" \n ") == nil)
        try await withTestApp { app in
            let text = try await Client(app).get("/orebro/overenskommelse").text
            #expect(text.contains("<p>Överenskommelsen samlar en gemensam värdegrund, sex principer och åtaganden från båda parter för att"))
            #expect(try await Client(app).get("/orebro").text.contains("åtaganden från båda parter"))
        }
    }

    /// Södertälje's agreement ran until 2022-10-01 and has not been revised: the page says so
    /// instead of "in force".
    @Test func anAgreementPastItsTermSaysItsRevisionIsOverdue() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let expired = try await client.get("/sodertalje/overenskommelse").text
            #expect(expired.contains("Version 1 – giltighetstiden gick ut 2022-10-01 och ingen reviderad version har antagits. Revisionen är försenad."))
            #expect(!expired.contains("gäller nu"))
            #expect(try await client.get("/orebro/overenskommelse").text.contains("Version 1 – gäller nu."))
            app.clock.set(Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: 2022, month: 10, day: 1)!.daysSinceEpoch * 86_400 + 43_200)))
            #expect(try await client.get("/sodertalje/overenskommelse").text.contains("Version 1 – gäller nu."), "the last day is still within the term")
        }
    }

    @Test func supersededVersionsStayReadableAndDraftsStayPrivate() async throws {
        try await withTestApp { app in
            let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "eslov").first())
            let draft = try await AgreementStore.startRevision(of: m, on: app.db, now: app.clock.now)
            let client = Client(app)
            #expect(try await client.get("/eslov/overenskommelse/version/\(draft.version)").status == .notFound)
            draft.title = "Reviderad överenskommelse"
            try await draft.save(on: app.db)
            try await AgreementStore.publish(draft, on: app.db, now: app.clock.now)
            let current = try await client.get("/eslov/overenskommelse").text
            #expect(current.contains("Reviderad överenskommelse"))
            #expect(current.contains("Version 2 (gäller)"))
            let old = try await client.get("/eslov/overenskommelse/version/1").text
            #expect(old.contains("Version 1 – gäller inte längre."))
            #expect(old.contains("Överenskommelse mellan Eslövs kommun och idéburen sektor"))
        }
    }
}
