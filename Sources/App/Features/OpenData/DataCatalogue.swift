import Vapor

/// A small RDF graph and its two serialisations, Turtle and JSON-LD, for the data catalogue.
struct RDFGraph {
    enum Term {
        case iri(String)
        case literal(String, lang: String?)
        case typed(String, datatype: String)
    }

    struct Node {
        let iri: String
        let types: [String]
        var properties: [(String, Term)] = []
    }

    static let prefixes: [(String, String)] = [
        ("dcat", "http://www.w3.org/ns/dcat#"), ("dct", "http://purl.org/dc/terms/"), ("foaf", "http://xmlns.com/foaf/0.1/"),
        ("vcard", "http://www.w3.org/2006/vcard/ns#"), ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ]

    var nodes: [Node] = []

    var turtle: String {
        var out = Self.prefixes.map { "@prefix \($0.0): <\($0.1)> ." }.joined(separator: "\n") + "\n\n"
        for node in nodes {
            out += "<\(Self.escapeIRI(node.iri))> a " + node.types.joined(separator: ", ")
            for (predicate, object) in node.properties {
                out += " ;\n    \(predicate) " + Self.turtle(object)
            }
            out += " .\n\n"
        }
        return out
    }

    var jsonLD: String {
        let context = APIValue.object(Self.prefixes.map { ($0.0, .string($0.1)) })
        let graph = APIValue.array(nodes.map { node in
            var grouped: [(String, [APIValue])] = []
            for (predicate, object) in node.properties {
                let value: APIValue
                switch object {
                case .iri(let iri): value = .object([("@id", .string(iri))])
                case .literal(let text, let lang): value = .object([("@value", .string(text))] + (lang.map { [("@language", .string($0))] } ?? []))
                case .typed(let text, let datatype): value = .object([("@value", .string(text)), ("@type", .string(datatype))])
                }
                if let index = grouped.firstIndex(where: { $0.0 == predicate }) { grouped[index].1.append(value) } else { grouped.append((predicate, [value])) }
            }
            return .object([("@id", .string(node.iri)), ("@type", .array(node.types.map(APIValue.string)))]
                           + grouped.map { ($0.0, .array($0.1)) })
        })
        return APIValue.object([("@context", context), ("@graph", graph)]).json
    }

    static func turtle(_ term: Term) -> String {
        switch term {
        case .iri(let iri): "<\(escapeIRI(iri))>"
        case .literal(let text, let lang): quote(text) + (lang.map { "@" + $0 } ?? "")
        case .typed(let text, let datatype): quote(text) + "^^" + datatype
        }
    }

    /// JSON's string escapes are all Turtle escapes too.
    static func quote(_ text: String) -> String {
        var out = ""
        APIValue.quote(text, into: &out)
        return out
    }

    /// An IRI as Turtle writes it: the few characters it may not hold, percent-encoded.
    static func escapeIRI(_ iri: String) -> String {
        var out = ""
        for scalar in iri.unicodeScalars {
            if "<>\"{}|^`\\ ".unicodeScalars.contains(scalar) || scalar.value < 0x21 {
                out += String(format: "%%%02X", scalar.value)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The municipality's open data described in DCAT-AP-SE (the profile Sweden's data portal
/// harvests): a catalogue of one dataset per list and the agreement, each with its JSON and CSV
/// distributions, the API as a data service, the municipality as publisher and its agreement
/// contact as contact point, CC0 as licence.
enum DataCatalogue {
    static let cc0 = "http://creativecommons.org/publicdomain/zero/1.0/"

    /// The datasets of a municipality: its lists, and the agreement.
    static var lists: [APIList] { APILists.all.filter(\.perMunicipality) }

    static func graph(_ m: Municipality, base: String, sv: Translator, en: Translator) -> RDFGraph {
        let slug = m.slug
        let page = base + SiteURL.openData(slug)
        let catalogueIRI = base + SiteURL.dataCatalogue(slug)
        let publisher = base + SiteURL.municipality(slug) + "#publisher"
        let contact = base + SiteURL.municipality(slug) + "#contact"
        let service = base + SiteURL.api()
        func both(_ key: String, _ args: String...) -> [RDFGraph.Term] {
            [.literal(sv.catalogue.text(key, .sv, args), lang: "sv"), .literal(en.catalogue.text(key, .en, args), lang: "en")]
        }
        var graph = RDFGraph()
        var catalogue = RDFGraph.Node(iri: catalogueIRI, types: ["dcat:Catalog"])
        catalogue.properties += both("openData.catalogue.title", m.name).map { ("dct:title", $0) }
        catalogue.properties += both("openData.catalogue.description", m.name).map { ("dct:description", $0) }
        catalogue.properties += [("dct:publisher", .iri(publisher)), ("dct:license", .iri(cc0)), ("foaf:homepage", .iri(page)),
                                 ("dct:language", .iri("http://publications.europa.eu/resource/authority/language/SWE")),
                                 ("dcat:contactPoint", .iri(contact)), ("dcat:service", .iri(service))]
        var datasets: [RDFGraph.Node] = []
        var distributions: [RDFGraph.Node] = []
        let entries: [(name: String, json: String, csv: String?, landing: String)] =
            [("agreement", SiteURL.apiAgreement(slug), nil, SiteURL.agreement(slug))]
            + lists.map { ($0.name, $0.url(slug), $0.url(slug) + ".csv", $0.page?(slug) ?? SiteURL.municipality(slug)) }
        for entry in entries {
            let iri = page + "#" + entry.name
            catalogue.properties.append(("dcat:dataset", .iri(iri)))
            var dataset = RDFGraph.Node(iri: iri, types: ["dcat:Dataset"])
            dataset.properties += both("openData.dataset.\(entry.name)", m.name).map { ("dct:title", $0) }
            dataset.properties += both("openData.dataset.\(entry.name).description", m.name).map { ("dct:description", $0) }
            dataset.properties += [("dct:publisher", .iri(publisher)), ("dcat:contactPoint", .iri(contact)), ("dct:license", .iri(cc0)),
                                   ("dcat:landingPage", .iri(base + entry.landing)),
                                   ("dct:accessRights", .iri("http://publications.europa.eu/resource/authority/access-right/PUBLIC"))]
            for (format, url, media) in [("json", entry.json, "application/json")] + (entry.csv.map { [("csv", $0, "text/csv")] } ?? []) {
                let distribution = iri + "-" + format
                dataset.properties.append(("dcat:distribution", .iri(distribution)))
                var d = RDFGraph.Node(iri: distribution, types: ["dcat:Distribution"])
                d.properties += [("dct:title", .literal(format.uppercased(), lang: nil)), ("dcat:accessURL", .iri(base + url)),
                                 ("dcat:downloadURL", .iri(base + url)),
                                 ("dcat:mediaType", .iri("https://www.iana.org/assignments/media-types/" + media)),
                                 ("dct:format", .iri("http://publications.europa.eu/resource/authority/file-type/" + format.uppercased())),
                                 ("dct:license", .iri(cc0)), ("dcat:accessService", .iri(service))]
                distributions.append(d)
            }
            datasets.append(dataset)
        }
        var api = RDFGraph.Node(iri: service, types: ["dcat:DataService"])
        api.properties += both("openData.service.title").map { ("dct:title", $0) }
        api.properties += both("openData.service.description").map { ("dct:description", $0) }
        api.properties += [("dcat:endpointURL", .iri(service)), ("dcat:endpointDescription", .iri(base + SiteURL.apiSpec())),
                           ("dct:publisher", .iri(publisher)), ("dcat:contactPoint", .iri(contact)), ("dct:license", .iri(cc0))]
        api.properties += entries.map { ("dcat:servesDataset", .iri(page + "#" + $0.name)) }
        var agent = RDFGraph.Node(iri: publisher, types: ["foaf:Agent"])
        agent.properties += [("foaf:name", .literal(m.name, lang: "sv")),
                             ("dct:type", .iri("http://purl.org/adms/publishertype/LocalAuthority"))]
        var point = RDFGraph.Node(iri: contact, types: ["vcard:Organization"])
        point.properties.append(("vcard:fn", .literal(sv.catalogue.text("openData.contact", .sv, [m.name]), lang: "sv")))
        if let email = m.contactEmail { point.properties.append(("vcard:hasEmail", .iri("mailto:" + email))) }
        point.properties.append(("vcard:hasURL", .iri(base + SiteURL.contact(slug))))
        graph.nodes = [catalogue] + datasets + distributions + [api, agent, point]
        return graph
    }
}

/// `/{kommun}/oppna-data`: the municipality's datasets for people, with their JSON, CSV and the
/// catalogue; `/{kommun}/oppna-data/katalog` (and `.ttl`, `.jsonld`): the catalogue for machines.
struct OpenDataController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.openData, access: .anyone, use: page)
        routes.on(.GET, SiteURL.dataCatalogue, access: .anyone, use: catalogue)
        routes.on(.GET, SiteURL.dataCatalogueTurtle, access: .anyone, use: turtle)
        routes.on(.GET, SiteURL.dataCatalogueJSONLD, access: .anyone, use: jsonLD)
    }

    private func graph(_ req: Request) async throws -> RDFGraph {
        let m = try await req.municipality()
        let catalogue = req.application.catalogue
        return DataCatalogue.graph(m, base: req.application.config.publicBaseURL,
                                   sv: Translator(catalogue: catalogue, locale: .sv), en: Translator(catalogue: catalogue, locale: .en))
    }

    /// Turtle unless the client asks for JSON-LD.
    @Sendable func catalogue(req: Request) async throws -> Response {
        let wantsJSON = req.headers[.accept].joined(separator: ",").contains("application/ld+json")
        return wantsJSON ? try await jsonLD(req: req) : try await turtle(req: req)
    }

    @Sendable func turtle(req: Request) async throws -> Response {
        let response = APIController.answer(req, body: try await graph(req).turtle, contentType: "text/turtle; charset=utf-8")
        response.headers.replaceOrAdd(name: .vary, value: "Accept")
        return response
    }

    @Sendable func jsonLD(req: Request) async throws -> Response {
        let response = APIController.answer(req, body: try await graph(req).jsonLD, contentType: "application/ld+json")
        response.headers.replaceOrAdd(name: .vary, value: "Accept")
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        let slug = m.slug
        var h = HTML(capacity: 32_768)
        h.page(req.chrome(title: t("openData.title", m.name), municipality: m)) { h in
            h.raw("<h1>")
            h.text(t("openData.heading"))
            h.raw("</h1>\n<p class=\"lead\">")
            h.text(t("openData.intro", m.name))
            h.raw("</p>\n<p>")
            h.text(t("openData.licence"))
            h.raw("</p>\n<ul>\n<li>")
            h.link(SiteURL.apiDocs(), t("openData.apiDocs"))
            h.raw("</li>\n<li>")
            h.text(t("openData.catalogueLink"))
            h.raw(" ")
            h.link(SiteURL.dataCatalogueTurtle(slug), "Turtle", ["type": "text/turtle"])
            h.raw(" · ")
            h.link(SiteURL.dataCatalogueJSONLD(slug), "JSON-LD", ["type": "application/ld+json"])
            h.raw("</li>\n</ul>\n<div class=\"table-wrap\"><table>\n<caption>")
            h.text(t("openData.datasets"))
            h.raw("</caption>\n<thead><tr><th scope=\"col\">")
            h.text(t("openData.column.dataset"))
            h.raw("</th><th scope=\"col\">")
            h.text(t("openData.column.description"))
            h.raw("</th><th scope=\"col\">")
            h.text(t("openData.column.formats"))
            h.raw("</th></tr></thead>\n<tbody>\n")
            let rows: [(String, String, String?, String?)] = [("agreement", SiteURL.apiAgreement(slug), nil, SiteURL.agreement(slug))]
                + DataCatalogue.lists.map { ($0.name, $0.url(slug), $0.url(slug) + ".csv", $0.page?(slug)) }
            for (name, json, csv, landing) in rows {
                let title = t("openData.dataset.\(name)", m.name)
                h.raw("<tr><th scope=\"row\">")
                if let landing { h.link(landing, title) } else { h.text(title) }
                h.raw("</th><td>")
                h.text(t("openData.dataset.\(name).description", m.name))
                h.raw("</td><td>")
                func format(_ url: String, _ label: String, _ type: String) {
                    h.raw("<a")
                    h.attribute("href", url)
                    h.attribute("type", type)
                    h.raw(">")
                    h.text(label)
                    h.raw("<span class=\"visually-hidden\"> ")
                    h.text(title)
                    h.raw("</span></a>")
                }
                format(json, "JSON", "application/json")
                if let csv {
                    h.raw(" · ")
                    format(csv, "CSV", "text/csv")
                }
                h.raw("</td></tr>\n")
            }
            h.raw("</tbody></table></div>\n")
        }
        return try await h.view.encodeResponse(for: req)
    }
}
