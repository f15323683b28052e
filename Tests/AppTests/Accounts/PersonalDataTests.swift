@testable import App
import Fluent
import Foundation
import SamverkanCore
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The list of personal data (`PersonalData`, next to the migrations) against the real schema,
/// and "download my data" against the list.
@Suite struct PersonalDataTests {
    /// Every table and its columns, as the migrated database has them (SQLite or PostgreSQL).
    static func schema(_ db: any Database) async throws -> [String: Set<String>] {
        let sql = try #require(db as? any SQLDatabase)
        struct Column: Decodable { let table_name: String; let column_name: String }
        let rows: [Column]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("""
                SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_xinfo(m.name) p
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                """).all(decoding: Column.self)
        } else {
            rows = try await sql.raw("""
                SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
                WHERE table_schema = current_schema()
                """).all(decoding: Column.self)
        }
        return rows.reduce(into: [:]) { $0[$1.table_name, default: []].insert($1.column_name) }
    }

    @Test func everyTableAndColumnIsClassified() async throws {
        try await withTestApp(demo: false) { app in
            let schema = try await Self.schema(app.db).filter { !PersonalData.internalTables.contains($0.key) }
            let listed = Dictionary(uniqueKeysWithValues: PersonalData.tables.map { ($0.name, $0) })
            #expect(Set(schema.keys).subtracting(listed.keys).sorted() == [], "tables not in PersonalData")
            #expect(Set(listed.keys).subtracting(schema.keys).sorted() == [], "PersonalData lists tables that do not exist")
            for (name, columns) in schema {
                guard let table = listed[name] else { continue }
                let classified = Set(table.other + table.personal.map(\.column))
                #expect(columns.subtracting(classified).sorted() == [], "\(name): columns not classified")
                #expect(classified.subtracting(columns).sorted() == [], "\(name): classified columns that do not exist")
                #expect(Set(table.other).isDisjoint(with: table.personal.map(\.column)), "\(name): a column classified twice")
                for subject in table.subjects {
                    switch subject {
                    case .user(let c), .email(let c): #expect(columns.contains(c), "\(name): subject column \(c)")
                    }
                }
            }
        }
    }

    /// The files of a ZIP of stored entries (what `ZipWriter` writes), read from its local headers.
    static func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        func le(_ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var files: [String: [UInt8]] = [:]
        var at = 0
        while at + 30 <= bytes.count, le(at, 4) == 0x0403_4B50 {
            let size = le(at + 18, 4), nameLength = le(at + 26, 2), extra = le(at + 28, 2)
            let name = String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self)
            let start = at + 30 + nameLength + extra
            let data = Array(bytes[start..<(start + size)])
            #expect(ImageCheck.crc32(data) == UInt32(le(at + 14, 4)), "\(name): checksum")
            files[name] = data
            at = start + size
        }
        #expect(le(bytes.count - 22, 4) == 0x0605_4B50, "the archive ends with its directory")
        return files
    }

    /// In every table with a subject, one demo row is made the person's; returns the tables that
    /// have no row in the demo.
    static func makeRowsThePersons(_ app: Application, _ user: User) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        var empty: [String] = []
        for table in PersonalData.tables where table.name != "users" {
            for subject in table.subjects {
                let (column, bind): (String, any Encodable & Sendable) = switch subject {
                case .user(let c): (c, try user.requireID())
                case .email(let c): (c, user.email)
                }
                guard let first = try await sql.select().column("id").from(table.name).limit(1).first() else {
                    empty.append(table.name)
                    continue
                }
                let id = try first.decode(column: "id", as: UUID.self)
                try await sql.update(table.name).set(SQLIdentifier(column), to: SQLBind(bind))
                    .where(SQLIdentifier("id"), .equal, SQLBind(id)).run()
            }
        }
        return empty
    }

    /// How many rows of a table still point at the person through one of its subject columns.
    static func rowsOf(_ app: Application, _ table: PersonalData.Table, id: UUID, email: String) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        var n = 0
        for subject in table.subjects {
            struct Count: Decodable { let n: Int }
            let (column, bind): (String, any Encodable & Sendable) = switch subject {
            case .user(let c): (c, id)
            case .email(let c): (c, email)
            }
            n += try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table.name)
                .where(SQLIdentifier(column), .equal, SQLBind(bind)).first(decoding: Count.self)?.n ?? 0
        }
        return n
    }

    @Test func erasureDeletesOrClearsWhatTheRulesSayAndKeepsTheRecords() async throws {
        try await withTestApp { app in
            let email = Demo.representative("orebro")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
            let id = try user.requireID()
            let me = Client(app)
            try await me.login(email)
            let elsewhere = Client(app)
            try await elsewhere.login(email)
            _ = try await Self.makeRowsThePersons(app, user)
            let page = try await me.get("/konto/radera")
            #expect(page.status == .ok)
            #expect(page.text.contains("anmälningar till möten"))
            #expect(page.text.contains("allmänna handlingar"))
            let wrong = try await me.post("/konto/radera", [("currentPassword", "fel")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await User.find(id, on: app.db)?.email == email, "nothing before the password")
            let done = try await me.post("/konto/radera", [("currentPassword", Client.demoPassword)])
            #expect(done.status == .ok)
            #expect(done.text.contains("Ditt konto är raderat"))
            #expect(done.text.contains("bevaras"))

            for table in PersonalData.tables where !table.subjects.isEmpty && table.name != "users" {
                let keptSubject = table.subjects.contains { subject in
                    switch subject {
                    case .user(let c), .email(let c): table.personal.first { $0.column == c }?.erasure == .keep
                    }
                }
                let left = try await Self.rowsOf(app, table, id: id, email: email)
                if keptSubject {
                    #expect(left > 0, "\(table.name): the record is kept")
                } else {
                    #expect(left == 0, "\(table.name): \(left) rows of the person left")
                }
            }
            let erased = try #require(try await User.find(id, on: app.db))
            #expect(erased.name == "Raderad person" && erased.email.hasSuffix("@raderad.invalid") && erased.deactivatedAt != nil)
            #expect(try await me.get("/konto").status == .seeOther)
            #expect(try await elsewhere.get("/konto").status == .seeOther, "every session ends")
            #expect(try await Client(app).login(email).status == .unauthorized)
        }
    }

    @Test func retentionThinsWhatHasRunItsTime() async throws {
        try await withTestApp { app in
            let now = app.clock.now
            func ago(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }
            // Mail: one delivered long ago, one delivered lately, one that failed long ago.
            for (to, status, days) in [("gammal@example.org", OutboxMessage.Status.sent, 91.0), ("ny@example.org", .sent, 10),
                                       ("trasig@example.org", .failed, 181)] {
                try await Outbox.enqueue(.init(to: to, subject: "Ämne", text: "Text", kind: "test", municipalityID: nil), on: app.db, now: now)
                let m = try #require(try await OutboxMessage.query(on: app.db).filter(\.$toAddress == to).first())
                m.status = status
                m.createdAt = ago(days)
                try await m.save(on: app.db)
            }
            let user = try #require(try await User.query(on: app.db).filter(\.$email == Demo.officer("boras")).first())
            _ = try await EmailToken.issue(.passwordReset, userID: user.id, organisationID: nil, email: user.email, validFor: 3600,
                                           on: app.db, now: ago(40))
            _ = try await EmailToken.issue(.passwordReset, userID: user.id, organisationID: nil, email: user.email, validFor: 3600,
                                           on: app.db, now: now)
            let meeting = try await Fixture.meeting(app, "boras", days: 20)
            for (email, days) in [("avanmald.lange@example.org", 31.0), ("avanmald.nyss@example.org", 2)] {
                let r = MeetingRegistration()
                r.$meeting.id = try meeting.requireID()
                r.name = "Någon"; r.email = email; r.status = .cancelled; r.token = UUID().uuidString
                r.registeredAt = ago(days + 1); r.cancelledAt = ago(days)
                try await r.create(on: app.db)
            }
            try await Housekeeping.run(app: app, now: now)
            let left = try await OutboxMessage.query(on: app.db).all().map(\.toAddress)
            #expect(!left.contains("gammal@example.org") && !left.contains("trasig@example.org"))
            #expect(left.contains("ny@example.org"))
            #expect(try await EmailToken.query(on: app.db).filter(\.$user.$id == user.requireID()).count() == 1)
            let registrations = try await MeetingRegistration.query(on: app.db).filter(\.$meeting.$id == meeting.requireID()).all().map(\.email)
            #expect(registrations == ["avanmald.nyss@example.org"])
            // The rules are on the personal-data page.
            let page = try await Client(app).get("/boras/personuppgifter")
            #expect(page.text.contains("När uppgifter raderas"))
            #expect(page.text.contains("Skickad e-post sparas i 90 dagar"))
            #expect(page.text.contains("anmälningar till möten"))
        }
    }

    @Test func theDownloadHoldsEveryPersonalColumnOfThePersonsRows() async throws {
        try await withTestApp { app in
            let email = Demo.representative("boras")
            let user = try #require(try await User.query(on: app.db).filter(\.$email == email).first())
            // Logged in first: a successful login clears that browser's failed ones.
            let me = Client(app)
            try await me.login(email)
            // The person's traces: a failed login, a reset link (and its mail).
            _ = try await Client(app).login(email, password: "fel lösenord")
            let visitor = Client(app)
            try await visitor.get("/glomt-losenord")
            try await visitor.post("/glomt-losenord", [("email", email)])
            let empty = try await Self.makeRowsThePersons(app, user)
            let download = try await me.get("/konto/mina-uppgifter.zip")
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.subType == "zip")
            let files = try Self.unzip(Array(download.body.readableBytesView))
            let readme = String(decoding: try #require(files["LASMIG.txt"]), as: UTF8.self)
            #expect(readme.contains(email))
            let json = try #require(files["uppgifter.json"])
            let all = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: [[String: Any]]])
            var covered: [String] = []
            for table in PersonalData.tables where !table.subjects.isEmpty && !empty.contains(table.name) {
                let rows = try #require(all[table.name], "\(table.name) is in the download")
                covered.append(table.name)
                #expect(files["\(table.name).csv"] != nil)
                for column in table.personal where !column.secret {
                    #expect(rows.allSatisfy { $0.keys.contains(column.column) }, "\(table.name).\(column.column) is in the download")
                }
                for column in table.personal where column.secret {
                    #expect(rows.allSatisfy { !$0.keys.contains(column.column) }, "\(table.name).\(column.column) is a secret")
                }
            }
            #expect(covered.count >= 15, "covered \(covered.sorted()), empty in the demo \(empty.sorted())")
            let text = String(decoding: json, as: UTF8.self)
            #expect(!text.contains(user.passwordHash))
            // Another person's rows are not in it.
            #expect(!text.contains(Demo.representative("eslov")))
        }
    }
}
