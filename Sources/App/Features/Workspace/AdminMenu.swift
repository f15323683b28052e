import Foundation

/// The persistent menu of the admin pages: every area of one municipality that the person may
/// use, each with the access its route is registered with (a test holds the two together).
enum AdminMenu {
    struct Item: Sendable {
        let labelKey: String
        let access: Access
        /// The area's address for a municipality's slug and the current year.
        let url: @Sendable (_ slug: String, _ year: Int) -> String
        /// The pattern of the area's route, to check the access against the route table.
        let route: SiteURL
    }

    /// In the order a coordinator meets them over a year.
    static let items: [Item] = [
        .init(labelKey: "adminNav.agreement", access: .coordinator, url: { s, _ in SiteURL.adminMunicipality(s) }, route: .adminMunicipality),
        .init(labelKey: "adminNav.register", access: .staff, url: { s, _ in SiteURL.registerAdmin(s) }, route: .registerAdmin),
        .init(labelKey: "adminNav.accessions", access: .coordinator, url: { s, _ in SiteURL.accessions(s) }, route: .accessions),
        .init(labelKey: "adminNav.signing", access: .coordinator, url: { s, _ in SiteURL.signingEvent(s) }, route: .signingEvent),
        .init(labelKey: "adminNav.activityAreas", access: .coordinator, url: { s, _ in SiteURL.activityAreasAdmin(s) }, route: .activityAreasAdmin),
        .init(labelKey: "adminNav.council", access: .coordinator, url: { s, _ in SiteURL.councilAdmin(s) }, route: .councilAdmin),
        .init(labelKey: "adminNav.councilMaterial", access: .council, url: { s, _ in SiteURL.councilMaterial(s) }, route: .councilMaterial),
        .init(labelKey: "adminNav.news", access: .coordinator, url: { s, _ in SiteURL.newsAdmin(s) }, route: .newsAdmin),
        .init(labelKey: "adminNav.decisions", access: .coordinator, url: { s, _ in SiteURL.decisionsAdmin(s) }, route: .decisionsAdmin),
        .init(labelKey: "adminNav.support", access: .coordinator, url: { s, _ in SiteURL.supportAdmin(s) }, route: .supportAdmin),
        .init(labelKey: "adminNav.partnerships", access: .coordinator, url: { s, _ in SiteURL.partnershipsAdmin(s) }, route: .partnershipsAdmin),
        .init(labelKey: "adminNav.newsletter", access: .coordinator, url: { s, _ in SiteURL.newsletterAdmin(s) }, route: .newsletterAdmin),
        .init(labelKey: "adminNav.volunteering", access: .coordinator, url: { s, _ in SiteURL.volunteeringAdmin(s) }, route: .volunteeringAdmin),
        .init(labelKey: "adminNav.inquiries", access: .staff, url: { s, _ in SiteURL.inquiries(s) }, route: .inquiries),
        .init(labelKey: "adminNav.contact", access: .staff, url: { s, _ in SiteURL.contactAdmin(s) }, route: .contactAdmin),
        .init(labelKey: "adminNav.meetings", access: .staff, url: { s, _ in SiteURL.meetingsAdmin(s) }, route: .meetingsAdmin),
        .init(labelKey: "adminNav.rules", access: .coordinator, url: { s, _ in SiteURL.rulesAdmin(s) }, route: .rulesAdmin),
        .init(labelKey: "adminNav.actionPlan", access: .staff, url: { s, _ in SiteURL.actionPlanAdmin(s) }, route: .actionPlanAdmin),
        .init(labelKey: "adminNav.followUp", access: .coordinator, url: { s, _ in SiteURL.followUpAdmin(s) }, route: .followUpAdmin),
        .init(labelKey: "adminNav.annualReport", access: .coordinator, url: { s, y in SiteURL.annualReportAdmin(s, y) }, route: .annualReportAdmin),
        .init(labelKey: "adminNav.outbox", access: .coordinator, url: { s, _ in SiteURL.outbox(s) }, route: .outbox),
        .init(labelKey: "adminNav.translations", access: .coordinator, url: { s, _ in SiteURL.translationsAdmin(s) }, route: .translationsAdmin),
        .init(labelKey: "adminNav.trust", access: .coordinator, url: { s, _ in SiteURL.trustAdmin(s) }, route: .trustAdmin),
        .init(labelKey: "adminNav.accounts", access: .coordinator, url: { s, _ in SiteURL.accountsAdmin(s) }, route: .accountsAdmin),
        .init(labelKey: "adminNav.audit", access: .coordinator, url: { s, _ in SiteURL.auditLog(s) }, route: .auditLog),
    ]

    /// The menu for `user` in `municipality`: the start page first, then each area they may use.
    /// `path` marks the area the page belongs to (the longest address that begins it).
    /// On an organisation's own pages the menu adds that organisation's pages (`organisation`).
    static func links(user: User, municipality: Municipality?, organisation: UUID?, path: String, year: Int,
                      t: Translator) -> [Chrome.NavLink] {
        var entries: [(String, String)] = [(t("adminNav.start"), SiteURL.admin())]
        if user.role == .platformAdmin {
            entries.append((t("adminNav.tenants"), SiteURL.municipalitiesAdmin()))
            entries.append((t("adminNav.platformAudit"), SiteURL.platformAuditLog()))
        }
        if let m = municipality {
            for item in items where WorkspacePolicy.may(item.access, user: user, municipalityID: m.id) {
                entries.append((t(item.labelKey), item.url(m.slug, year)))
            }
        }
        if let m = municipality, let o = organisation {
            for (key, url) in [("adminNav.organisation", SiteURL.organisationAdmin(m.slug, o)),
                               ("adminNav.organisationDetails", SiteURL.organisationDetails(m.slug, o)),
                               ("adminNav.organisationPeople", SiteURL.organisationRepresentatives(m.slug, o)),
                               ("adminNav.organisationVolunteering", SiteURL.organisationAssignments(m.slug, o))] {
                entries.append((t(key), url))
            }
        }
        // The start page is current only on itself: every admin address begins with it.
        let section = entries.dropFirst().map(\.1).filter { path == $0 || path.hasPrefix($0 + "/") }.max { $0.count < $1.count }
            ?? (path == SiteURL.admin() ? SiteURL.admin() : nil)
        return entries.map { label, url in .init(label: label, url: url, current: url == section) }
    }

    /// Where the page stands: the start page, the area, an organisation's own page when the page
    /// belongs to one, and the page itself (not a link).
    static func breadcrumbs(menu: [Chrome.NavLink], path: String, title: String, organisation: (name: String, url: String)?) -> [Chrome.NavLink] {
        guard path != SiteURL.admin() else { return [] }
        var crumbs: [Chrome.NavLink] = []
        if let start = menu.first { crumbs.append(.init(label: start.label, url: start.url, current: false)) }
        // The area, unless it is the organisation's own page (which comes next under its name).
        if let section = menu.dropFirst().first(where: \.current), section.url != path, section.url != organisation?.url {
            crumbs.append(.init(label: section.label, url: section.url, current: false))
        }
        if let organisation, organisation.url != path {
            crumbs.append(.init(label: organisation.name, url: organisation.url, current: false))
        }
        crumbs.append(.init(label: title, url: path, current: true))
        return crumbs
    }
}
