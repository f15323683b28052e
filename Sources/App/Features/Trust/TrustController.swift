import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/tillganglighet` and `/{kommun}/personuppgifter`, and the coordinator's editor at
/// `/admin/{kommun}/webbplatsen`.
struct TrustController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.accessibility, access: .anyone, use: accessibility)
        routes.on(.GET, SiteURL.privacy, access: .anyone, use: privacy)
        routes.on(.GET, SiteURL.trustAdmin, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.trustAdmin, access: .coordinator, use: save)
        routes.on(.GET, SiteURL.accentStylesheet, access: .anyone, use: accentStylesheet)
    }

    /// The lowest contrast the colour may have against the white text of the header and the white
    /// page behind the links (WCAG 2.1, 1.4.3).
    static let minimumContrast = 4.5

    @Sendable func accentStylesheet(req: Request) async throws -> Response {
        let m = try await req.municipality()
        var css = ""
        if let colour = m.accentColour.flatMap(Contrast.normalised), let dark = Contrast.darker(colour) {
            css = ":root { --brand: \(colour); --brand-dark: \(dark); }\n"
        }
        let response = Response(status: .ok, body: .init(string: css))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        // The address carries the colour (`?v=`), so a new colour is a new address.
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=86400")
        return response
    }

    struct Page: Encodable {
        let chrome: Chrome
        let heading: String
        let paragraphs: [String]
        let reviewedOn: String?
        let contact: TrustDetails.Contact
        let hasContact: Bool
        let otherPage: Chrome.NavLink
        /// On the page on personal data: what erasure does with each kind of data, and how long it lives.
        let rules: Rules?
        struct Rules: Encodable { let deleted: [String]; let anonymised: [String]; let kept: [String]; let retention: [String] }
    }

    private func page(_ req: Request, accessibility: Bool) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator
        let details = try await TrustDetails.load(m, on: req.db, t: t, config: req.application.config)
        let heading = t(accessibility ? "trust.accessibility.title" : "trust.privacy.title", m.name)
        let contact = details.contact
        var rules: Page.Rules?
        if !accessibility {
            let r = PrivacyController.rules(t)
            rules = Page.Rules(deleted: r.deleted, anonymised: r.anonymised, kept: r.kept,
                               retention: PersonalData.tables.compactMap(\.retention).map { t("privacy.retention.\($0)") })
        }
        return try await req.view.render("trust/statement", Page(
            chrome: req.chrome(title: heading, municipality: m), heading: heading,
            paragraphs: accessibility ? details.accessibility : details.privacy,
            reviewedOn: accessibility ? details.reviewedOn.map { t("trust.accessibility.reviewed", $0) } : nil,
            contact: contact, hasContact: contact.name != nil || contact.email != nil || contact.phone != nil || contact.address != nil,
            otherPage: accessibility ? .init(label: t("trust.privacy.link"), url: SiteURL.privacy(m.slug), current: false)
                                     : .init(label: t("trust.accessibility.link"), url: SiteURL.accessibility(m.slug), current: false),
            rules: rules))
    }

    @Sendable func accessibility(req: Request) async throws -> View { try await page(req, accessibility: true) }
    @Sendable func privacy(req: Request) async throws -> View { try await page(req, accessibility: false) }

    private func render(_ req: Request, _ m: Municipality, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        func field(_ name: String, _ key: String, _ kind: FormField.Kind, hint: String? = nil, max: Int, rows: Int = 6,
                   autocomplete: String? = nil) -> FormField {
            var f = FormField.shown(name, label: t(key), kind: kind, values: values, errors: errors, hint: hint, maxLength: max, rows: rows,
                                    autocomplete: autocomplete)
            f.idPrefix = "f"
            return f
        }
        var page = FormPage(
            chrome: req.chrome(title: t("trust.admin.title"), municipality: m), heading: t("trust.admin.title"),
            intro: t("trust.admin.intro"),
            action: SiteURL.trustAdmin(m.slug), csrf: req.csrfToken, fields: [
                field("contactName", "trust.field.contactName", .text, hint: t("trust.hint.contactName"), max: 200),
                field("contactEmail", "trust.field.contactEmail", .email, max: 254),
                field("contactPhone", "trust.field.contactPhone", .text, max: 50),
                field("contactAddress", "trust.field.contactAddress", .textarea, max: 500, rows: 3),
                field("accentColour", "trust.field.accentColour", .text, hint: t("trust.hint.accentColour"), max: 7),
                field("inquiryTargetDays", "trust.field.inquiryTargetDays", .number, hint: t("trust.hint.inquiryTargetDays"), max: 2),
                field("inquiryRetentionMonths", "trust.field.inquiryRetentionMonths", .number, hint: t("trust.hint.inquiryRetentionMonths"), max: 3),
                field("dataController", "trust.field.dataController", .text, hint: t("trust.hint.dataController", m.name), max: 200),
                field("accessibilityStatement", "trust.field.accessibility", .textarea, hint: t("trust.hint.defaultText"), max: 20_000, rows: 12),
                field("accessibilityReviewedOn", "trust.field.reviewedOn", .date, max: 10),
                field("privacyNotice", "trust.field.privacy", .textarea, hint: t("trust.hint.defaultText"), max: 20_000, rows: 12),
            ], submitLabel: t("action.save"), cancelURL: SiteURL.admin())
        page.related = [.init(label: t("trust.admin.logoLink"), url: SiteURL.logoAdmin(m.slug), current: false)]
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        // The default texts are filled in, so the coordinator edits them rather than starting from nothing.
        let controller = m.dataController ?? m.name
        let values = [
            "contactName": m.contactName ?? "", "contactEmail": m.contactEmail ?? "", "contactPhone": m.contactPhone ?? "",
            "contactAddress": m.contactAddress ?? "", "dataController": m.dataController ?? "", "accentColour": m.accentColour ?? "",
            "inquiryTargetDays": String(m.answerTargetDays), "inquiryRetentionMonths": String(m.retentionMonths),
            "accessibilityStatement": m.accessibilityStatement ?? TrustDetails.defaultAccessibility(m, t: t).joined(separator: "\n\n"),
            "accessibilityReviewedOn": m.accessibilityReviewedOn ?? "",
            "privacyNotice": m.privacyNotice ?? TrustDetails.defaultPrivacy(m, controller: controller, t: t, config: req.application.config)
                .joined(separator: "\n\n"),
        ]
        return try await render(req, m, values: values, errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        let input = FormInput(req)
        var check = FormValidation(input, t)
        let name = check.optional("contactName", max: 200)
        let email = check.email("contactEmail")
        let phone = check.optional("contactPhone", max: 50)
        let address = check.optional("contactAddress", max: 500)
        let controller = check.optional("dataController", max: 200)
        let colour = check.optional("accentColour", max: 7)
        if let colour {
            if let ratio = Contrast.ratio(colour, "#ffffff") {
                if ratio < Self.minimumContrast {
                    let written = String(format: "%.1f", ratio)
                    check.fail("accentColour", t("trust.error.contrast", req.locale == .sv ? written.replacingOccurrences(of: ".", with: ",") : written))
                }
            } else {
                check.fail("accentColour", t("trust.error.colour"))
            }
        }
        let targetDays = (input["inquiryTargetDays"] ?? "").isEmpty ? nil : check.integer("inquiryTargetDays", in: 1...60)
        let retention = (input["inquiryRetentionMonths"] ?? "").isEmpty ? nil : check.integer("inquiryRetentionMonths", in: 1...240)
        let accessibility = check.optional("accessibilityStatement", max: 20_000)
        let reviewed = check.date("accessibilityReviewedOn")
        let privacy = check.optional("privacyNotice", max: 20_000)
        guard check.isValid else { return try await render(req, m, values: input.values, errors: check.errors) }
        m.contactName = name
        m.contactEmail = email
        m.contactPhone = phone
        m.contactAddress = address
        m.dataController = controller
        m.accentColour = colour.flatMap(Contrast.normalised)
        m.inquiryTargetDays = targetDays
        m.inquiryRetentionMonths = retention
        // A text left as the default stays the default, so it follows improvements to it.
        let defaultAccessibility = TrustDetails.defaultAccessibility(m, t: t)
        m.accessibilityStatement = accessibility.flatMap { FlowingText.paragraphs($0) == defaultAccessibility ? nil : $0 }
        m.accessibilityReviewedOn = reviewed?.description
        let defaultPrivacy = TrustDetails.defaultPrivacy(m, controller: controller ?? m.name, t: t, config: req.application.config)
        m.privacyNotice = privacy.flatMap { FlowingText.paragraphs($0) == defaultPrivacy ? nil : $0 }
        try await m.save(on: req.db)
        req.flash(t("action.saved"))
        return req.redirect(to: SiteURL.trustAdmin(m.slug))
    }
}
