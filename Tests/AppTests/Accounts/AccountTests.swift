@testable import App
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// A forgotten password, a new verification link, and a person's own account, as people use them.
@Suite struct AccountTests {
    private func link(_ app: Application, to address: String, path: String) async throws -> String {
        let message = try #require(try await Fixture.mail(app, to: address).last)
        let url = try #require(Fixture.link(in: message, path: path))
        return String(url[url.range(of: path)!.lowerBound...])
    }

    @Test func aForgottenPasswordIsResetByALinkThatWorksOnceForAnHour() async throws {
        try await withTestApp { app in
            let email = Demo.officer("orebro")
            // Logged in elsewhere before the reset: that session ends with it.
            let elsewhere = Client(app)
            try await elsewhere.login(email)
            #expect(try await elsewhere.get("/admin").status == .ok)

            let login = try await Client(app).get("/logga-in")
            #expect(login.text.contains(#"href="/glomt-losenord""#))
            let visitor = Client(app)
            try await visitor.get("/glomt-losenord")
            let known = try await visitor.post("/glomt-losenord", [("email", email.uppercased())])
            let unknown = try await visitor.post("/glomt-losenord", [("email", "ingen.alls@example.org")])
            // The same page whether or not there is an account.
            #expect(known.status == unknown.status)
            #expect(known.text.replacingOccurrences(of: email, with: "X") == unknown.text.replacingOccurrences(of: "ingen.alls@example.org", with: "X")
                .replacingOccurrences(of: Client.token(in: unknown.text) ?? "", with: Client.token(in: known.text) ?? ""))
            #expect(try await Fixture.mail(app, to: "ingen.alls@example.org").isEmpty)

            let path = try await link(app, to: email, path: "/nytt-losenord/")
            let token = String(path.dropFirst("/nytt-losenord/".count))
            let stored = try #require(try await EmailToken.query(on: app.db).filter(\.$purpose == .passwordReset).first())
            #expect(stored.tokenHash != token, "only the token's hash is stored")

            let form = try await visitor.get(path)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"autocomplete="new-password""#))
            let mismatch = try await visitor.post(path, [("newPassword", "ett helt nytt lösenord"), ("repeatPassword", "ett annat")])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.text.contains("Lösenorden är inte likadana"))
            #expect(try await visitor.post(path, [("newPassword", "kort"), ("repeatPassword", "kort")]).status == .unprocessableEntity)
            let done = try await visitor.post(path, [("newPassword", "ett helt nytt lösenord"), ("repeatPassword", "ett helt nytt lösenord")])
            #expect(done.status == .seeOther)

            #expect(try await elsewhere.get("/admin").status == .seeOther, "the other session is logged out")
            #expect(try await Client(app).login(email).status == .unauthorized, "the old password no longer works")
            #expect(try await Client(app).login(email, password: "ett helt nytt lösenord").status == .seeOther)
            #expect(try await Fixture.mail(app, to: email).contains { $0.subject == "Ditt lösenord är bytt" })
            // Used once.
            #expect(try await visitor.get(path).status == .notFound)

            // A new link expires after an hour; a newer one replaces the older.
            try await visitor.post("/glomt-losenord", [("email", email)])
            let first = try await link(app, to: email, path: "/nytt-losenord/")
            try await visitor.post("/glomt-losenord", [("email", email)])
            let second = try await link(app, to: email, path: "/nytt-losenord/")
            #expect(first != second)
            #expect(try await visitor.get(first).status == .notFound, "the earlier link stops working")
            app.clock.advance(by: 3601)
            #expect(try await visitor.get(second).status == .notFound)
        }
    }

    @Test func anAddressWithALineBreakIsRefusedAndNothingIsMailed() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            try await visitor.get("/glomt-losenord")
            let before = try await OutboxMessage.query(on: app.db).count()
            let attack = try await visitor.post("/glomt-losenord", [("email", "\(Demo.officer("orebro"))\r\nBcc: victim@evil.example")])
            #expect(attack.status == .unprocessableEntity)
            #expect(try await OutboxMessage.query(on: app.db).count() == before)
        }
    }

    @Test func aDeactivatedAccountCannotLogInOrResetAndItsSessionEnds() async throws {
        try await withTestApp { app in
            let email = Demo.officer("boras")
            let client = Client(app)
            try await client.login(email)
            let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
            user.deactivatedAt = app.clock.now
            try await user.save(on: app.db)
            #expect(try await client.get("/admin").status == .seeOther)
            let again = try await Client(app).login(email)
            #expect(again.status == .unauthorized)
            #expect(again.text.contains("Fel e-postadress eller lösenord"))
            let visitor = Client(app)
            try await visitor.get("/glomt-losenord")
            try await visitor.post("/glomt-losenord", [("email", email)])
            #expect(try await Fixture.mail(app, to: email).isEmpty)
        }
    }

    @Test func aNewVerificationLinkReplacesTheOldOne() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            try await visitor.get("/orebro/foreningar/registrera")
            let registered = try await visitor.post("/orebro/foreningar/registrera", [
                ("personName", "Kim Sångare"), ("personEmail", "kim@example.org"), ("password", "sjunga i kör varje vecka"),
                ("name", "Körsångarna i Örebro"), ("legalForm", "ideellForening"), ("district", "Vivalla"), ("description", "Vi sjunger.")])
            #expect(registered.status == .created)
            let first = try await link(app, to: "kim@example.org", path: "/verifiera/")
            #expect(try await Client(app).get("/skicka-bekraftelse").text.contains(#"autocomplete="username""#))
            let sent = try await visitor.post("/skicka-bekraftelse", [("email", "kim@example.org")])
            #expect(sent.status == .ok)
            let second = try await link(app, to: "kim@example.org", path: "/verifiera/")
            #expect(first != second)
            #expect(try await Client(app).get(first).status == .notFound)
            #expect(try await Client(app).get(second).status == .ok)
            // A confirmed address gets no new link, and the page says the same.
            let count = try await Fixture.mail(app, to: "kim@example.org").count
            let confirmed = try await visitor.post("/skicka-bekraftelse", [("email", "kim@example.org")])
            #expect(confirmed.status == .ok)
            #expect(try await Fixture.mail(app, to: "kim@example.org").count == count)
        }
    }

    @Test func thePasswordIsChangedWithTheCurrentOneAndOtherSessionsEnd() async throws {
        try await withTestApp { app in
            let email = Demo.coordinator("eslov")
            let elsewhere = Client(app)
            try await elsewhere.login(email)
            let me = Client(app)
            try await me.login(email)
            let page = try await me.get("/konto")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"href="/konto">Mitt konto</a>"#))
            let wrong = try await me.post("/konto/losenord", [("currentPassword", "fel"), ("newPassword", "mitt nya långa lösenord"),
                                                              ("repeatPassword", "mitt nya långa lösenord")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Lösenordet stämmer inte"))
            #expect(wrong.text.contains(##"href="#p-currentPassword""##))
            let done = try await me.post("/konto/losenord", [("currentPassword", Client.demoPassword), ("newPassword", "mitt nya långa lösenord"),
                                                             ("repeatPassword", "mitt nya långa lösenord")])
            #expect(done.status == .seeOther)
            #expect(try await me.get("/konto").status == .ok, "this browser stays logged in")
            #expect(try await elsewhere.get("/konto").status == .seeOther, "the other is logged out")
            #expect(try await Client(app).login(email, password: "mitt nya långa lösenord").status == .seeOther)
        }
    }

    @Test func aNewAddressCountsOnlyOnceConfirmedFromIt() async throws {
        try await withTestApp { app in
            let email = Demo.representative("botkyrka")
            let me = Client(app)
            try await me.login(email)
            let noPassword = try await me.post("/konto/e-post", [("newEmail", "ny.adress@example.org"), ("currentPassword", "")])
            #expect(noPassword.status == .unprocessableEntity)
            let bad = try await me.post("/konto/e-post", [("newEmail", "ny@example.org\r\nBcc: x@evil.example"), ("currentPassword", Client.demoPassword)])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await me.post("/konto/e-post", [("newEmail", "Ny.Adress@example.org"), ("currentPassword", Client.demoPassword)]).status == .seeOther)
            #expect(try await me.get("/konto").text.contains("ny.adress@example.org"), "the page says a link waits")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
            #expect(user.email == email, "not before it is confirmed")
            let path = try await link(app, to: "ny.adress@example.org", path: "/bekrafta-ny-adress/")
            // Opening the link asks; only the button changes the address.
            let ask = try await Client(app).get(path)
            #expect(ask.status == .ok)
            #expect(try await User.find(user.id, on: app.db)?.email == email)
            let confirm = Client(app)
            try await confirm.get(path)
            let done = try await confirm.post(path, [("confirmed", "1")])
            #expect(done.status == .ok)
            #expect(try await User.find(user.id, on: app.db)?.email == "ny.adress@example.org")
            #expect(try await Fixture.mail(app, to: email).contains { $0.subject == "Ditt konto har fått en ny e-postadress" })
            #expect(try await Client(app).login("ny.adress@example.org").status == .seeOther)
            #expect(try await Client(app).get(path).status == .notFound, "used once")

            // An address that belongs to another account is not taken over.
            try await me.post("/konto/e-post", [("newEmail", Demo.officer("botkyrka")), ("currentPassword", Client.demoPassword)])
            let taken = try await link(app, to: Demo.officer("botkyrka"), path: "/bekrafta-ny-adress/")
            let refuse = Client(app)
            try await refuse.get(taken)
            #expect(try await refuse.post(taken, [("confirmed", "1")]).status == .conflict)
            #expect(try await User.find(user.id, on: app.db)?.email == "ny.adress@example.org")
        }
    }
}
