import Fluent
import SamverkanCore
import Vapor

/// `/admin/{kommun}`: the versions of the agreement, and starting a revision.
struct AdminMunicipalityPage: Encodable, Sendable {
    struct Version: Encodable, Sendable {
        let number: Int
        let status: String
        let statusLabel: String
        let url: String
        let publishedAt: String?
    }
    let chrome: Chrome
    let name: String
    let csrf: String
    let versions: [Version]
    let draftURL: String?
    let revisionAction: String
    let canStartRevision: Bool

    static func query(db: any Database, municipality: Municipality, t: Translator) async throws -> [Version] {
        try await Agreement.query(on: db).filter(\.$municipality.$id == municipality.requireID())
            .sort(\.$version, .descending).all().map { a in
                Version(number: a.version, status: a.status.rawValue, statusLabel: t("version.status.\(a.status.rawValue)"),
                        url: SiteURL.adminVersion(municipality.slug, a.version),
                        publishedAt: a.publishedAt.map { String(ISO8601DateFormatter().string(from: $0).prefix(10)) })
            }
    }
}

/// `/admin/{kommun}/version/{n}`: one version with everything that can be edited in it.
struct AdminVersionPage: Encodable, Sendable {
    struct PrincipleRow: Encodable, Sendable {
        let name: String
        let editURL: String
        let moveAction: String
        let deleteAction: String
        let isFirst: Bool
        let isLast: Bool
        let commitmentCount: Int
    }
    struct CommitmentRow: Encodable, Sendable {
        let text: String
        let party: String
        let principles: String
        let editURL: String
        let deleteAction: String
    }
    struct ActivityRow: Encodable, Sendable {
        let title: String
        let status: String
        let dueDate: String?
        let editURL: String
        let deleteAction: String
    }
    struct RuleRow: Encodable, Sendable {
        let text: String
        let editURL: String
        let deleteAction: String
    }
    struct AreaRow: Encodable, Sendable {
        let name: String
        let editURL: String
        let deleteAction: String
        let newActivityURL: String
        let activities: [ActivityRow]
    }

    let chrome: Chrome
    let municipalityName: String
    let adminURL: String
    let version: Int
    let statusLabel: String
    let editable: Bool
    let isDraft: Bool
    let csrf: String
    let publicURL: String?
    let compareURL: String
    let metadataURL: String
    let publishAction: String
    let discardAction: String
    let title: String
    let metadata: [AgreementPage.Row]
    let principles: [PrincipleRow]
    let newPrincipleURL: String
    let commitments: [CommitmentRow]
    let newCommitmentURL: String
    let areas: [AreaRow]
    let newAreaURL: String
    let rules: [RuleRow]
    /// Only a draft's rules change (`RulesPolicy`); the page says how to change those in force.
    let rulesEditable: Bool
    let newRuleURL: String
    let rulesPageURL: String

    static func build(snapshot s: AgreementSnapshot, municipality m: Municipality, t: Translator,
                      chrome: Chrome, csrf: String) -> AdminVersionPage {
        let a = s.agreement
        let v = a.version
        let slug = m.slug
        let names = Dictionary(uniqueKeysWithValues: s.principles.map { ($0.id!, $0.name) })
        var uses: [UUID: Int] = [:]
        for ids in s.links.values { for id in ids { uses[id, default: 0] += 1 } }
        return AdminVersionPage(
            chrome: chrome, municipalityName: m.name, adminURL: SiteURL.adminMunicipality(slug),
            version: v, statusLabel: t("version.status.\(a.status.rawValue)"), editable: a.isEditable,
            isDraft: a.status == .draft, csrf: csrf,
            publicURL: a.status == .draft ? nil
                : (a.status == .inForce ? SiteURL.agreement(slug) : SiteURL.agreementVersion(slug, v)),
            compareURL: SiteURL.versionCompare(slug, v),
            metadataURL: SiteURL.versionMetadata(slug, v),
            publishAction: SiteURL.versionPublish(slug, v),
            discardAction: SiteURL.versionDiscard(slug, v),
            title: a.title,
            metadata: AgreementPage.metadataRows(a, t: t),
            principles: s.principles.enumerated().map { index, p in
                return PrincipleRow(name: p.name, editURL: SiteURL.principle(slug, v, p.id!),
                                    moveAction: SiteURL.principleMove(slug, v, p.id!), deleteAction: SiteURL.principleRemove(slug, v, p.id!),
                                    isFirst: index == 0, isLast: index == s.principles.count - 1,
                                    commitmentCount: uses[p.id!] ?? 0)
            },
            newPrincipleURL: SiteURL.principleNew(slug, v),
            commitments: s.commitments.map { c in
                return CommitmentRow(
                    text: c.text,
                    party: AgreementPage.partyName(Party(rawValue: c.party) ?? .both, a, t: t),
                    principles: (s.links[c.id!] ?? []).compactMap { names[$0] }.joined(separator: ", "),
                    editURL: SiteURL.commitment(slug, v, c.id!), deleteAction: SiteURL.commitmentRemove(slug, v, c.id!))
            },
            newCommitmentURL: SiteURL.commitmentNew(slug, v),
            areas: s.areas.map { area in
                return AreaRow(
                    name: area.name, editURL: SiteURL.area(slug, v, area.id!), deleteAction: SiteURL.areaRemove(slug, v, area.id!),
                    newActivityURL: SiteURL.activityNew(slug, v, area.id!),
                    activities: (s.activities[area.id!] ?? []).map { act in
                        return ActivityRow(title: act.title, status: t("status.\(act.status)"), dueDate: act.dueDate,
                                           editURL: SiteURL.activity(slug, v, area.id!, act.id!),
                                           deleteAction: SiteURL.activityRemove(slug, v, area.id!, act.id!))
                    })
            },
            newAreaURL: SiteURL.areaNew(slug, v),
            rules: s.rules.compactMap { r in
                r.document.map { RuleRow(text: AgreementPage.ruleText($0, t: t), editURL: SiteURL.versionRule(slug, v, r.id!),
                                         deleteAction: SiteURL.versionRuleRemove(slug, v, r.id!)) }
            },
            rulesEditable: RulesPolicy.mayChangeRules(of: a), newRuleURL: SiteURL.versionRuleNew(slug, v),
            rulesPageURL: SiteURL.rulesAdmin(slug)
        )
    }
}
