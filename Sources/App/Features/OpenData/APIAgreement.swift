import Fluent
import SamverkanCore
import Vapor

/// An agreement version whole, as the API gives it: what the file format holds (`AgreementFile`)
/// without the contact person, and the translations of its texts with whether each is outdated.
enum APIAgreement {
    static let fields: [APIField] = [
        .init("municipality", .string, "The municipality's short name."),
        .init("version", .integer, "The version number."),
        .init("status", .choice(["inForce", "superseded"]), "Whether the version is in force."),
        .init("title", .string, "The agreement's title (Swedish, the text that applies)."),
        .init("subtitle", .string, "Its subtitle.", nullable: true),
        .init("purpose", .string, "What it is for.", nullable: true),
        .init("parties", .object([.init("municipality", .string, "What the agreement calls the municipality's side."),
                                  .init("civilSociety", .string, "What it calls the civil-society side.")]), "The two parties."),
        .init("adoptedBy", .string, "Who adopted it.", nullable: true),
        .init("adoptedOn", .date, "When it was adopted.", nullable: true),
        .init("referenceNumber", .string, "Its reference number (diarienummer).", nullable: true),
        .init("validFrom", .date, "From when it applies.", nullable: true),
        .init("validUntil", .date, "Until when; null: until further notice.", nullable: true),
        .init("revisionIntervalYears", .integer, "How often it is to be revised, in years.", nullable: true),
        .init("principles", .array(.object([.init("key", .string, "The principle's key."), .init("name", .string, "Its name."),
                                            .init("description", .string, "What it means.", nullable: true)])), "The principles, in order."),
        .init("commitments", .array(.object(APILists.commitments.fields.filter { $0.name != "position" && $0.name != "id" } + [
            .init("key", .string, "The commitment's key."),
        ])), "The commitments, in order."),
        .init("developmentAreas", .array(.object([
            .init("key", .string, "The area's key."), .init("name", .string, "Its name."),
            .init("description", .string, "What it covers.", nullable: true),
            .init("activities", .array(.object(APILists.actionPlan.fields.filter { ["title", "description", "owner", "responsible", "startDate", "dueDate", "status", "indicator"].contains($0.name) })),
                  "The action plan's activities in the area."),
        ])), "The development areas of the action plan."),
        .init("rules", .array(.object([.init("type", .choice(AgreementDocument.RuleType.allCases.map(\.rawValue)), "The kind of rule."),
                                       .init("description", .string, "The rule in words (Swedish)."),
                                       .init("note", .string, "The agreement's own wording, in short.", nullable: true)])),
              "The agreement's machine-checkable rules."),
        .init("translations", .map(.map(.object([.init("text", .string, "The translated text."),
                                                 .init("outdated", .boolean, "Whether the Swedish text changed after it was translated.")]))),
              "Per language code, the translated texts by their path in the agreement file (docs/agreement-format.md)."),
        .init("url", .uri, "The version's page."),
    ]

    static func value(_ s: AgreementSnapshot, municipality m: Municipality, t: Translator) -> APIValue {
        let d = s.document, a = s.agreement
        let swedish = d.swedishTexts
        let translations: [(String, APIValue)] = d.translations.keys.sorted().map { code in
            (code, .object(d.translations[code]!.keys.sorted().map { path in
                let tr = d.translations[code]![path]!
                return (path, .object([("text", .string(tr.text)), ("outdated", .bool(tr.translatedFrom != nil && tr.translatedFrom != swedish[path]))]))
            }))
        }
        let pairs: [(String, APIValue)] = [
            ("municipality", .string(m.slug)), ("version", .int(a.version)), ("status", .string(a.status == .inForce ? "inForce" : "superseded")),
            ("title", .string(d.title)), ("subtitle", .text(d.subtitle)), ("purpose", .text(d.purpose)),
            ("parties", .object([("municipality", .string(d.parties.municipality)), ("civilSociety", .string(d.parties.civilSociety))])),
            ("adoptedBy", .text(d.metadata.adoptedBy)), ("adoptedOn", .text(d.metadata.adoptedOn?.description)),
            ("referenceNumber", .text(d.metadata.referenceNumber)), ("validFrom", .text(d.metadata.validFrom?.description)),
            ("validUntil", .text(d.metadata.validUntil?.description)), ("revisionIntervalYears", .integer(d.metadata.revisionIntervalYears)),
            ("principles", .array(d.principles.map { .object([("key", .string($0.key)), ("name", .string($0.name)), ("description", .text($0.description))]) })),
            ("commitments", .array(d.commitments.map { c in
                .object([("party", .string(c.party.rawValue)), ("text", .string(c.text)), ("principles", .array(c.principles.map(APIValue.string))),
                         ("key", .string(c.key))])
            })),
            ("developmentAreas", .array(d.developmentAreas.map { area in
                .object([("key", .string(area.key)), ("name", .string(area.name)), ("description", .text(area.description)),
                         ("activities", .array(area.activities.map { act in
                             .object([("title", .string(act.title)), ("description", .text(act.description)), ("owner", .string(act.owner.rawValue)),
                                      ("responsible", .text(act.responsible)), ("startDate", .text(act.startDate?.description)),
                                      ("dueDate", .text(act.dueDate?.description)), ("status", .string(act.status.rawValue)),
                                      ("indicator", .text(act.indicator?.rawValue))])
                         }))])
            })),
            ("rules", .array(d.rules.map { rule in
                .object([("type", .string(rule.type.rawValue)), ("description", .string(RuleText.describe(rule, t))), ("note", .text(rule.note))])
            })),
            ("translations", .object(translations)),
            ("url", .string(a.status == .inForce ? SiteURL.agreement(m.slug) : SiteURL.agreementVersion(m.slug, a.version))),
        ]
        return .object(pairs)
    }
}
