import Fluent
import SamverkanCore
import Vapor

/// The council as the public sees it (sitting members, balance, history) and as the coordinator keeps it.
struct CouncilPage: Encodable {
    struct Member: Encodable {
        let name: String
        let role: String
        let side: String
        let affiliation: String
        let term: String
        let editURL: String
        let removeAction: String
    }

    let chrome: Chrome
    let csrf: String
    let exists: Bool
    let name: String
    let description: String?
    let councilFields: [FormField]
    let current: [Member]?
    let past: [Member]?
    let balance: String?
    let unbalanced: Bool
    let adminURL: String?
    let meetingsURL: String
    let saveAction: String
    let newMemberURL: String
    let publicURL: String

    /// Three queries.
    static func query(_ req: Request, _ m: Municipality, today: String, admin: Bool) async throws -> CouncilPage {
        let t = req.translator
        let council = try await Council.query(on: req.db).filter(\.$municipality.$id == m.requireID()).first()
        var members: [CouncilMember] = []
        if let council {
            members = try await CouncilMember.query(on: req.db).filter(\.$council.$id == council.requireID()).all()
        }
        func view(_ x: CouncilMember) -> Member {
            Member(name: x.name, role: t("council.role.\(x.role.rawValue)"), side: t("council.side.\(x.party.rawValue)"),
                   affiliation: x.affiliation, term: x.termStart + " – " + (x.termEnd ?? ""),
                   editURL: SiteURL.councilMember(m.slug, x.id!),
                   removeAction: SiteURL.councilMemberRemove(m.slug, x.id!))
        }
        let sitting = CouncilMember.sitting(members, on: today)
        let past: [CouncilMember] = members.filter { ($0.termEnd ?? "9999") < today }.sorted { a, b in
            (a.termEnd ?? "", a.name) > (b.termEnd ?? "", b.name)
        }
        let coming: [CouncilMember] = admin ? members.filter { $0.termStart > today } : []
        // Balance counts the seats that vote: deputies stand in for others.
        let voting = sitting.filter { $0.role != CouncilMember.Role.deputy }
        let fromMunicipality = voting.filter { $0.party == Party.municipality }.count
        let fromCivilSociety = voting.filter { $0.party == Party.civilSociety }.count
        let balanced = fromMunicipality == fromCivilSociety
        let balance = voting.isEmpty ? nil : t(balanced ? "council.balanced" : "council.unbalanced",
                                              String(fromMunicipality), String(fromCivilSociety))
        let isCoordinator = CouncilPolicy.mayEdit(req.currentUser, municipalityID: m.id)
        return CouncilPage(
            chrome: req.chrome(title: admin ? t("council.adminTitle") : (council?.name ?? t("council.defaultName")), municipality: m),
            csrf: admin ? req.csrfToken : "", exists: council != nil, name: council?.name ?? t("council.defaultName"),
            description: council?.description,
            councilFields: [
                FormField(name: "name", label: t("council.councilName"), kind: .text, value: council?.name ?? t("council.defaultName"),
                          hint: t("council.councilNameHint"), required: true, maxLength: 100),
                FormField(name: "description", label: t("council.description"), kind: .textarea, value: council?.description ?? "",
                          maxLength: 2000, rows: 3),
            ],
            current: sitting.isEmpty && coming.isEmpty ? nil : (sitting + coming).map(view),
            past: past.isEmpty ? nil : past.map(view), balance: balance, unbalanced: !balanced,
            adminURL: isCoordinator && !admin ? SiteURL.councilAdmin(m.slug) : nil, meetingsURL: SiteURL.meetings(m.slug),
            saveAction: SiteURL.councilAdmin(m.slug), newMemberURL: SiteURL.councilMemberNew(m.slug),
            publicURL: SiteURL.council(m.slug))
    }
}

extension CouncilMember {
    /// The members sitting on `today`: the chair first, then the vice chair, members and deputies,
    /// each side together, by name.
    static func sitting(_ members: [CouncilMember], on today: String) -> [CouncilMember] {
        let order: [Role] = [.chair, .viceChair, .member, .deputy]
        func rank(_ x: CouncilMember) -> Int { order.firstIndex(of: x.role) ?? order.count }
        return members.filter { $0.sits(on: today) }.sorted { a, b in
            (rank(a), a.party.rawValue, a.name) < (rank(b), b.party.rawValue, b.name)
        }
    }
}
