@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every mail is written in its recipient's language: the page a resident used, the language an
/// account holder chose; Swedish where a text is missing or nobody said.
@Suite struct MailLanguageTests {
    private func english(_ app: Application, _ key: String, _ arguments: String...) -> String {
        let text = app.catalogue.text(key, .en, arguments)
        #expect(text != app.catalogue.text(key, .sv, arguments), "\(key) has an English text of its own")
        return text
    }

    @Test func aResidentWhoRegistersOnTheEnglishPageGetsEveryMailInEnglish() async throws {
        try await withTestApp { app in
            let meeting = try await Fixture.meeting(app, "orebro", days: 14)
            let resident = Client(app)
            try await resident.get("/orebro/moten/\(meeting.id!)?lang=en")
            try await Fixture.residentRegisters(app, resident, "orebro", meeting, name: "Sam Reader", email: "sam.reader@exempel.se")
            let mails = try await Fixture.mail(app, to: "sam.reader@exempel.se")
            #expect(mails.map(\.subject) == [english(app, "mail.confirmRegistration.subject", "Sam Reader", "Testmöte"),
                                             english(app, "mail.registered.subject", "Sam Reader", "Testmöte")])
            #expect(mails.allSatisfy { $0.language == "en" })
            #expect(mails.last?.body.contains(app.catalogue.text("mail.signatureWithContact", .en, ["Örebro", ""]).prefix(8)) == true)
            let registration = try #require(try await MeetingRegistration.query(on: app.db).filter(\.$email == "sam.reader@exempel.se").first())
            #expect(registration.language == "en")
            // Cancelling later, from any page, still answers in English.
            try await MeetingRegistrations.cancel(registration, municipality: try await Fixture.municipality(app, "orebro"), app: app,
                                                  on: app.db, now: app.clock.now)
            #expect(try await Fixture.mail(app, to: "sam.reader@exempel.se").last?.subject
                == english(app, "mail.registrationCancelled.subject", "Sam Reader", "Testmöte"))

            // Someone on the Swedish page gets Swedish, as before.
            let swedish = Client(app)
            try await swedish.get("/orebro/moten/\(meeting.id!)")
            try await Fixture.residentRegisters(app, swedish, "orebro", meeting, name: "Sara", email: "sara.sv@exempel.se")
            let sv = try await Fixture.mail(app, to: "sara.sv@exempel.se")
            #expect(sv.map(\.subject) == ["Bekräfta din anmälan: Testmöte", "Anmäld: Testmöte"])
            #expect(sv.allSatisfy { $0.language == "sv" })
        }
    }

    @Test func anInquiryAndAnOfferToVolunteerAreAnsweredInThePagesLanguage() async throws {
        try await withTestApp { app in
            let resident = Client(app)
            try await resident.get("/orebro/kontakt/fraga?lang=en")
            let sent = try await resident.post("/orebro/kontakt/fraga", [
                ("kind", "question"), ("topic", ""), ("subject", "Opening hours"), ("body", "When is the hall open?"),
                ("name", "Alex Asker"), ("email", "alex@exempel.se"),
            ])
            #expect(sent.status == .ok)
            let inquiry = try #require(try await Inquiry.query(on: app.db).filter(\.$subject == "Opening hours").first())
            #expect(inquiry.inquirerLanguage == "en")
            let confirm = try #require(try await Fixture.mail(app, to: "alex@exempel.se").last)
            #expect(confirm.subject == english(app, "mail.inquiryConfirm.subject", "Alex Asker", "Opening hours", ""))
            #expect(confirm.language == "en")

            let m = try await Fixture.municipality(app, "orebro")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status == .published).with(\.$organisation).first())
            let volunteer = Client(app)
            try await volunteer.get("/orebro/frivilliguppdrag/\(a.id!)?lang=en")
            try await volunteer.post("/orebro/frivilliguppdrag/\(a.id!)/intresse",
                                     [("name", "Vic Helper"), ("email", "vic@exempel.se"), ("phone", ""), ("message", "I can help.")])
            let mail = try #require(try await Fixture.mail(app, to: "vic@exempel.se").last)
            #expect(mail.subject == english(app, "mail.volunteer.confirm.subject", "Vic Helper", a.title))
        }
    }

    @Test func anAccountHolderChoosesTheLanguageOfTheirMail() async throws {
        try await withTestApp { app in
            let rep = Client(app)
            try await rep.login(Demo.representative("boras"))
            let account = try await rep.get("/konto").text
            #expect(account.contains(#"<option value="en">English</option>"#))
            #expect(try await rep.post("/konto/sprak", [("language", "tlh")]).status == .unprocessableEntity)
            #expect(try await rep.post("/konto/sprak", [("language", "en")]).status == .seeOther)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.representative("boras")).first())
            #expect(user.language == "en")
            #expect(try await rep.get("/konto").text.contains(#"<option value="en" selected>English</option>"#))

            // Mail to the organisation's representatives: English for this one, whatever page the sender used.
            let m = try await Fixture.municipality(app, "boras")
            let o = try await Fixture.representedOrganisation(app, "boras")
            let a = try #require(try await VolunteerAssignment.query(on: app.db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$organisation.$id == o.requireID()).filter(\.$status == .published).first())
            let volunteer = Client(app)
            try await volunteer.get("/boras/frivilliguppdrag/\(a.id!)")
            try await volunteer.post("/boras/frivilliguppdrag/\(a.id!)/intresse",
                                     [("name", "Kim Svensson"), ("email", "kim.sv@exempel.se"), ("phone", ""), ("message", "Jag hjälper gärna.")])
            #expect(try await Fixture.mail(app, to: "kim.sv@exempel.se").last?.language == "sv")
            let offerMail = try #require(try await Fixture.mail(app, to: "kim.sv@exempel.se").last)
            let link = try #require(Fixture.link(in: offerMail, path: "/boras/frivilliguppdrag/mitt-intresse/"))
            let path = String(link[link.range(of: "/boras/")!.lowerBound...])
            try await volunteer.post(path + "/bekrafta")
            let told = try #require(try await Fixture.mail(app, to: Demo.representative("boras")).last)
            #expect(told.subject == english(app, "mail.volunteer.new.subject", o.name, a.title))
            #expect(told.language == "en")

            // A forgotten password, asked for on the Swedish page, is answered in the account's language.
            let stranger = Client(app)
            try await stranger.get("/glomt-losenord")
            try await stranger.post("/glomt-losenord", [("email", Demo.representative("boras"))])
            #expect(try await Fixture.mail(app, to: Demo.representative("boras")).last?.subject == english(app, "mail.reset.subject"))
        }
    }

    @Test func anOrganisationRegisteredOnTheEnglishPageHasAnEnglishSpeakingRepresentative() async throws {
        try await withTestApp { app in
            let client = Client(app)
            try await client.get("/eslov/foreningar/registrera?lang=en")
            let res = try await client.post("/eslov/foreningar/registrera", [
                ("personName", "Robin Reader"), ("personEmail", "robin@lasecirkeln.example"), ("password", "en egen lång lösenfras"),
                ("name", "Läsecirkeln i Eslöv"), ("legalForm", "ideellForening"), ("description", "Vi läser tillsammans."),
            ])
            #expect(res.status == .created, "\(res.text.prefix(3000))")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == "robin@lasecirkeln.example").first())
            #expect(user.language == "en")
            let verify = try #require(try await Fixture.mail(app, to: "robin@lasecirkeln.example").last)
            #expect(verify.language == "en")
            #expect(verify.subject == english(app, "mail.verify.subject", "Robin Reader", "Läsecirkeln i Eslöv"))
        }
    }
}
