import Foundation
import Yams

/// Walks a composed YAML tree into an `AgreementDocument`, collecting every problem
/// instead of stopping at the first, so a coordinator can fix a file in one pass.
struct AgreementFileReader {
    private(set) var problems: [AgreementFileProblem] = []

    private mutating func report(_ kind: AgreementFileProblem.Kind, _ node: Node?, _ field: String, _ message: String) {
        problems.append(.init(kind, line: node?.mark?.line, field: field, message: message))
    }

    mutating func document(_ root: Node) -> AgreementDocument? {
        guard let map = fields(root, at: "", allowed: [
            "format", "title", "subtitle", "purpose", "parties", "metadata",
            "principles", "commitments", "developmentAreas", "rules", "translations",
        ]) else { return nil }

        if let format = string(map, "format", at: "", required: false), format != AgreementFile.formatIdentifier {
            report(.invalidFormat, map["format"], "format",
                   "Okänt format \"\(format)\"; filen ska ange \"\(AgreementFile.formatIdentifier)\".")
        }
        let title = string(map, "title", at: "", required: true)
        let subtitle = string(map, "subtitle", at: "", required: false)
        let purpose = string(map, "purpose", at: "", required: false)
        let parties = self.parties(map)
        let metadata = self.metadata(map)
        let principles = self.principles(map)
        let principleKeys = Set(principles.map(\.key))
        let commitments = self.commitments(map, principleKeys: principleKeys)
        let areas = self.developmentAreas(map)
        let rules = self.rules(map)

        guard let title, let parties else { return nil }
        var document = AgreementDocument(
            title: title, subtitle: subtitle, purpose: purpose, parties: parties, metadata: metadata,
            principles: principles, commitments: commitments, developmentAreas: areas, rules: rules
        )
        if let node = map["translations"] { document.translations = translations(node, of: document) }
        return document
    }

    /// `translations: {en: {title: "…", "principles.p1.name": "…"}}`; a text whose Swedish
    /// original has changed since it was translated is written `{text: "…", translatedFrom: "…"}`.
    private mutating func translations(_ node: Node, of document: AgreementDocument) -> [String: [String: AgreementTranslation]] {
        guard let languages = node.mapping else {
            report(.wrongType, node, "translations", "Ska vara en samling språk (en: …, ar: …).")
            return [:]
        }
        let paths = Set(document.translatableTexts.map(\.path))
        var result: [String: [String: AgreementTranslation]] = [:]
        for (codeNode, texts) in languages {
            let code = codeNode.string ?? ""
            let at = "translations.\(code)"
            guard AgreementDocument.isLanguageCode(code) else {
                report(.invalidTranslation, codeNode, at, "\"\(code)\" är ingen språkkod. Skriv koden med två små bokstäver, till exempel en eller ar (svenska är själva texten).")
                continue
            }
            guard let mapping = texts.mapping else {
                report(.wrongType, texts, at, "Ska vara en samling texter (sökväg: översättning).")
                continue
            }
            var own: [String: AgreementTranslation] = [:]
            for (pathNode, value) in mapping {
                let path = pathNode.string ?? ""
                let field = "\(at).\(path)"
                guard paths.contains(path) else {
                    report(.invalidTranslation, pathNode, field, "Överenskommelsen har ingen text \"\(path)\" att översätta.")
                    continue
                }
                if let scalar = value.scalar {
                    if scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        report(.missingField, value, field, "Översättningen är tom.")
                    } else {
                        own[path] = .init(text: scalar.string)
                    }
                } else if let parts = fields(value, at: field, allowed: ["text", "translatedFrom"]),
                          let text = string(parts, "text", at: field, required: true) {
                    let from = string(parts, "translatedFrom", at: field, required: false)
                    own[path] = .init(text: text, translatedFrom: from == document.swedishText(at: path) ? nil : from)
                }
            }
            if !own.isEmpty { result[code] = own }
        }
        return result
    }

    // MARK: - Sections

    private mutating func parties(_ map: [String: Node]) -> AgreementDocument.Parties? {
        guard let node = map["parties"] else {
            report(.missingField, nil, "parties", "Fältet saknas: parternas namn (municipality och civilSociety).")
            return nil
        }
        guard let parties = fields(node, at: "parties", allowed: ["municipality", "civilSociety"]) else { return nil }
        let municipality = string(parties, "municipality", at: "parties", required: true)
        let civilSociety = string(parties, "civilSociety", at: "parties", required: true)
        guard let municipality, let civilSociety else { return nil }
        return .init(municipality: municipality, civilSociety: civilSociety)
    }

    private mutating func metadata(_ map: [String: Node]) -> AgreementDocument.Metadata {
        guard let node = map["metadata"] else { return .init() }
        let path = "metadata"
        guard let m = fields(node, at: path, allowed: [
            "adoptedBy", "adoptedOn", "referenceNumber", "validFrom", "validUntil",
            "revisionIntervalYears", "documentOwner", "contact",
        ]) else { return .init() }
        var contact = AgreementDocument.Contact()
        if let contactNode = m["contact"],
           let c = fields(contactNode, at: "\(path).contact", allowed: ["name", "email", "phone"]) {
            contact = .init(
                name: string(c, "name", at: "\(path).contact", required: false),
                email: string(c, "email", at: "\(path).contact", required: false),
                phone: string(c, "phone", at: "\(path).contact", required: false)
            )
        }
        let metadata = AgreementDocument.Metadata(
            adoptedBy: string(m, "adoptedBy", at: path, required: false),
            adoptedOn: date(m, "adoptedOn", at: path, required: false),
            referenceNumber: string(m, "referenceNumber", at: path, required: false),
            validFrom: date(m, "validFrom", at: path, required: false),
            validUntil: date(m, "validUntil", at: path, required: false),
            revisionIntervalYears: count(m, "revisionIntervalYears", at: path, required: false, minimum: 1),
            documentOwner: string(m, "documentOwner", at: path, required: false),
            contact: contact
        )
        if let from = metadata.validFrom, let until = metadata.validUntil, until < from {
            report(.dateOrder, m["validUntil"], "\(path).validUntil",
                   "Giltig till (\(until)) ligger före giltig från (\(from)).")
        }
        return metadata
    }

    private mutating func principles(_ map: [String: Node]) -> [AgreementDocument.Principle] {
        var seen = Set<String>()
        return list(map, "principles", required: true) { reader, node, path in
            guard let p = reader.fields(node, at: path, allowed: ["key", "name", "description"]) else { return nil }
            let key = reader.identifier(p, at: path, seen: &seen, what: "principen")
            let name = reader.string(p, "name", at: path, required: true)
            let description = reader.string(p, "description", at: path, required: false)
            guard let key, let name else { return nil }
            return .init(key: key, name: name, description: description)
        }
    }

    private mutating func commitments(_ map: [String: Node], principleKeys: Set<String>) -> [AgreementDocument.Commitment] {
        var seen = Set<String>()
        return list(map, "commitments", required: false) { reader, node, path in
            guard let c = reader.fields(node, at: path, allowed: ["key", "party", "text", "principles"]) else { return nil }
            let key = reader.identifier(c, at: path, seen: &seen, what: "åtagandet")
            let party: Party? = reader.choice(c, "party", at: path, kind: .invalidParty,
                                              what: "part", required: true)
            let text = reader.string(c, "text", at: path, required: true)
            var refs: [String] = []
            if let refsNode = c["principles"] {
                if let seq = refsNode.sequence, !seq.isEmpty {
                    for (i, item) in seq.enumerated() {
                        guard let ref = item.scalar?.string else {
                            reader.report(.wrongType, item, "\(path).principles[\(i + 1)]", "Ska vara en princips nyckel.")
                            continue
                        }
                        if !principleKeys.contains(ref) {
                            reader.report(.unknownPrinciple, item, "\(path).principles[\(i + 1)]",
                                          "Åtagandet hänvisar till principen \"\(ref)\", som inte finns i filen.")
                        }
                        refs.append(ref)
                    }
                } else {
                    reader.report(.emptyList, refsNode, "\(path).principles",
                                  "Ska vara en lista med minst en princips nyckel.")
                }
            } else {
                reader.report(.missingField, node, "\(path).principles",
                              "Fältet saknas: vilken eller vilka principer åtagandet hör till.")
            }
            guard let key, let party, let text else { return nil }
            return .init(key: key, party: party, text: text, principles: refs)
        }
    }

    private mutating func developmentAreas(_ map: [String: Node]) -> [AgreementDocument.DevelopmentArea] {
        var seen = Set<String>()
        return list(map, "developmentAreas", required: false) { reader, node, path in
            guard let a = reader.fields(node, at: path, allowed: ["key", "name", "description", "activities"]) else {
                return nil
            }
            let key = reader.identifier(a, at: path, seen: &seen, what: "utvecklingsområdet")
            let name = reader.string(a, "name", at: path, required: true)
            let description = reader.string(a, "description", at: path, required: false)
            let activities = reader.list(a, "activities", at: path, required: false) { reader, node, path in
                reader.activity(node, at: path)
            }
            guard let key, let name else { return nil }
            return .init(key: key, name: name, description: description, activities: activities)
        }
    }

    private mutating func activity(_ node: Node, at path: String) -> AgreementDocument.Activity? {
        guard let a = fields(node, at: path, allowed: [
            "title", "description", "owner", "responsible", "startDate", "dueDate", "status", "indicator",
        ]) else { return nil }
        let title = string(a, "title", at: path, required: true)
        let owner: Party? = choice(a, "owner", at: path, kind: .invalidParty, what: "part", required: true)
        let status: ActivityStatus? = choice(a, "status", at: path, kind: .invalidStatus, what: "status", required: false)
        let indicator: PlanIndicator? = choice(a, "indicator", at: path, kind: .invalidIndicator, what: "indikator", required: false)
        let start = date(a, "startDate", at: path, required: false)
        let due = date(a, "dueDate", at: path, required: false)
        if let start, let due, due < start {
            report(.dateOrder, a["dueDate"], "\(path).dueDate", "Slutdatum (\(due)) ligger före startdatum (\(start)).")
        }
        guard let title, let owner else { return nil }
        return .init(title: title, description: string(a, "description", at: path, required: false), owner: owner,
                     responsible: string(a, "responsible", at: path, required: false),
                     startDate: start, dueDate: due, status: status ?? .planned, indicator: indicator)
    }

    private mutating func rules(_ map: [String: Node]) -> [AgreementDocument.Rule] {
        list(map, "rules", required: false) { reader, node, path in
            guard let r = reader.fields(node, at: path, allowed: [
                "type", "meetingKind", "minimum", "everyMonths", "date", "minimumPercent", "note",
            ]) else { return nil }
            let type: AgreementDocument.RuleType? = reader.choice(r, "type", at: path, kind: .invalidRuleType,
                                                                  what: "regeltyp", required: true)
            let note = reader.string(r, "note", at: path, required: false)
            guard let type else { return nil }
            // Each field's text (a missing one is reported here, with its line); the checks of
            // the values are the rule form's too.
            var texts: [String: String] = [:]
            for field in RuleCheck.fields(of: type) {
                if let text = reader.string(r, field, at: path, required: true) { texts[field] = text }
            }
            let checked = RuleCheck.read(type, texts, note: note)
            for (field, problem) in checked.problems where texts[field] != nil {
                reader.report(problem.kind, r[field], "\(path).\(field)", problem.message)
            }
            let rule = checked.rule
            let expected = Set(["type", "note"] + RuleCheck.fields(of: type))
            for key in r.keys.sorted() where !expected.contains(key) {
                reader.report(.unknownField, r[key], "\(path).\(key)",
                              "Fältet hör inte till regeltypen \"\(type.rawValue)\".")
            }
            return rule
        }
    }

    // MARK: - Helpers

    /// A mapping as a dictionary (Yams has already refused duplicate keys); reports unknown keys.
    private mutating func fields(_ node: Node, at path: String, allowed: Set<String>) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(.wrongType, node, path.isEmpty ? "(dokumentet)" : path, "Ska vara en samling fält (nyckel: värde).")
            return nil
        }
        var result: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if !allowed.contains(key) {
                report(.unknownField, keyNode, join(path, key),
                       "Okänt fält \"\(key)\". Tillåtna fält här: \(allowed.sorted().joined(separator: ", ")).")
            }
            result[key] = value
        }
        return result
    }

    private mutating func string(_ map: [String: Node], _ key: String, at path: String, required: Bool) -> String? {
        guard let node = map[key], !(node.scalar.map(isNull) ?? false) else {
            if required { report(.missingField, nil, join(path, key), "Fältet saknas eller är tomt.") }
            return nil
        }
        guard let scalar = node.scalar else {
            report(.wrongType, node, join(path, key), "Ska vara en text.")
            return nil
        }
        let value = scalar.string
        if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            if required { report(.missingField, node, join(path, key), "Fältet är tomt.") }
            return nil
        }
        return value
    }

    private mutating func date(_ map: [String: Node], _ key: String, at path: String, required: Bool) -> CalendarDate? {
        guard let text = string(map, key, at: path, required: required) else { return nil }
        switch FieldProblem.date(text) {
        case .success(let date): return date
        case .failure(let problem): report(problem.kind, map[key], join(path, key), problem.message); return nil
        }
    }

    private mutating func count(_ map: [String: Node], _ key: String, at path: String,
                                required: Bool, minimum: Int) -> Int? {
        guard let text = string(map, key, at: path, required: required) else { return nil }
        switch FieldProblem.wholeNumber(text, minimum: minimum) {
        case .success(let value): return value
        case .failure(let problem): report(problem.kind, map[key], join(path, key), problem.message); return nil
        }
    }

    private mutating func choice<T: RawRepresentable & CaseIterable>(
        _ map: [String: Node], _ key: String, at path: String,
        kind: AgreementFileProblem.Kind, what: String, required: Bool
    ) -> T? where T.RawValue == String {
        guard let text = string(map, key, at: path, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            let options = T.allCases.map { "\($0.rawValue)" }.joined(separator: ", ")
            report(kind, map[key], join(path, key), "\"\(text)\" är ingen giltig \(what). Välj en av: \(options).")
            return nil
        }
        return value
    }

    private mutating func identifier(_ map: [String: Node], at path: String,
                                     seen: inout Set<String>, what: String) -> String? {
        guard let key = string(map, "key", at: path, required: true) else { return nil }
        let allowed = key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "_" }
        guard allowed else {
            report(.invalidIdentifier, map["key"], "\(path).key",
                   "Nyckeln \"\(key)\" får bara innehålla små bokstäver a–z, siffror, - och _.")
            return nil
        }
        guard seen.insert(key).inserted else {
            report(.duplicateIdentifier, map["key"], "\(path).key", "Nyckeln \"\(key)\" används redan för \(what) ovan.")
            return nil
        }
        return key
    }

    private mutating func list<T>(
        _ map: [String: Node], _ key: String, at path: String = "", required: Bool,
        _ item: (inout AgreementFileReader, Node, String) -> T?
    ) -> [T] {
        let field = join(path, key)
        guard let node = map[key], !(node.scalar.map(isNull) ?? false) else {
            if required { report(.missingField, nil, field, "Fältet saknas: en lista behövs.") }
            return []
        }
        guard let sequence = node.sequence else {
            report(.wrongType, node, field, "Ska vara en lista.")
            return []
        }
        if required && sequence.isEmpty { report(.emptyList, node, field, "Listan får inte vara tom.") }
        var result: [T] = []
        for (index, element) in sequence.enumerated() {
            if let value = item(&self, element, "\(field)[\(index + 1)]") { result.append(value) }
        }
        return result
    }

    private func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
