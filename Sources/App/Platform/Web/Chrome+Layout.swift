/// The page around every page's content, written once here: pages written with `HTML` append
/// it directly, and Leaf's `partials/layout` shows the same strings with `#unsafeHTML`, so there is
/// one layout whichever way a page is rendered.
extension Chrome {
    /// The document up to the title's text.
    static func headBeforeTitle(_ c: Chrome) -> String {
        var h = HTML(capacity: 256)
        h.raw("<!doctype html>\n<html")
        h.attribute("lang", c.lang)
        h.attribute("dir", c.dir)
        h.raw(">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        return h.string
    }

    /// Everything after the title's text up to the page's content: the rest of the document head,
    /// the header with its navigation, the opening of `<main>` and the flash message. (A page whose
    /// form failed puts "Fel:" before its title, so the title is not part of this.)
    static func headAfterTitle(_ c: Chrome, _ t: Translator) -> String {
        var h = HTML(capacity: 4_096)
        h.raw(" – Samverkan</title>\n<link rel=\"stylesheet\"")
        h.attribute("href", c.stylesheet)
        h.raw(">\n")
        if let accent = c.accentStylesheet {
            h.raw("<link rel=\"stylesheet\"")
            h.attribute("href", accent)
            h.raw(">\n")
        }
        h.raw("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">")
        h.text(t("layout.skip"))
        h.raw("</a>\n<header class=\"site-header\">\n  <div class=\"bar\">\n    ")
        h.link(c.homeURL, "Samverkan", ["class": "brand"])
        h.raw("\n")
        if let name = c.municipalityName, let url = c.municipalityURL {
            h.raw("    ")
            if let logo = c.logo {
                // The name beside it says what the link is: the picture is decoration (alt="").
                h.raw("<a class=\"current-municipality\"")
                h.attribute("href", url)
                h.raw("><img")
                h.attribute("src", logo.url)
                h.raw(" alt=\"\"")
                h.attribute("width", String(logo.width))
                h.attribute("height", String(logo.height))
                h.raw(">")
                h.text(name)
                h.raw("</a>")
            } else {
                h.link(url, name, ["class": "current-municipality"])
            }
            h.raw("\n")
        }
        h.raw("    <div class=\"account\">\n      ")
        h.raw("<nav class=\"languages\"")
        h.attribute("aria-label", t("layout.languages"))
        h.raw("><ul>")
        for language in c.languages {
            h.raw("<li>")
            if language.current {
                h.raw("<a")
                h.attribute("href", language.url)
                h.attribute("lang", language.code)
                h.raw(" aria-current=\"true\">")
                h.text(language.label)
                h.raw("</a>")
            } else {
                h.link(language.url, language.label, ["lang": language.code, "hreflang": language.code])
            }
            h.raw("</li>")
        }
        h.raw("</ul></nav>\n")
        if let user = c.user {
            h.raw("      ")
            h.link(c.adminURL, t("layout.admin"))
            h.raw("\n      ")
            h.link(c.accountURL, t("layout.account"))
            h.raw("\n      <form method=\"post\"")
            h.attribute("action", c.logoutURL)
            h.raw(" class=\"inline\">\n        <input type=\"hidden\" name=\"_csrf\"")
            h.attribute("value", c.csrf ?? "")
            h.raw(">\n        <button type=\"submit\" class=\"link-button\">")
            h.text(t("layout.logout", user.name))
            h.raw("</button>\n      </form>\n")
        } else {
            h.raw("      ")
            h.link(c.loginURL, t("layout.login"))
            h.raw("\n")
        }
        h.raw("    </div>\n  </div>\n")
        if !c.nav.isEmpty {
            h.navigation(class: "municipality-nav", label: t("layout.municipalityNav"), c.nav) { _ in "page" }
        }
        if !c.adminNav.isEmpty {
            // The area of a deeper page is marked as the current one of a set, not as the page.
            h.navigation(class: "admin-nav", label: t("layout.adminNav"), c.adminNav) { link in
                c.breadcrumbs.isEmpty || c.breadcrumbs.last?.url == link.url ? "page" : "true"
            }
        }
        h.raw("</header>\n<main id=\"main\" tabindex=\"-1\">\n")
        if !c.breadcrumbs.isEmpty {
            h.raw("  <nav class=\"breadcrumbs\"")
            h.attribute("aria-label", t("layout.breadcrumbs"))
            h.raw("><ol>")
            for crumb in c.breadcrumbs {
                h.raw("<li>")
                if crumb.current {
                    h.raw("<span aria-current=\"page\">")
                    h.text(crumb.label)
                    h.raw("</span>")
                } else {
                    h.link(crumb.url, crumb.label)
                }
                h.raw("</li>")
            }
            h.raw("</ol></nav>\n")
        }
        if let flash = c.flash {
            h.raw("  <div class=\"flash\" role=\"status\">")
            h.text(flash)
            h.raw("</div>\n")
        }
        return h.string
    }

    /// Everything after the page's content.
    static func foot(_ c: Chrome, _ t: Translator) -> String {
        var h = HTML(capacity: 512)
        if let data = c.dataLinks {
            h.raw("\n<p class=\"data-links\">")
            h.text(t("openData.thisList"))
            h.raw(" ")
            h.link(data.json, "JSON", ["type": "application/json"])
            h.raw(" · ")
            h.link(data.csv, "CSV", ["type": "text/csv"])
            h.raw(" · ")
            h.link(data.openData, t("openData.link"))
            h.raw("</p>")
        }
        h.raw("\n</main>\n<footer class=\"site-footer\">\n")
        if let contact = c.contactLine {
            h.raw("  <p>")
            h.text(contact)
            h.raw("</p>\n")
        }
        if !c.trustLinks.isEmpty {
            h.raw("  <ul class=\"footer-links\">")
            for link in c.trustLinks {
                h.raw("<li>")
                h.link(link.url, link.label, link.current ? ["aria-current": "page"] : [:])
                h.raw("</li>")
            }
            h.raw("</ul>\n")
        }
        h.raw("  <p>")
        h.text(t("layout.footer"))
        h.raw("</p>\n</footer>\n</body>\n</html>\n")
        return h.string
    }
}

extension HTML {
    /// A navigation bar of links; `current` gives the `aria-current` value of the current one.
    fileprivate mutating func navigation(class name: String, label: String, _ links: [Chrome.NavLink],
                                         current: (Chrome.NavLink) -> String) {
        raw("  <nav class=\"\(name)\"")
        attribute("aria-label", label)
        raw(">\n    <ul>\n      ")
        for link in links {
            raw("<li>")
            self.link(link.url, link.label, link.current ? ["aria-current": current(link)] : [:])
            raw("</li>")
        }
        raw("\n    </ul>\n  </nav>\n")
    }

    /// A whole page: the layout of `chrome` around what `body` writes.
    mutating func page(_ chrome: Chrome, body: (inout HTML) -> Void) {
        raw(chrome.headBeforeTitle)
        text(chrome.title)
        raw(chrome.headAfterTitle)
        body(&self)
        raw(chrome.foot)
    }
}
