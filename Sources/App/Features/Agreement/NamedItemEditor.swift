import Fluent
import Vapor

/// A part of an agreement version with a name, a description, a key and a place in the order:
/// principles and development areas. Their editors differ only in words and addresses.
protocol NamedVersionItem: VersionItem {
    var key: String { get set }
    var position: Int { get set }
    var name: String { get set }
    var description: String? { get set }
    init(agreementID: UUID, key: String, position: Int, name: String, description: String?)
    static var agreementKey: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension Principle: NamedVersionItem {
    static var agreementKey: KeyPath<Principle, FieldProperty<Principle, UUID>> { \.$agreement.$id }
}

extension DevelopmentArea: NamedVersionItem {
    static var agreementKey: KeyPath<DevelopmentArea, FieldProperty<DevelopmentArea, UUID>> { \.$agreement.$id }
}

/// The new, edit and save handlers for one kind of named item; the words and addresses are its own.
struct NamedItemEditor<Item: NamedVersionItem>: Sendable {
    /// Catalogue keys: the headings of the new and the edit form, and the name field's label.
    let newHeading: String
    let editHeading: String
    let nameLabel: String
    /// The start of a new item's key when its name gives none.
    let keyFallback: String
    /// The version page's section to return to, with its `#`, or "".
    let anchor: String
    let createURL: @Sendable (Municipality, Agreement) -> String
    let itemURL: @Sendable (Municipality, Agreement, Item) -> String

    private func render(_ req: Request, _ m: Municipality, _ a: Agreement, item: Item?,
                        values: [String: String?], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let heading = t(item == nil ? newHeading : editHeading)
        func value(_ name: String) -> String { (values[name] ?? nil) ?? "" }
        let page = FormPage(
            chrome: req.chrome(title: heading), heading: heading,
            action: item.map { itemURL(m, a, $0) } ?? createURL(m, a),
            csrf: req.csrfToken,
            fields: [
                FormField(name: "name", label: t(nameLabel), kind: .text, value: value("name"),
                          error: errors["name"], required: true, maxLength: 200),
                FormField(name: "description", label: t("field.description"), kind: .textarea,
                          value: value("description"), error: errors["description"], maxLength: 2000),
            ],
            submitLabel: t("action.save"), cancelURL: SiteURL.adminVersion(m.slug, a.version) + anchor)
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    private enum Read {
        case valid(name: String, description: String?)
        case invalid(Response)
    }

    /// The name (required) and the description, or the form again with its errors.
    private func read(_ req: Request, _ m: Municipality, _ a: Agreement, item: Item?) async throws -> Read {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let name = check.required("name", max: 200)
        let description = check.optional("description", max: 2000)
        guard check.isValid, let name else {
            return .invalid(try await render(req, m, a, item: item, values: input.values, errors: check.errors))
        }
        return .valid(name: name, description: description)
    }

    func newForm(_ req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        return try await render(req, m, a, item: nil, values: [:], errors: [:])
    }

    func create(_ req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        switch try await read(req, m, a, item: nil) {
        case .invalid(let form): return form
        case .valid(let name, let description):
            let existing = try await Item.query(on: req.db).filter(Item.agreementKey == a.requireID()).all()
            let key = KeyMaker.key(from: name, taken: Set(existing.map(\.key)), fallback: keyFallback)
            try await Item(agreementID: a.requireID(), key: key, position: (existing.map(\.position).max() ?? 0) + 1,
                           name: name, description: description).create(on: req.db)
            return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + anchor)
        }
    }

    func editForm(_ req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let item = try await req.item(Item.self, in: a)
        return try await render(req, m, a, item: item, values: ["name": item.name, "description": item.description], errors: [:])
    }

    func save(_ req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let item = try await req.item(Item.self, in: a)
        switch try await read(req, m, a, item: item) {
        case .invalid(let form): return form
        case .valid(let name, let description):
            item.name = name
            item.description = description
            try await item.save(on: req.db)
            return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + anchor)
        }
    }
}
