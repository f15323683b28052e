import Foundation
import Vapor

/// The OpenAPI 3.1 document of the API, written from the lists' and the agreement's descriptions
/// (`APIList`, `APIAgreement`): the handlers answer from the same descriptions, so the document
/// and the answers cannot drift apart. `docs/openapi.json` is a copy, checked by a test.
enum OpenAPIDocument {
    static let json: String = value.json

    static var value: APIValue {
        var paths: [(String, APIValue)] = [
            ("/api/v1", operation(id: "index", summary: "Where to start", description: "The addresses of this description, its documentation and the first list.",
                                  parameters: [], ok: json(.object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))])))),
            ("/api/v1/openapi.json", operation(id: "openapi", summary: "This description (OpenAPI 3.1)", description: "The document you are reading.",
                                               parameters: [], ok: json(.object([("type", .string("object"))])))),
            ("/api/v1/docs", operation(id: "docs", summary: "The documentation as a web page", description: "This description, for people.",
                                       parameters: [], ok: .object([("text/html", .object([("schema", .object([("type", .string("string"))]))]))]))),
        ]
        for list in APILists.all {
            var parameters = list.perMunicipality ? [kommun] : []
            parameters += list.filters.map(filter)
            paths.append(("/api/v1" + list.path, operation(
                id: list.operationID, summary: list.summary, description: list.description + " Paged: follow `links.next`.",
                parameters: parameters + [cursor, limit], ok: json(ref(list.name + "Page")), paged: true)))
            paths.append(("/api/v1" + list.path + ".csv", operation(
                id: list.operationID + "CSV", summary: list.summary + " (CSV)",
                description: "The whole list, filters applied, as CSV (RFC 4180, UTF-8, comma-separated, a header of the same field names as the JSON).",
                parameters: parameters, ok: .object([("text/csv", .object([("schema", .object([("type", .string("string"))]))]))]))))
        }
        let version = APIValue.object([("name", .string("version")), ("in", .string("path")), ("required", .bool(true)),
                                       ("description", .string("The version number.")),
                                       ("schema", .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(100_000)),
                                                           ("examples", .array([.int(1)]))]))])
        paths.append(("/api/v1/municipalities/{kommun}/agreement", operation(
            id: "getAgreement", summary: "The agreement in force, whole",
            description: "Principles, commitments, development areas with the action plan, rules and translations of the version in force.",
            parameters: [kommun], ok: json(ref("Agreement")))))
        paths.append(("/api/v1/municipalities/{kommun}/agreement/versions/{version}", operation(
            id: "getAgreementVersion", summary: "One published version of the agreement, whole",
            description: "As the agreement in force, for any published version.", parameters: [kommun, version], ok: json(ref("Agreement")))))

        var schemas: [(String, APIValue)] = [
            ("Problem", .object([("type", .string("object")), ("description", .string("An error (RFC 9457).")),
                                 ("properties", .object([("type", .object([("type", .string("string"))])), ("title", .object([("type", .string("string"))])),
                                                         ("status", .object([("type", .string("integer"))])), ("detail", .object([("type", .string("string"))]))])),
                                 ("required", .array([.string("type"), .string("title"), .string("status"), .string("detail")]))])),
            ("Links", APIField.objectSchema([
                .init("self", .uri, "This page."), .init("next", .uri, "The next page; null on the last.", nullable: true),
                .init("prev", .uri, "The page before; null on the first.", nullable: true), .init("csv", .uri, "The whole list as CSV.")])),
            ("Agreement", APIField.objectSchema(APIAgreement.fields)),
        ]
        for list in APILists.all {
            schemas.append((list.name, APIField.objectSchema(list.fields)))
            schemas.append((list.name + "Page", .object([
                ("type", .string("object")),
                ("properties", .object([("data", .object([("type", .string("array")), ("items", ref(list.name))])),
                                        ("total", .object([("type", .string("integer")), ("description", .string("How many rows the list has, filters applied."))])),
                                        ("links", ref("Links"))])),
                ("required", .array([.string("data"), .string("total"), .string("links")])), ("additionalProperties", .bool(false)),
            ])))
        }
        return .object([
            ("openapi", .string("3.1.0")),
            ("info", .object([("title", .string("Samverkan open data")), ("version", .string("1.0.0")),
                              ("description", .string("The local agreements between municipalities and civil society as data: the agreements and their versions, signatories, the register of organisations, meetings, the rules and whether they are kept, the action plan, the yearly follow-up, decisions, partnerships, volunteer assignments and one way in. Read-only and public: no personal data. JSON, every list also as CSV; paged by cursor; ETag and If-None-Match; CORS for GET; errors as application/problem+json; a limit of requests per client address and minute, answered with 429 and Retry-After. Times are ISO 8601 with the Swedish offset. Texts are in Swedish, the language that applies; the agreement's translations are in its `translations`.")),
                              ("license", .object([("name", .string("CC0 1.0")), ("identifier", .string("CC0-1.0"))]))])),
            ("paths", .object(paths)),
            ("components", .object([("schemas", .object(schemas))])),
        ])
    }

    static func ref(_ name: String) -> APIValue { .object([("$ref", .string("#/components/schemas/\(name)"))]) }
    static func json(_ schema: APIValue) -> APIValue { .object([("application/json", .object([("schema", schema)]))]) }

    static let kommun = APIValue.object([
        ("name", .string("kommun")), ("in", .string("path")), ("required", .bool(true)),
        ("description", .string("The municipality's short name, as in its addresses (`id` in `municipalities`).")),
        ("schema", .object([("type", .string("string")), ("pattern", .string("^[a-z0-9-]{1,60}$")),
                            ("examples", .array(["sodertalje", "boras", "orebro", "botkyrka", "eslov"].map(APIValue.string)))])),
    ])
    static let cursor = APIValue.object([
        ("name", .string("cursor")), ("in", .string("query")), ("required", .bool(false)),
        ("description", .string("Where the page starts: the value in `links.next` or `links.prev`. A cursor that names no row answers 404.")),
        ("schema", .object([("type", .string("string")), ("maxLength", .int(200))])),
    ])
    static let limit = APIValue.object([
        ("name", .string("limit")), ("in", .string("query")), ("required", .bool(false)),
        ("description", .string("Rows per page, \(APIController.defaultLimit) unless given.")),
        ("schema", .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(APIController.maxLimit))])),
    ])

    static func filter(_ f: APIFilter) -> APIValue {
        var schema: APIValue
        switch f.type {
        case .integer: schema = .object([("type", .string("integer")), ("minimum", .int(0)), ("maximum", .int(9999)), ("examples", .array([.int(2025)]))])
        case .string: schema = .object([("type", .string("string")), ("minLength", .int(1)), ("maxLength", .int(200))])
        default: schema = f.type.schema
        }
        return .object([("name", .string(f.name)), ("in", .string("query")), ("required", .bool(false)),
                        ("description", .string(f.description)), ("schema", schema)])
    }

    static func problem(_ description: String) -> APIValue {
        .object([("description", .string(description)),
                 ("content", .object([("application/problem+json", .object([("schema", ref("Problem"))]))]))])
    }

    static func operation(id: String, summary: String, description: String, parameters: [APIValue], ok: APIValue, paged: Bool = false) -> APIValue {
        let headers = APIValue.object([
            ("ETag", .object([("description", .string("The answer's entity tag; send it as If-None-Match to get 304 while it is current.")),
                              ("schema", .object([("type", .string("string"))]))])),
            ("Cache-Control", .object([("schema", .object([("type", .string("string"))]))])),
        ])
        var responses: [(String, APIValue)] = [
            ("200", .object([("description", .string("The data.")), ("headers", headers), ("content", ok)])),
            ("304", .object([("description", .string("Not modified: the copy named in If-None-Match is current."))])),
            ("400", problem("A filter or the limit is not valid.")),
            ("404", problem(paged ? "No such municipality, or the cursor names no row." : "No such municipality or version.")),
            ("405", problem("The API only reads: GET, HEAD and OPTIONS.")),
            ("429", problem("Too many requests from this address this minute; Retry-After says when to try again.")),
        ]
        if parameters.isEmpty { responses.removeAll { $0.0 == "400" || $0.0 == "404" } }
        var op: [(String, APIValue)] = [("operationId", .string(id)), ("summary", .string(summary)), ("description", .string(description))]
        if !parameters.isEmpty { op.append(("parameters", .array(parameters))) }
        op.append(("responses", .object(responses)))
        return .object([("get", .object(op))])
    }
}

/// `samverkan openapi`: prints the API's OpenAPI document, for `docs/openapi.json`.
struct OpenAPICommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Prints the open-data API's OpenAPI 3.1 document (the copy in docs/openapi.json)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let object = try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: pretty, as: UTF8.self))
    }
}
