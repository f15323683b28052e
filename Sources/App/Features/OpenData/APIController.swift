import Fluent
import Foundation
import Vapor

/// The open-data API under `/api/v1`: read-only, public data only, JSON, with every list also as
/// CSV. Described by the OpenAPI document at `/api/v1/openapi.json` (written from the same
/// descriptions as the answers, `APIList`), browsable at `/api/v1/docs`. Lists are paged by a
/// cursor with `next` and `prev` links; every answer has an `ETag` (`If-None-Match` gives 304)
/// and a short `Cache-Control`.
struct APIController: RouteCollection {
    static let defaultLimit = 100
    static let maxLimit = 500

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.api, access: .anyone, use: index)
        routes.on(.GET, SiteURL.apiSpec, access: .anyone, use: spec)
        routes.on(.GET, SiteURL.apiDocs, access: .anyone, use: docs)
        routes.on(.GET, SiteURL.apiAgreement, access: .anyone, use: agreement)
        routes.on(.GET, SiteURL.apiAgreementVersion, access: .anyone, use: agreementVersion)
        for list in APILists.all {
            let path = list.routePath.map(PathComponent.init(stringLiteral:))
            let csvPath = Array(path.dropLast()) + [PathComponent(stringLiteral: list.routePath.last! + ".csv")]
            routes.on(.GET, path, access: .anyone, use: { req in try await Self.json(req, list) })
            routes.on(.GET, csvPath, access: .anyone, use: { req in try await Self.csv(req, list) })
        }
    }

    // MARK: Answers

    /// A body with its ETag, or 304 when the client has it.
    static func answer(_ req: Request, body: String, contentType: String) -> Response {
        let etag = ETag.of(Data(body.utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=60")
        headers.replaceOrAdd(name: .vary, value: "Accept-Language")
        if ETag.isCurrent(etag, for: req) { return Response(status: .notModified, headers: headers) }
        headers.replaceOrAdd(name: .contentType, value: contentType)
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    static func json(_ req: Request, _ value: APIValue) -> Response {
        answer(req, body: value.json, contentType: "application/json; charset=utf-8")
    }

    /// The municipality of the path, for a list that has one.
    static func municipality(_ req: Request, _ list: APIList) async throws -> Municipality? {
        list.perMunicipality ? try await req.municipality() : nil
    }

    /// The filters' values, each checked against its type (400 when it is not one).
    static func filters(_ req: Request, _ list: APIList) throws -> [String: String] {
        var values: [String: String] = [:]
        for filter in list.filters {
            guard let raw = req.query[String.self, at: filter.name] else { continue }
            let valid: Bool
            switch filter.type {
            case .integer: valid = Int(raw).map { (0...9999).contains($0) } ?? false
            case .uuid: valid = UUID(uuidString: raw) != nil
            case .choice(let options): valid = options.contains(raw)
            default: valid = (1...200).contains(raw.count)
            }
            guard valid else { throw Abort(.badRequest, reason: req.t("openData.error.filter", filter.name)) }
            values[filter.name] = raw
        }
        return values
    }

    /// A cursor names the row a page starts after (`a:`) or ends before (`b:`).
    static func cursor(_ direction: String, _ key: String) -> String {
        Data((direction + ":" + key).utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func readCursor(_ text: String) -> (after: Bool, key: String)? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        guard text.count <= 200, let data = Data(base64Encoded: base), let decoded = String(data: data, encoding: .utf8),
              decoded.hasPrefix("a:") || decoded.hasPrefix("b:") else { return nil }
        return (decoded.hasPrefix("a:"), String(decoded.dropFirst(2)))
    }

    static func json(_ req: Request, _ list: APIList) async throws -> Response {
        let m = try await municipality(req, list)
        let filters = try filters(req, list)
        let limitText = req.query[String.self, at: "limit"]
        guard let limit = limitText.map({ Int($0) }) ?? defaultLimit, (1...maxLimit).contains(limit) else {
            throw Abort(.badRequest, reason: req.t("openData.error.limit", String(maxLimit)))
        }
        let rows = try await list.load(APIQuery(req: req, municipality: m, filters: filters))
        let keys = rows.map { $0.first?.csv ?? "" }
        var range = 0..<min(limit, rows.count)
        if let text = req.query[String.self, at: "cursor"] {
            guard let c = readCursor(text), let index = keys.firstIndex(of: c.key) else {
                throw Abort(.notFound, reason: req.t("openData.error.cursor"))
            }
            range = c.after ? (index + 1)..<min(index + 1 + limit, rows.count) : max(0, index - limit)..<index
        }
        let filterQuery = filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
        let query = filterQuery + (limit == defaultLimit ? [] : ["limit=\(limit)"])
        func link(_ cursor: String?) -> String {
            let all = query + (cursor.map { ["cursor=\($0)"] } ?? [])
            return list.url(m?.slug) + (all.isEmpty ? "" : "?" + all.joined(separator: "&"))
        }
        let next = range.upperBound < rows.count && !range.isEmpty ? link(cursor("a", keys[range.upperBound - 1])) : nil
        let prev = range.lowerBound > 0 && range.lowerBound <= keys.count ? link(cursor("b", keys[range.lowerBound])) : nil
        let value = APIValue.object([
            ("data", .array(rows[range].map(list.object))),
            ("total", .int(rows.count)),
            ("links", .object([("self", .string(link(req.query[String.self, at: "cursor"]))), ("next", .text(next)), ("prev", .text(prev)),
                               ("csv", .string(list.url(m?.slug) + ".csv" + (filterQuery.isEmpty ? "" : "?" + filterQuery.joined(separator: "&"))))])),
        ])
        return Self.json(req, value)
    }

    /// The whole list (filters applied) as RFC 4180 CSV with a header of the JSON's field names.
    static func csv(_ req: Request, _ list: APIList) async throws -> Response {
        let m = try await municipality(req, list)
        let rows = try await list.load(APIQuery(req: req, municipality: m, filters: try filters(req, list)))
        var out = list.fields.map { quoteCSV($0.name) }.joined(separator: ",") + "\r\n"
        for row in rows { out += row.map { quoteCSV($0.csv) }.joined(separator: ",") + "\r\n" }
        let response = answer(req, body: out, contentType: "text/csv; charset=utf-8; header=present")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"\(list.name)\(m.map { "-" + $0.slug } ?? "").csv\"")
        return response
    }

    static func quoteCSV(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    // MARK: The agreement

    @Sendable func agreement(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let a = try await APILists.inForce(m, on: req.db) else { throw Abort(.notFound, reason: req.t("error.noAgreement")) }
        return Self.json(req, APIAgreement.value(try await AgreementSnapshot.load(a, on: req.db), municipality: m,
                                                 t: Translator(catalogue: req.application.catalogue, locale: .sv)))
    }

    @Sendable func agreementVersion(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let number = req.parameters.get("version", as: Int.self),
              let a = try await Agreement.query(on: req.db).filter(\.$municipality.$id == m.requireID()).filter(\.$version == number)
                .filter(\.$status != .draft).first() else { throw Abort(.notFound, reason: req.t("error.versionNotFound")) }
        return Self.json(req, APIAgreement.value(try await AgreementSnapshot.load(a, on: req.db), municipality: m,
                                                 t: Translator(catalogue: req.application.catalogue, locale: .sv)))
    }

    // MARK: The description

    @Sendable func index(req: Request) async throws -> Response {
        Self.json(req, .object([("openapi", .string(SiteURL.apiSpec())), ("docs", .string(SiteURL.apiDocs())),
                                ("municipalities", .string(APILists.municipalities.url(nil)))]))
    }

    @Sendable func spec(req: Request) async throws -> Response {
        Self.answer(req, body: OpenAPIDocument.json, contentType: "application/json; charset=utf-8")
    }

    @Sendable func docs(req: Request) async throws -> Response {
        try await APIDocsPage.render(req)
    }
}
