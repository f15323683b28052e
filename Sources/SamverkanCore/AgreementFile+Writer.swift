import Foundation
import Yams

extension AgreementFile {
    /// Writes a document in the file format; `parse(write(d)) == d` for every valid document.
    public static func write(_ document: AgreementDocument) -> String {
        var root: [(String, Node?)] = [
            ("format", plain(formatIdentifier)),
            ("title", text(document.title)),
            ("subtitle", document.subtitle.map(text)),
            ("purpose", document.purpose.map(text)),
            ("parties", map([
                ("municipality", text(document.parties.municipality)),
                ("civilSociety", text(document.parties.civilSociety)),
            ])),
        ]
        let meta = document.metadata
        let contact = meta.contact
        root.append(("metadata", map([
            ("adoptedBy", meta.adoptedBy.map(text)),
            ("adoptedOn", meta.adoptedOn.map(date)),
            ("referenceNumber", meta.referenceNumber.map(text)),
            ("validFrom", meta.validFrom.map(date)),
            ("validUntil", meta.validUntil.map(date)),
            ("revisionIntervalYears", meta.revisionIntervalYears.map(number)),
            ("documentOwner", meta.documentOwner.map(text)),
            ("contact", contact.isEmpty ? nil : map([
                ("name", contact.name.map(text)),
                ("email", contact.email.map(text)),
                ("phone", contact.phone.map(text)),
            ])),
        ])))
        root.append(("principles", .sequence(.init(document.principles.map { p in
            map([("key", plain(p.key)), ("name", text(p.name)), ("description", p.description.map(text))])
        }))))
        root.append(("commitments", .sequence(.init(document.commitments.map(commitment)))))
        if !document.developmentAreas.isEmpty {
            root.append(("developmentAreas", .sequence(.init(document.developmentAreas.map(area)))))
        }
        if !document.rules.isEmpty {
            root.append(("rules", .sequence(.init(document.rules.map(rule)))))
        }
        if !document.translations.isEmpty {
            let order = document.translatableTexts.map(\.path)
            root.append(("translations", map(document.translations.keys.sorted().map { code in
                let texts = document.translations[code]!
                return (code, map(order.compactMap { path in
                    texts[path].map { t in
                        (path, t.translatedFrom.map { from in map([("text", text(t.text)), ("translatedFrom", text(from))]) } ?? text(t.text))
                    }
                }))
            })))
        }
        // Emitting a tree built here from strings cannot fail; a failure would be a bug in Yams.
        let body = try! Yams.serialize(node: map(root), indent: 2, width: -1, allowUnicode: true)
        return "# Samverkan agreement file; the format is described in docs/agreement-format.md\n" + body
    }

    private static func commitment(_ c: AgreementDocument.Commitment) -> Node {
        let refs: [Node] = c.principles.map(plain)
        let fields: [(String, Node?)] = [
            ("key", plain(c.key)), ("party", plain(c.party.rawValue)), ("text", text(c.text)),
            ("principles", Node.sequence(Node.Sequence(refs, .implicit, .flow))),
        ]
        return map(fields)
    }

    private static func area(_ a: AgreementDocument.DevelopmentArea) -> Node {
        map([
            ("key", plain(a.key)), ("name", text(a.name)), ("description", a.description.map(text)),
            ("activities", a.activities.isEmpty ? nil : .sequence(.init(a.activities.map { act in
                map([
                    ("title", text(act.title)), ("description", act.description.map(text)),
                    ("owner", plain(act.owner.rawValue)), ("responsible", act.responsible.map(text)),
                    ("startDate", act.startDate.map(date)), ("dueDate", act.dueDate.map(date)),
                    ("status", plain(act.status.rawValue)), ("indicator", act.indicator.map { plain($0.rawValue) }),
                ])
            }))),
        ])
    }

    private static func rule(_ r: AgreementDocument.Rule) -> Node {
        var fields: [(String, Node?)] = [("type", plain(r.type.rawValue))]
        switch r {
        case .meetingsPerYear(let kind, let minimum, _):
            fields += [("meetingKind", plain(kind.rawValue)), ("minimum", number(minimum))]
        case .followUp(let months, _), .planReview(let months, _):
            fields += [("everyMonths", number(months))]
        case .revisionDue(let d, _):
            fields += [("date", date(d))]
        case .responseTime(let percent, _):
            fields += [("minimumPercent", number(percent))]
        }
        fields.append(("note", r.note.map(text)))
        return map(fields)
    }

    private static func map(_ pairs: [(String, Node?)]) -> Node {
        .mapping(.init(pairs.compactMap { key, value in value.map { (plain(key), $0) } }))
    }

    private static func plain(_ s: String) -> Node { .scalar(.init(s, .implicit, .plain)) }
    private static func number(_ n: Int) -> Node { plain(String(n)) }
    private static func date(_ d: CalendarDate) -> Node { plain(d.description) }

    /// Free text: block style when it spans lines, otherwise quoted where YAML needs it,
    /// including text a reader would take for something else ("null", "yes", "12", a date).
    private static func text(_ s: String) -> Node {
        if s.contains("\n") { return .scalar(.init(s, .implicit, .literal)) }
        let plain = Node.scalar(.init(s))
        if Resolver.default.resolveTag(of: plain) != .str || s.isEmpty || s != s.trimmingCharacters(in: .whitespaces) {
            return .scalar(.init(s, .implicit, .doubleQuoted))
        }
        return .scalar(.init(s, .implicit, .any))
    }
}
