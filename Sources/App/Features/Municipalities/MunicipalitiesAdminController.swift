import Fluent
import Vapor

/// `/admin/kommuner`: the platform administrator creates a municipality or region from the
/// browser (name, short name, kind) and goes on to invite its coordinators on its accounts page.
struct MunicipalitiesAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.municipalitiesAdmin, access: .platformAdmin, use: list)
        routes.on(.POST, SiteURL.municipalitiesAdmin, access: .platformAdmin, use: create)
    }

    /// Second segments under `/admin/` that are pages of their own, so no short name may be one.
    static let reservedUnderAdmin: Set<String> = ["kommuner", "logg"]

    struct Page: Encodable {
        struct Row: Encodable { let name: String; let kind: String; let slug: String; let publicURL: String; let accountsURL: String; let coordinators: Int }
        let chrome: Chrome
        let csrf: String
        let rows: [Row]
        let action: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
    }

    private func render(_ req: Request, values: [String: String] = [:], errors: [String: String] = [:]) async throws -> Response {
        let t = req.translator
        let all = try await Municipality.query(on: req.db).sort(\.$name).all()
        let coordinators = try await User.query(on: req.db).filter(\.$role == .coordinator).filter(\.$deactivatedAt == nil)
            .field(\.$id).field(\.$municipality.$id).all()
            .reduce(into: [UUID: Int]()) { counts, u in if let id = u.$municipality.id { counts[id, default: 0] += 1 } }
        func field(_ name: String, _ kind: FormField.Kind, hint: String? = nil, max: Int, options: [(value: String, label: String)] = []) -> FormField {
            var f = FormField.shown(name, label: t("tenants.field.\(name)"), kind: kind, values: values, errors: errors, hint: hint,
                                    required: true, maxLength: max, autocomplete: "off", options: options)
            f.idPrefix = "f"
            return f
        }
        let page = Page(
            chrome: req.chrome(title: t("tenants.title")), csrf: req.csrfToken,
            rows: all.map { m in
                .init(name: m.name, kind: t("tenants.kind.\(m.kind.rawValue)"), slug: m.slug, publicURL: SiteURL.municipality(m.slug),
                      accountsURL: SiteURL.accountsAdmin(m.slug), coordinators: coordinators[m.id!] ?? 0)
            },
            action: SiteURL.municipalitiesAdmin(),
            fields: [field("name", .text, hint: t("tenants.hint.name"), max: 200),
                     field("slug", .text, hint: t("tenants.hint.slug"), max: 60),
                     field("kind", .select, max: 20, options: Municipality.Kind.allCases.map { ($0.rawValue, t("tenants.kind.\($0.rawValue)")) })],
            errorSummary: FormPage.ErrorLink.summary(errors))
        return try await req.renderForm("municipalities/tenants", page, failed: !errors.isEmpty)
    }

    @Sendable func list(req: Request) async throws -> Response { try await render(req) }

    /// The short name becomes the first part of every address of the municipality, so it is
    /// a–z, 0–9 and hyphens, not one of the app's own addresses, and not taken.
    @Sendable func create(req: Request) async throws -> Response {
        let t = req.translator
        let input = FormInput(req)
        var check = FormValidation(input, t)
        let name = check.required("name", max: 200)
        let slug = check.required("slug", max: 60)?.lowercased()
        let kind = check.choice("kind", as: Municipality.Kind.self)
        if let slug {
            if !slug.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) || slug.hasPrefix("-") || slug.hasSuffix("-") {
                check.fail("slug", t("tenants.error.slugCharacters"))
            } else if Paths.reservedSlugs.contains(slug) || Self.reservedUnderAdmin.contains(slug) {
                check.fail("slug", t("tenants.error.slugReserved", slug))
            } else if try await Municipality.query(on: req.db).filter(\.$slug == slug).count() > 0 {
                check.fail("slug", t("tenants.error.slugTaken", slug))
            }
        }
        guard check.isValid, let name, let slug, let kind else { return try await render(req, values: input.values, errors: check.errors) }
        try await Municipality(slug: slug, name: name, kind: kind).create(on: req.db)
        req.flash(t("tenants.created", name))
        return req.redirect(to: SiteURL.accountsAdmin(slug))
    }
}
