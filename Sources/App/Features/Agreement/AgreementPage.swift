import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/overenskommelse` and `/{kommun}/overenskommelse/version/{n}`.
struct AgreementPage: Encodable, Sendable {
    struct Row: Encodable, Sendable { let label: String; let value: String }
    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Item: Encodable, Sendable { let text: ShownText; let alsoUnder: String? }
    struct Group: Encodable, Sendable { let heading: String; let party: String; let commitments: [Item] }
    struct Block: Encodable, Sendable {
        let anchor: String
        let name: ShownText
        let description: ShownText?
        let groups: [Group]
    }
    struct VersionLink: Encodable, Sendable {
        let number: Int
        let url: String
        let label: String
        let isThisPage: Bool
    }
    struct Filter: Encodable, Sendable {
        let parties: [Option]
        let principles: [Option]
        let isActive: Bool
        let resetURL: String
    }

    /// What the reader asked to see; unknown values are ignored rather than refused.
    struct Selection: Sendable {
        var party: Party?
        var principleKey: String?
    }

    let chrome: Chrome
    let version: Int
    let isInForce: Bool
    let statusNote: String
    let inForceURL: String?
    let title: ShownText
    let subtitle: ShownText?
    /// The purpose in paragraphs (`FlowingText`), in the language `purposeLang`.
    let purpose: [String]?
    let purposeLang: String?
    /// In another language than Swedish: whether the texts are translated, and that the Swedish applies.
    let translationNote: String?
    let municipalityParty: String
    let civilSocietyParty: String
    let metadata: [Row]
    let filter: Filter
    let principles: [Block]
    /// nil when there is only one version (Leaf treats every array as true).
    let versions: [VersionLink]?
    /// The agreement's machine-checkable rules in words; nil when it has none.
    let rules: [String]?
    let shownCount: Int
    let totalCount: Int
    let signatoryCount: Int
    let signatoriesURL: String
    let changesURL: String

    /// Loads one published version (never a draft) and shapes it for the page.
    static func query(
        db: any Database, municipality: Municipality, version: Int?, selection: Selection, t: Translator, chrome: Chrome,
        today: CalendarDate
    ) async throws -> AgreementPage? {
        let all = try await Agreement.query(on: db).filter(\.$municipality.$id == municipality.requireID())
            .filter(\.$status != .draft).sort(\.$version, .descending).all()
        let agreement = version.map { v in all.first { $0.version == v } } ?? all.first { $0.status == .inForce }
        guard let agreement else { return nil }
        let snapshot = try await AgreementSnapshot.load(agreement, on: db)
        let texts = snapshot.texts(in: t.locale)
        let title = texts.text(agreement.id, "title", agreement.title)
        let subtitle = texts.text(agreement.id, "subtitle", optional: agreement.subtitle)
        let purpose = texts.text(agreement.id, "purpose", optional: agreement.purpose)
        let principles = blocks(snapshot, texts: texts, selection: selection, t: t)
        let shown: [ShownText?] = [title, subtitle, purpose] + principles.flatMap { b in [b.name, b.description] + b.groups.flatMap { $0.commitments.map(\.text) } }
        let slug = municipality.slug
        // The version in force whose term has ended: no revision has replaced it in time.
        let inForce = all.first { $0.status == .inForce }
        let expired = inForce?.validUntil.flatMap(CalendarDate.init).map { $0 < today } ?? false

        return AgreementPage(
            chrome: chrome,
            version: agreement.version,
            isInForce: agreement.status == .inForce && !expired,
            statusNote: agreement.status != .inForce ? t("agreement.version.superseded", String(agreement.version))
                : expired ? t("agreement.version.expired", String(agreement.version), agreement.validUntil ?? "")
                : t("agreement.version.inForce", String(agreement.version)),
            inForceURL: agreement.status == .inForce ? nil : SiteURL.agreement(slug),
            title: title, subtitle: subtitle, purpose: FlowingText.paragraphs(purpose?.text), purposeLang: purpose?.lang,
            translationNote: t.translationNote(shown),
            municipalityParty: agreement.municipalityParty, civilSocietyParty: agreement.civilSocietyParty,
            metadata: metadataRows(agreement, t: t),
            filter: filter(snapshot, selection: selection, t: t,
                           resetURL: version == nil ? SiteURL.agreement(slug) : SiteURL.agreementVersion(slug, agreement.version)),
            principles: principles,
            versions: all.map { a in
                .init(number: a.version,
                      url: a.status == .inForce ? SiteURL.agreement(slug) : SiteURL.agreementVersion(slug, a.version),
                      label: a.status == .inForce ? t(expired ? "agreement.version.labelLatest" : "agreement.version.labelInForce", String(a.version))
                          : t("agreement.version.label", String(a.version)),
                      isThisPage: a.id == agreement.id)
            }.nilIfSingle,
            rules: snapshot.rules.isEmpty ? nil : snapshot.rules.compactMap { $0.document.map { ruleText($0, t: t) } },
            shownCount: shownCount(snapshot, selection: selection),
            totalCount: snapshot.commitments.count,
            signatoryCount: try await Signatories.count(of: municipality, on: db),
            signatoriesURL: SiteURL.signatories(slug),
            changesURL: SiteURL.agreementChanges(slug)
        )
    }

    /// A rule in plain words, with the agreement's own wording after it when there is one.
    static func ruleText(_ rule: AgreementDocument.Rule, t: Translator) -> String {
        let text: String
        switch rule {
        case .meetingsPerYear(let kind, let minimum, _):
            let noun = t("meetingKind.\(kind.rawValue).\(minimum == 1 ? "one" : "other")")
            text = t("rule.meetingsPerYear", String(minimum), noun)
        case .followUp(let months, _):
            text = months == 12 ? t("rule.followUp.yearly") : t("rule.followUp", String(months))
        case .planReview(let months, _):
            text = t("rule.planReview", String(months))
        case .revisionDue(let date, _):
            text = t("rule.revisionDue", date.description)
        case .responseTime(let percent, _):
            text = t("rule.responseTime", String(percent))
        }
        return rule.note.map { "\(text) – \($0)" } ?? text
    }

    static func metadataRows(_ a: Agreement, t: Translator) -> [Row] {
        var rows: [Row] = []
        func add(_ key: String, _ value: String?) { if let value, !value.isEmpty { rows.append(.init(label: t(key), value: value)) } }
        add("agreement.meta.parties", "\(a.municipalityParty) · \(a.civilSocietyParty)")
        add("agreement.meta.adoptedBy", a.adoptedBy)
        add("agreement.meta.adoptedOn", a.adoptedOn)
        add("agreement.meta.referenceNumber", a.referenceNumber)
        add("agreement.meta.validFrom", a.validFrom)
        add("agreement.meta.validUntil", a.validUntil ?? t("agreement.untilFurtherNotice"))
        add("agreement.meta.revisionInterval", a.revisionIntervalYears.map { t("agreement.everyNYears", String($0)) })
        add("agreement.meta.documentOwner", a.documentOwner)
        let contact = [a.contactName, a.contactEmail, a.contactPhone].compactMap { $0 }.joined(separator: ", ")
        add("agreement.meta.contact", contact)
        return rows
    }

    private static func filter(_ s: AgreementSnapshot, selection: Selection, t: Translator, resetURL: String) -> Filter {
        let parties = [Option(value: "", label: t("filter.allParties"), selected: selection.party == nil)]
            + Party.allCases.map { p in
                Option(value: p.rawValue, label: partyName(p, s.agreement, t: t), selected: selection.party == p)
            }
        let principles = [Option(value: "", label: t("filter.allPrinciples"), selected: selection.principleKey == nil)]
            + s.principles.map { Option(value: $0.key, label: $0.name, selected: selection.principleKey == $0.key) }
        return Filter(parties: parties, principles: principles,
                      isActive: selection.party != nil || selection.principleKey != nil, resetURL: resetURL)
    }

    static func partyName(_ party: Party, _ a: Agreement, t: Translator) -> String {
        switch party {
        case .municipality: a.municipalityParty
        case .civilSociety: a.civilSocietyParty
        case .both: t("party.both")
        }
    }

    private static func blocks(_ s: AgreementSnapshot, texts: TranslatedTexts, selection: Selection, t: Translator) -> [Block] {
        let id = s.agreement.id
        let nameByID = Dictionary(uniqueKeysWithValues: s.principles.compactMap { p in
            p.id.map { ($0, texts.text(id, "principles.\(p.key).name", p.name).text) }
        })
        return s.principles.filter { selection.principleKey == nil || $0.key == selection.principleKey }.map { principle in
            let mine = s.commitments.filter { c in c.id.flatMap { s.links[$0] }?.contains(principle.id!) ?? false }
            let groups: [Group] = Party.allCases.filter { selection.party == nil || selection.party == $0 }.compactMap { party in
                let items = mine.filter { $0.party == party.rawValue }.map { c in
                    let others = (s.links[c.id!] ?? []).filter { $0 != principle.id }.compactMap { nameByID[$0] }
                    return Item(text: texts.text(id, "commitments.\(c.key).text", c.text),
                                alsoUnder: others.isEmpty ? nil : t("agreement.alsoUnder", others.joined(separator: ", ")))
                }
                guard !items.isEmpty else { return nil }
                let heading = party == .both ? t("agreement.commitments.both")
                    : t("agreement.commitments.of", partyName(party, s.agreement, t: t))
                return Group(heading: heading, party: party.rawValue, commitments: items)
            }
            return Block(anchor: "princip-\(principle.key)", name: texts.text(id, "principles.\(principle.key).name", principle.name),
                         description: texts.text(id, "principles.\(principle.key).description", optional: principle.description), groups: groups)
        }
    }

    private static func shownCount(_ s: AgreementSnapshot, selection: Selection) -> Int {
        let principleID = selection.principleKey.flatMap { key in s.principles.first { $0.key == key }?.id }
        return s.commitments.filter { c in
            (selection.party == nil || c.party == selection.party?.rawValue)
                && (selection.principleKey == nil || (principleID.map { (s.links[c.id!] ?? []).contains($0) } ?? false))
        }.count
    }
}
