import Vapor

/// What the layout needs on every page: language, title, who is logged in, navigation.
struct Chrome: Encodable, Sendable {
    struct LanguageLink: Encodable, Sendable {
        let code: String
        let label: String
        let url: String
        let current: Bool
    }

    struct NavLink: Encodable, Sendable {
        let label: String
        let url: String
        let current: Bool
    }

    struct UserSummary: Encodable, Sendable {
        let name: String
        let email: String
        let roleLabel: String
    }

    let lang: String
    /// `rtl` for Arabic, else `ltr`.
    let dir: String
    let title: String
    let user: UserSummary?
    let csrf: String?
    /// The languages this page is offered in (a municipality's choice on its pages), each named
    /// in itself; the current one marked.
    let languages: [LanguageLink]
    let municipalityName: String?
    let municipalityURL: String?
    let nav: [NavLink]
    /// On admin pages: the areas this person may use, instead of the public navigation.
    var adminNav: [NavLink] = []
    /// On admin pages: where the page stands, the page itself last.
    var breadcrumbs: [NavLink] = []
    /// On a municipality's pages: its accessibility statement and notice on personal data.
    var trustLinks: [NavLink] = []
    /// On a municipality's pages with a colour of its own: the stylesheet that sets it.
    var accentStylesheet: String? = nil
    /// On a municipality's pages with a logo: its address and size, shown before the name.
    var logo: Logo? = nil
    struct Logo: Encodable, Sendable { let url: String; let width: Int; let height: Int }
    /// On a page that shows a list of the open data: the list as JSON and as CSV.
    var dataLinks: DataLinks? = nil
    struct DataLinks: Encodable, Sendable { let json: String; let csv: String; let openData: String }
    /// On a municipality's pages: whom to contact ("Kontakt: … , e-post").
    var contactLine: String? = nil
    let flash: String?
    let stylesheet: String
    /// The addresses every page links to.
    var homeURL = SiteURL.home()
    var adminURL = SiteURL.admin()
    var accountURL = SiteURL.account()
    var loginURL = SiteURL.login()
    var logoutURL = SiteURL.logout()
    /// The layout around the page's content, written from the fields above (`Chrome+Layout`).
    private(set) var headBeforeTitle = ""
    private(set) var headAfterTitle = ""
    private(set) var foot = ""

    /// Writes the layout's strings from the other fields.
    fileprivate mutating func layOut(_ t: Translator) {
        headBeforeTitle = Chrome.headBeforeTitle(self)
        headAfterTitle = Chrome.headAfterTitle(self, t)
        foot = Chrome.foot(self, t)
    }

    static let flashKey = "flash"
}

extension Request {
    /// Builds the layout context. `municipality` adds that municipality's navigation.
    func chrome(title: String, municipality: Municipality? = nil) -> Chrome {
        let query = url.query.map { $0.split(separator: "&").filter { !$0.hasPrefix("lang=") }.joined(separator: "&") } ?? ""
        let path = url.path
        let offered = (municipality ?? loadedMunicipality)?.offeredLanguages ?? Language.allCases
        let languages = offered.map { language in
            Chrome.LanguageLink(code: language.rawValue, label: language.nativeName,
                                url: "\(path)?\(query)\(query.isEmpty ? "" : "&")lang=\(language.rawValue)", current: language == locale)
        }
        var nav: [Chrome.NavLink] = []
        if let m = municipality {
            let links: [(String, String)] = [
                ("nav.start", SiteURL.municipality(m.slug)),
                ("nav.agreement", SiteURL.agreement(m.slug)),
                ("nav.news", SiteURL.news(m.slug)),
                ("nav.decisions", SiteURL.decisions(m.slug)),
                ("nav.support", SiteURL.support(m.slug)),
                ("nav.partnerships", SiteURL.partnerships(m.slug)),
                ("nav.newsletter", SiteURL.newsletter(m.slug)),
                ("nav.volunteering", SiteURL.assignments(m.slug)),
                ("nav.developmentAreas", SiteURL.developmentAreas(m.slug)),
                ("nav.organisations", SiteURL.catalogue(m.slug)),
                ("nav.signatories", SiteURL.signatories(m.slug)),
                ("nav.meetings", SiteURL.meetings(m.slug)),
                ("nav.council", SiteURL.council(m.slug)),
                ("nav.rules", SiteURL.rules(m.slug)),
                ("nav.followUp", SiteURL.followUpIndex(m.slug)),
                ("nav.contact", SiteURL.contact(m.slug)),
            ]
            nav = links.map { key, url in .init(label: t(key), url: url, current: path == url) }
        }
        var adminNav: [Chrome.NavLink] = []
        var breadcrumbs: [Chrome.NavLink] = []
        if let user = currentUser, path == SiteURL.admin() || path.hasPrefix(SiteURL.admin() + "/") {
            let m = municipality ?? loadedMunicipality
            let o = m == nil ? nil : loadedOrganisation
            adminNav = AdminMenu.links(user: user, municipality: m, organisation: o?.id, path: path,
                                       year: application.clock.today.year, t: translator)
            breadcrumbs = AdminMenu.breadcrumbs(menu: adminNav, path: path, title: title,
                                                organisation: o.flatMap { o in m.map { (o.name, SiteURL.organisationAdmin($0.slug, o.id!)) } })
            nav = []
        }
        var flash: String?
        if isSignedIn, let message = session.data[Chrome.flashKey] {
            flash = message
            session.data[Chrome.flashKey] = nil
        } else if !isSignedIn {
            flash = visitor?.takeFlash()
        }
        var chrome = Chrome(
            lang: locale.rawValue,
            dir: locale.direction,
            title: title,
            user: currentUser.map { .init(name: $0.name, email: $0.email, roleLabel: t("role.\($0.role.rawValue)")) },
            csrf: currentUser == nil ? nil : csrfToken,
            languages: languages,
            municipalityName: municipality?.name,
            municipalityURL: municipality.map { SiteURL.municipality($0.slug) },
            nav: nav,
            adminNav: adminNav,
            breadcrumbs: breadcrumbs,
            flash: flash,
            stylesheet: application.staticFiles?.versioned(Paths.stylesheet) ?? Paths.stylesheet
        )
        if let m = municipality ?? loadedMunicipality {
            chrome.trustLinks = [.init(label: t("trust.accessibility.link"), url: SiteURL.accessibility(m.slug), current: path == SiteURL.accessibility(m.slug)),
                                 .init(label: t("trust.privacy.link"), url: SiteURL.privacy(m.slug), current: path == SiteURL.privacy(m.slug)),
                                 .init(label: t("openData.link"), url: SiteURL.openData(m.slug), current: path == SiteURL.openData(m.slug))]
            if adminNav.isEmpty, let list = APILists.all.first(where: { $0.page?(m.slug) == path }) {
                chrome.dataLinks = .init(json: list.url(m.slug), csv: list.url(m.slug) + ".csv", openData: SiteURL.openData(m.slug))
            }
            let contact = [m.contactName, m.contactEmail, m.contactPhone].compactMap { $0 }
            chrome.contactLine = contact.isEmpty ? nil : t("trust.footerContact", m.name, contact.joined(separator: ", "))
            if let url = LogoController.url(m), let w = m.logoWidth, let h = m.logoHeight {
                chrome.logo = .init(url: url, width: w, height: h)
            }
            chrome.accentStylesheet = m.accentColour.map { SiteURL.accentStylesheet(m.slug) + "?v=" + $0.replacingOccurrences(of: "#", with: "") }
        }
        chrome.layOut(translator)
        return chrome
    }

    /// Shows `message` once, on the next page this person sees (kept in the session when logged
    /// in, else in a signed cookie).
    func flash(_ message: String) {
        if isSignedIn {
            session.data[Chrome.flashKey] = message
        } else {
            visitor?.setFlash(message)
        }
    }
}
