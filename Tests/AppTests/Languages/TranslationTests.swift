@testable import App
import Fluent
import Foundation
import SamverkanCore
import Testing
import VaporTesting

/// Content in more languages: the agreement and the news, support, topics and assignments,
/// translated by the coordinator; Swedish stays the text that applies, and a translation whose
/// Swedish text changed is marked outdated.
@Suite struct TranslationTests {
    @Test func theSodertaljeAgreementReadsInArabicRightToLeftWithTheSwedishMarked() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let page = try await visitor.get("/sodertalje/overenskommelse?lang=ar").text
            #expect(page.contains(#"<html lang="ar" dir="rtl">"#))
            #expect(page.contains("<h1>اتفاقية التعاون بين القطاع الأهلي وبلدية سودرتاليه</h1>"))
            #expect(page.contains("<h3>الاستمرارية على المدى الطويل</h3>"))
            #expect(page.contains(app.catalogue.text("translation.note.translated", .ar)))
            // An untranslated commitment is Swedish, and says so.
            #expect(page.contains("المشاركة في لقاءات الحوار"))
            #expect(page.contains(#"<span lang="sv">Hålla informationen om den egna organisationen aktuell.</span>"#))
            // The language menu names each of Södertälje's languages in itself, the current one marked.
            #expect(page.contains(#"<a href="/sodertalje/overenskommelse?lang=ar" lang="ar" aria-current="true">العربية</a>"#))
            #expect(page.contains(#"lang="fi" hreflang="fi">Suomi</a>"#))
            // A party's name inside Arabic text keeps its direction.
            #expect(page.contains("<bdi>Södertälje kommun</bdi>"))

            let english = try await visitor.get("/sodertalje/overenskommelse?lang=en").text
            #expect(english.contains(#"<html lang="en" dir="ltr">"#))
            #expect(english.contains("Take part in the dialogue meetings when you can."))
            #expect(english.contains(app.catalogue.text("translation.outdatedMark", .en)))
            #expect(english.contains(app.catalogue.text("translation.note.outdated", .en)))

            let swedish = try await visitor.get("/sodertalje/overenskommelse?lang=sv").text
            #expect(swedish.contains("<h3>Långsiktighet</h3>"))
            #expect(!swedish.contains("translation-note"))
        }
    }

    @Test func aMunicipalityOffersTheLanguagesItChooses() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            // Eslöv offers Swedish and English: an Arabic visitor reads its pages in Swedish.
            let eslov = try await visitor.get("/eslov?lang=ar").text
            #expect(eslov.contains(#"<html lang="sv" dir="ltr">"#))
            #expect(!eslov.contains("العربية"))
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("eslov"))
            #expect(try await coordinator.get("/admin/eslov/oversattningar/sprak").status == .ok)
            #expect(try await coordinator.post("/admin/eslov/oversattningar/sprak", [("languages", "xx")]).status == .unprocessableEntity)
            #expect(try await coordinator.post("/admin/eslov/oversattningar/sprak", [("languages", "ar"), ("languages", "fi")]).status == .seeOther)
            let m = try await Fixture.municipality(app, "eslov")
            #expect(m.offeredLanguages == [.sv, .ar, .fi])
            let now = try await visitor.get("/eslov").text
            #expect(now.contains(#"<html lang="ar" dir="rtl">"#))
            #expect(now.contains(app.catalogue.text("translation.note.swedishOnly", .ar)))
            // An officer does not choose the languages; nor does a coordinator of another municipality.
            let officer = Client(app)
            try await officer.login(Demo.officer("eslov"))
            #expect(try await officer.get("/admin/eslov/oversattningar").status == .forbidden)
            let other = Client(app)
            try await other.login(Demo.coordinator("boras"))
            #expect(try await other.post("/admin/eslov/oversattningar/sprak", [("languages", "en")]).status == .forbidden)
        }
    }

    @Test func theCoordinatorTranslatesANewsArticleAndAChangedSwedishTextMarksItOutdated() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "orebro")
            let article = try #require(try await Article.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .published).sort(\.$publishOn).first())
            let coordinator = Client(app)
            try await coordinator.login(Demo.coordinator("orebro"))
            let overview = try await coordinator.get("/admin/orebro/oversattningar?sprak=ar")
            #expect(overview.status == .ok)
            #expect(overview.text.contains("/admin/orebro/oversattningar/aktuellt/\(article.id!.uuidString)?sprak=ar"))
            // Finnish is not one of Örebro's languages.
            #expect(try await coordinator.get("/admin/orebro/oversattningar?sprak=fi").status == .notFound)

            let form = "/admin/orebro/oversattningar/aktuellt/\(article.id!.uuidString)"
            let editor = try await coordinator.get(form + "?sprak=ar")
            #expect(editor.text.contains(#"lang="ar" dir="rtl""#))
            let bad = try await coordinator.post(form, [("sprak", "ar"), ("text.title", "عنوان\u{7}")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains(app.catalogue.text("translations.error.control", .sv)))
            #expect(try await coordinator.post(form, [("sprak", "ar"), ("text.title", "عنوان الخبر"),
                                                      ("text.summary", "ملخص الخبر")]).status == .seeOther)

            let reader = Client(app)
            let url = "/orebro/aktuellt/\(article.slug)"
            let arabic = try await reader.get(url + "?lang=ar").text
            #expect(arabic.contains("<h1>عنوان الخبر</h1>"))
            #expect(arabic.contains(app.catalogue.text("translation.note.translated", .ar)))
            // The body is not translated: it is shown in Swedish, marked as Swedish.
            #expect(arabic.contains(#"<div class="prose flowing" lang="sv">"#))
            #expect(try await reader.get("/orebro/aktuellt?lang=ar").text.contains("عنوان الخبر"))

            // The Swedish title changes: the translation is outdated until the coordinator saves it again.
            article.title = article.title + " (ändrad)"
            try await article.save(on: app.db)
            #expect(try await reader.get(url + "?lang=ar").text.contains(app.catalogue.text("translation.note.outdated", .ar)))
            let again = try await coordinator.get(form + "?sprak=ar").text
            #expect(again.contains(app.catalogue.text("translations.outdated", .sv)))
            #expect(try await coordinator.get("/admin/orebro/oversattningar?sprak=ar").text.contains("translation-outdated"))
            #expect(try await coordinator.post(form, [("sprak", "ar"), ("text.title", "عنوان الخبر"),
                                                      ("text.summary", "ملخص الخبر")]).status == .seeOther)
            #expect(try await reader.get(url + "?lang=ar").text.contains(app.catalogue.text("translation.note.translated", .ar)))
            // An empty field removes the translation.
            #expect(try await coordinator.post(form, [("sprak", "ar"), ("text.title", ""), ("text.summary", "")]).status == .seeOther)
            #expect(try await ContentTranslation.query(on: app.db).filter(\.$subjectID == article.requireID()).count() == 0)
            #expect(try await reader.get(url + "?lang=ar").text.contains(app.catalogue.text("translation.note.swedishOnly", .ar)))
        }
    }

    @Test func supportFormsTopicsAndAssignmentsShowTheirTranslations() async throws {
        try await withTestApp { app in
            let reader = Client(app)
            let support = try await reader.get("/sodertalje/stod?lang=fi").text
            #expect(support.contains("Yhdistysavustus"))
            let contact = try await reader.get("/sodertalje/kontakt?lang=en").text
            #expect(contact.contains("Association grants and other support"))
            let ask = try await reader.get("/sodertalje/kontakt/fraga?lang=ar").text
            #expect(ask.contains("منح الجمعيات وأشكال الدعم الأخرى"))
            let volunteering = try await reader.get("/sodertalje/frivilliguppdrag?lang=en").text
            #expect(volunteering.contains("Leaders for the Saturday swimming school"))
        }
    }

    @Test func theAgreementTranslationsGoIntoARevisionAndAChangedTextThereIsOutdated() async throws {
        try await withTestApp { app in
            let m = try await Fixture.municipality(app, "sodertalje")
            let draft = try await AgreementStore.startRevision(of: m, on: app.db, now: app.clock.now)
            let copied = try await AgreementSnapshot.load(draft, on: app.db).document
            let inForce = try await AgreementSnapshot.load(AgreementStore.version(nil, of: m, on: app.db), on: app.db).document
            #expect(copied.translations == inForce.translations)
            #expect(copied.translations["ar"]?["principles.dialog.name"]?.text == "الحوار")
            let dialog = try #require(try await Principle.query(on: app.db).filter(\.$agreement.$id == draft.requireID())
                .filter(\.$key == "dialog").first())
            dialog.name = "Dialog och delaktighet"
            try await dialog.save(on: app.db)
            let changed = try await AgreementSnapshot.load(draft, on: app.db).document
            #expect(changed.translations["ar"]?["principles.dialog.name"]?.translatedFrom == "Dialog")
            // The file carries it, and reads back the same.
            let text = AgreementFile.write(changed)
            #expect(text.contains("translatedFrom: Dialog\n"))
            #expect(try AgreementFile.parse(text) == changed)
        }
    }

    @Test func aTranslationOfATextTheAgreementLacksIsRefusedWithItsPlace() throws {
        let text = """
        format: samverkan-agreement/1
        title: Överenskommelse
        parties: {municipality: Kommunen, civilSociety: Sektorn}
        principles:
          - {key: p1, name: Tillit}
        commitments: []
        translations:
          en:
            principles.p1.name: Trust
            principles.p9.name: Nobody
          english:
            title: Agreement
          ar:
            title: ""
        """
        #expect(throws: AgreementFileError.self) { try AgreementFile.parse(text) }
        do {
            _ = try AgreementFile.parse(text)
        } catch {
            #expect(error.problems.map(\.kind) == [.invalidTranslation, .invalidTranslation, .missingField])
            #expect(error.problems.map(\.field) == ["translations.en.principles.p9.name", "translations.english", "translations.ar.title"])
            #expect(error.problems.first?.line == 10)
        }
        let good = try AgreementFile.parse(text.replacingOccurrences(of: "    principles.p9.name: Nobody\n", with: "")
            .replacingOccurrences(of: "  english:\n    title: Agreement\n", with: "").replacingOccurrences(of: "\n  ar:\n    title: \"\"", with: ""))
        #expect(good.translations == ["en": ["principles.p1.name": .init(text: "Trust")]])
        #expect(try AgreementFile.parse(AgreementFile.write(good)) == good)
    }

    @Test func mailInALanguageWithoutTheTextGoesOutWholeInSwedish() async throws {
        try await withTestApp { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("sodertalje")).first())
            user.language = "ar"
            try await user.save(on: app.db)
            let stranger = Client(app)
            try await stranger.get("/glomt-losenord")
            try await stranger.post("/glomt-losenord", [("email", Demo.representative("sodertalje"))])
            let mail = try #require(try await Fixture.mail(app, to: Demo.representative("sodertalje")).last)
            #expect(mail.language == "sv")
            #expect(mail.subject == app.catalogue.text("mail.reset.subject", .sv))
            #expect(!mail.body.unicodeScalars.contains { (0xE000...0xE003).contains($0.value) })
        }
    }
}
