@testable import App
import Fluent
import Foundation
import Testing
import VaporTesting

/// The open-data API: the same data as JSON and as CSV, pages to the end and back, ETag and 304,
/// errors as problem+json, the request limit, the OpenAPI document, and nothing personal anywhere.
@Suite struct OpenDataTests {
    /// RFC 4180 as a program reads it: quoted fields, doubled quotes, CRLF between rows.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(field); field = ""
            } else if c == "\r\n" || c == "\n" { row.append(field); rows.append(row); row = []; field = ""
            } else { field.append(c) }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// A JSON value as decoded without guessing: a boolean stays a boolean.
    enum JSONValue: Decodable {
        case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null
            } else if let b = try? c.decode(Bool.self) { self = .bool(b)
            } else if let n = try? c.decode(Double.self) { self = .number(n)
            } else if let s = try? c.decode(String.self) { self = .string(s)
            } else if let a = try? c.decode([JSONValue].self) { self = .array(a)
            } else { self = .object(try c.decode([String: JSONValue].self)) }
        }

        /// The CSV cell the API writes for this value.
        var cell: String {
            switch self {
            case .null: ""
            case .bool(let b): b ? "true" : "false"
            case .number(let n): APIValue.decimal(n)
            case .string(let s): s
            case .array(let a): a.map(\.cell).joined(separator: "; ")
            case .object: "{}"
            }
        }
    }

    struct Page: Decodable { let data: [[String: JSONValue]]; let total: Int }

    @Test func everyListIsTheSameInJSONAndInCSV() async throws {
        try await withTestApp { app in
            let client = Client(app)
            var compared = 0
            for list in APILists.all {
                let url = list.url(list.perMunicipality ? "sodertalje" : nil)
                let page = try JSONDecoder().decode(Page.self, from: Data(try await client.get(url + "?limit=500").body.readableBytesView))
                let data = page.data
                let csv = try await client.get(url + ".csv")
                #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
                let rows = Self.parseCSV(csv.text)
                #expect(rows.first == list.fields.map(\.name), "\(list.name)")
                #expect(rows.count - 1 == data.count, "\(list.name): \(rows.count - 1) CSV rows, \(data.count) in JSON")
                #expect(page.total == data.count)
                for (row, object) in zip(rows.dropFirst(), data) {
                    for (index, field) in list.fields.enumerated() {
                        #expect(row[index] == object[field.name]?.cell, "\(list.name).\(field.name)")
                    }
                }
                if !data.isEmpty { compared += 1 }
            }
            #expect(compared >= 11, "lists with demo data: \(compared)")
        }
    }

    @Test func aListIsPagedToTheEndAndBack() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let base = "/api/v1/municipalities/sodertalje/organisations"
            let all = try #require(try Self.json(try await client.get(base + "?limit=500"))["data"] as? [[String: Any]]).map { $0["id"] as! String }
            #expect(all.count > 4)
            var pages: [[String]] = []
            var next: String? = base + "?limit=2"
            var last = ""
            while let url = next {
                let page = try Self.json(try await client.get(url))
                pages.append((page["data"] as! [[String: Any]]).map { $0["id"] as! String })
                let links = page["links"] as! [String: Any]
                last = links["self"] as! String
                next = links["next"] as? String
                #expect(pages.count <= all.count)
            }
            #expect(pages.flatMap { $0 } == all)
            #expect(pages.dropLast().allSatisfy { $0.count == 2 })
            var back: [[String]] = []
            var prev: String? = last
            while let url = prev {
                let page = try Self.json(try await client.get(url))
                back.append((page["data"] as! [[String: Any]]).map { $0["id"] as! String })
                prev = (page["links"] as! [String: Any])["prev"] as? String
                #expect(back.count <= all.count)
            }
            #expect(back.reversed().flatMap { $0 } == all)
            // A filter is kept in the links.
            let filtered = try Self.json(try await client.get(base + "?limit=2&form=ideellForening"))
            #expect(((filtered["links"] as! [String: Any])["next"] as? String)?.contains("form=ideellForening") == true)
        }
    }

    @Test func answersCarryAnETagAndAreNotSentAgainWhileCurrent() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let first = try await client.get("/api/v1/municipalities/boras/signatories")
            #expect(first.status == .ok)
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .cacheControl)?.contains("max-age") == true)
            #expect(first.headers.first(name: .accessControlAllowOrigin) == "*")
            let again = try await client.get("/api/v1/municipalities/boras/signatories", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let csv = try await client.get("/api/v1/municipalities/boras/signatories.csv")
            #expect(try await client.get("/api/v1/municipalities/boras/signatories.csv",
                                         headers: ["If-None-Match": try #require(csv.headers.first(name: .eTag))]).status == .notModified)
            // A change gives a new tag.
            let m = try await Fixture.municipality(app, "boras")
            let a = try #require(try await Accession.query(on: app.db).filter(\.$municipality.$id == m.requireID()).filter(\.$status == .signed).first())
            a.signedOn = "2020-02-02"
            try await a.save(on: app.db)
            #expect(try await client.get("/api/v1/municipalities/boras/signatories", headers: ["If-None-Match": etag]).status == .ok)
        }
    }

    @Test func errorsAreProblemDetailsAndOnlyReadingIsAllowed() async throws {
        try await withTestApp { app in
            let client = Client(app)
            func problem(_ path: String, _ status: HTTPResponseStatus) async throws {
                let res = try await client.get(path)
                #expect(res.status == status, "\(path)")
                #expect(res.headers.contentType?.description == "application/problem+json", "\(path)")
                #expect(try Self.json(res)["status"] as? Int == Int(status.code))
            }
            try await problem("/api/v1/municipalities/ingen-sadan/signatories", .notFound)
            try await problem("/api/v1/municipalities/boras/signatories?limit=0", .badRequest)
            try await problem("/api/v1/municipalities/boras/signatories?limit=abc", .badRequest)
            try await problem("/api/v1/municipalities/boras/signatories?satt=telepati", .badRequest)
            try await problem("/api/v1/municipalities/boras/decisions?ar=fjol", .badRequest)
            try await problem("/api/v1/municipalities/boras/signatories?cursor=xyz", .notFound)
            try await problem("/api/v1/municipalities/boras/agreement/versions/99", .notFound)
            try await problem("/api/v1/finns-inte", .notFound)
            let post = try await app.testing().sendRequest(.POST, "/api/v1/municipalities")
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers.first(name: .allow) == "GET, HEAD, OPTIONS")
            let options = try await app.testing().sendRequest(.OPTIONS, "/api/v1/municipalities")
            #expect(options.status == .noContent)
            #expect(options.headers.first(name: .accessControlAllowMethods) == "GET, HEAD, OPTIONS")
        }
    }

    @Test func tooManyRequestsAreRefusedWithRetryAfter() async throws {
        try await withTestApp(config: { $0.apiPerMinute = 3 }) { app in
            let client = Client(app)
            for _ in 1...3 { #expect(try await client.get("/api/v1/municipalities").status == .ok) }
            let refused = try await client.get("/api/v1/municipalities")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers.contentType?.description == "application/problem+json")
            let wait = try #require(refused.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect((1...60).contains(wait))
            // Another address has its own count; the pages are not limited.
            client.defaultHeaders.replaceOrAdd(name: "X-Forwarded-For", value: "192.0.2.7")
            #expect(try await client.get("/boras").status == .ok)
        }
    }

    @Test func theAgreementComesWholeWithItsTranslations() async throws {
        try await withTestApp { app in
            let client = Client(app)
            let agreement = try Self.json(try await client.get("/api/v1/municipalities/sodertalje/agreement"))
            #expect(agreement["title"] as? String == "Samverkansöverenskommelse mellan idéburen sektor och Södertälje kommun")
            #expect((agreement["principles"] as? [Any])?.count == 7)
            let translations = try #require(agreement["translations"] as? [String: [String: [String: Any]]])
            #expect(translations["ar"]?["principles.dialog.name"]?["text"] as? String == "الحوار")
            #expect(translations["en"]?["commitments.c-delta.text"]?["outdated"] as? Bool == true)
            #expect(translations["en"]?["title"]?["outdated"] as? Bool == false)
            let versions = try Self.json(try await client.get("/api/v1/municipalities/sodertalje/agreement/versions"))
            let first = try #require((versions["data"] as? [[String: Any]])?.first)
            #expect(try await client.get(first["api"] as! String).status == .ok)
        }
    }

    /// Every endpoint of every demo municipality, JSON and CSV: no e-mail address, no phone
    /// number, and none of the names of the people in the database.
    @Test func noEndpointGivesAnythingPersonal() async throws {
        try await withTestApp { app in
            let client = Client(app)
            var bodies: [(String, String)] = []
            for slug in Demo.slugs {
                for list in APILists.all where list.perMunicipality || slug == Demo.slugs[0] {
                    let url = list.url(list.perMunicipality ? slug : nil)
                    bodies.append((url, try await client.get(url + "?limit=500").text))
                    bodies.append((url + ".csv", try await client.get(url + ".csv").text))
                }
                bodies.append(("agreement \(slug)", try await client.get("/api/v1/municipalities/\(slug)/agreement").text))
            }
            #expect(bodies.count > 100)
            var names = Set<String>()
            for u in try await User.query(on: app.db).all() { names.insert(u.name) }
            for c in try await ContactPerson.query(on: app.db).all() { names.insert(c.name) }
            for c in try await TopicContact.query(on: app.db).all() { names.insert(c.name) }
            for r in try await MeetingRegistration.query(on: app.db).all() { names.insert(r.name) }
            for v in try await VolunteerInterest.query(on: app.db).all() { names.insert(v.name) }
            for i in try await Inquiry.query(on: app.db).all() { names.insert(i.inquirerName) }
            for a in try await Accession.query(on: app.db).all() {
                names.formUnion([a.organisationSignatoryName, a.municipalitySignatoryName].compactMap { $0 })
            }
            names = names.filter { $0.count >= 5 && $0.contains(" ") }
            #expect(names.count > 20)
            let email = try NSRegularExpression(pattern: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
            // Not inside an identifier (a UUID has groups of hex digits between hyphens).
            let phone = try NSRegularExpression(pattern: #"(?<![0-9A-Fa-f-])(\+46|0\d{1,3})[- ]?\d{2,3}[ -]?\d{2}[ -]?\d{2}(?![0-9A-Fa-f-])"#)
            // The patterns find what the database holds: the demo's phone numbers and addresses.
            let held = try await Organisation.query(on: app.db).all().compactMap(\.phone) + (try await Municipality.query(on: app.db).all().compactMap(\.contactPhone))
            #expect(held.count >= 5)
            for number in held { #expect(phone.firstMatch(in: number, range: NSRange(number.startIndex..., in: number)) != nil, "\(number)") }
            for u in try await User.query(on: app.db).all() { #expect(email.firstMatch(in: u.email, range: NSRange(u.email.startIndex..., in: u.email)) != nil) }
            for (url, body) in bodies {
                let range = NSRange(body.startIndex..., in: body)
                for (kind, regex) in [("an e-mail address", email), ("a phone number", phone)] {
                    if let match = regex.firstMatch(in: body, range: range) {
                        Issue.record("\(kind) in \(url): \(body[Range(match.range, in: body)!])")
                    }
                }
                for name in names where body.contains(name) { Issue.record("\(name) in \(url)") }
            }
        }
    }

    @Test func theDescriptionCoversEveryRouteAndIsTheCommittedCopy() async throws {
        try await withTestApp { app in
            let served = try Self.json(try await Client(app).get("/api/v1/openapi.json"))
            let paths = Set((served["paths"] as? [String: Any] ?? [:]).keys)
            let routes = app.routes.all.filter { $0.path.first?.description == "api" }.map { route in
                "/" + route.path.map { $0.description.hasPrefix(":") ? "{" + $0.description.dropFirst() + "}" : $0.description }.joined(separator: "/")
            }
            #expect(!routes.isEmpty)
            for route in routes { #expect(paths.contains(route), "\(route) is not described") }
            #expect(paths.count == Set(routes).count)
            let file = LocalizationTests.root.appendingPathComponent("docs/openapi.json")
            let committed = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? NSDictionary
            #expect(committed == (served as NSDictionary), "docs/openapi.json is out of date: write it with `samverkan openapi > docs/openapi.json`")
            #expect(served["openapi"] as? String == "3.1.0")
        }
    }

    @Test func everyListPageLinksItsDataAndTheCatalogueDescribesIt() async throws {
        try await withTestApp { app in
            let client = Client(app)
            for list in APILists.all where list.perMunicipality {
                guard let page = list.page?("orebro") else { continue }
                let html = try await client.get(page).text
                #expect(html.contains(#"href="\#(list.url("orebro")).csv""#), "\(page) links its CSV")
            }
            let open = try await client.get("/orebro/oppna-data")
            #expect(open.status == .ok)
            #expect(open.text.contains("/orebro/oppna-data/katalog.ttl"))
            let turtle = try await client.get("/orebro/oppna-data/katalog", headers: ["Accept": "text/turtle"])
            #expect(turtle.headers.contentType?.description.hasPrefix("text/turtle") == true)
            #expect(turtle.text.contains("a dcat:Catalog"))
            let jsonLD = try await client.get("/orebro/oppna-data/katalog", headers: ["Accept": "application/ld+json"])
            #expect(jsonLD.headers.contentType?.description.hasPrefix("application/ld+json") == true)
            #expect(try Self.json(jsonLD)["@graph"] != nil)
        }
    }
}
