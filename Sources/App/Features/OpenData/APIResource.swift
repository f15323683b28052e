import Foundation
import Vapor

/// The type of a field in the open-data API, as the OpenAPI document describes it.
indirect enum APIType: Sendable {
    case string, integer, number, boolean, date, dateTime, uri, uuid
    case choice([String])
    case array(APIType)
    case object([APIField])
    /// An object whose keys are data (a language code, a path in the agreement).
    case map(APIType)

    /// The JSON Schema of the type.
    var schema: APIValue {
        switch self {
        case .string: .object([("type", .string("string"))])
        case .integer: .object([("type", .string("integer"))])
        case .number: .object([("type", .string("number"))])
        case .boolean: .object([("type", .string("boolean"))])
        case .date: .object([("type", .string("string")), ("format", .string("date"))])
        case .dateTime: .object([("type", .string("string")), ("format", .string("date-time"))])
        case .uri: .object([("type", .string("string")), ("format", .string("uri-reference"))])
        case .uuid: .object([("type", .string("string")), ("format", .string("uuid"))])
        case .choice(let values): .object([("type", .string("string")), ("enum", .array(values.map(APIValue.string)))])
        case .array(let item): .object([("type", .string("array")), ("items", item.schema)])
        case .object(let fields): APIField.objectSchema(fields)
        case .map(let value): .object([("type", .string("object")), ("additionalProperties", value.schema)])
        }
    }
}

/// One field of a resource: its name, type and what it means.
struct APIField: Sendable {
    let name: String
    let type: APIType
    let description: String
    var nullable = false

    init(_ name: String, _ type: APIType, _ description: String, nullable: Bool = false) {
        self.name = name
        self.type = type
        self.description = description
        self.nullable = nullable
    }

    var schema: APIValue {
        guard case .object(var pairs) = type.schema else { return type.schema }
        if nullable, let index = pairs.firstIndex(where: { $0.0 == "type" }), case .string(let t) = pairs[index].1 {
            pairs[index].1 = .array([.string(t), .string("null")])
            if let e = pairs.firstIndex(where: { $0.0 == "enum" }), case .array(let values) = pairs[e].1 { pairs[e].1 = .array(values + [.null]) }
        }
        return .object(pairs + [("description", .string(description))])
    }

    static func objectSchema(_ fields: [APIField]) -> APIValue {
        .object([("type", .string("object")),
                 ("properties", .object(fields.map { ($0.name, $0.schema) })),
                 ("required", .array(fields.map { .string($0.name) })),
                 ("additionalProperties", .bool(false))])
    }
}

/// A filter of a list, named like the filter of the page that shows the list.
struct APIFilter: Sendable {
    let name: String
    let type: APIType
    let description: String
}

/// What a list's loader is given: the request, the municipality of the path, the filters' values.
struct APIQuery {
    let req: Request
    let municipality: Municipality?
    let filters: [String: String]
    var t: Translator { req.translator }
}

/// A list of the open-data API: its address, fields and filters, and how its rows are loaded (in
/// a stable order, each row's first field its identifier). JSON, CSV and the OpenAPI document
/// are all written from this one description, so they cannot disagree.
struct APIList: Sendable {
    let name: String
    let path: String
    let summary: String
    let description: String
    let fields: [APIField]
    var filters: [APIFilter] = []
    /// The public page that shows the list, for a municipality's slug; nil for the list of municipalities.
    var page: (@Sendable (String) -> String)? = nil
    let load: @Sendable (APIQuery) async throws -> [[APIValue]]

    var perMunicipality: Bool { path.contains("{kommun}") }
    var operationID: String { "list" + name.prefix(1).uppercased() + name.dropFirst() }
    /// The route's path components, `{kommun}` as a parameter.
    var routePath: [String] { ["api", "v1"] + path.split(separator: "/").map { $0 == "{kommun}" ? ":kommun" : String($0) } }
    func url(_ slug: String?) -> String { "/api/v1" + path.replacingOccurrences(of: "{kommun}", with: slug ?? "") }

    func object(_ row: [APIValue]) -> APIValue { .object(zip(fields, row).map { ($0.name, $1) }) }
}
