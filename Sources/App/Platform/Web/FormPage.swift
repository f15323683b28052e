import Vapor

/// One field of a form page: the template renders label, hint, error and control from it.
struct FormField: Encodable, Sendable {
    enum Kind: String, Encodable, Sendable {
        case text, email, date, time, url, number, password, textarea, select, checkboxes, radios, file
    }
    struct Option: Encodable, Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    let name: String
    let label: String
    let kind: Kind
    var value: String = ""
    var hint: String? = nil
    var error: String? = nil
    var required: Bool = false
    var options: [Option] = []
    var maxLength: Int? = nil
    var rows: Int = 6
    var autocomplete: String? = nil
    /// For a file: the types the browser offers to choose.
    var accept: String? = nil
    /// The language of the options' labels when they are content (principles, areas) rather than interface text.
    var optionsLang: String? = nil
    /// What the field's id starts with, so two forms on one page can both have a `message`; empty: the id is the name.
    var idPrefix: String = "f"

    var id: String { idPrefix.isEmpty ? name : "\(idPrefix)-\(name)" }
    /// The hint and the error, read out with the field.
    var describedBy: String? {
        let ids = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    enum CodingKeys: String, CodingKey {
        case name, label, kind, value, hint, error, required, options, maxLength, rows, autocomplete, accept, optionsLang, id, describedBy, isTextarea, isSelect, isChoice, choiceType, isFile
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(label, forKey: .label)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(value, forKey: .value)
        try c.encodeIfPresent(hint, forKey: .hint)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encode(required, forKey: .required)
        try c.encode(options, forKey: .options)
        try c.encodeIfPresent(maxLength, forKey: .maxLength)
        try c.encode(rows, forKey: .rows)
        try c.encodeIfPresent(autocomplete, forKey: .autocomplete)
        try c.encodeIfPresent(describedBy, forKey: .describedBy)
        try c.encodeIfPresent(accept, forKey: .accept)
        try c.encodeIfPresent(optionsLang, forKey: .optionsLang)
        try c.encode(id, forKey: .id)
        try c.encode(kind == .textarea, forKey: .isTextarea)
        try c.encode(kind == .select, forKey: .isSelect)
        try c.encode(kind == .checkboxes || kind == .radios, forKey: .isChoice)
        try c.encode(kind == .radios ? "radio" : "checkbox", forKey: .choiceType)
        try c.encode(kind == .file, forKey: .isFile)
    }
}

extension FormField {
    /// A field of a form that is shown again after an error: its value is what was typed (or the
    /// default in `values`), its error the one in `errors`; a select marks the option with that value.
    static func shown(_ name: String, label: String, kind: Kind, values: [String: String], errors: [String: String],
                      hint: String? = nil, required: Bool = false, maxLength: Int? = nil, rows: Int = 6,
                      autocomplete: String? = nil, options: [(value: String, label: String)] = []) -> FormField {
        let value = values[name] ?? ""
        return FormField(name: name, label: label, kind: kind, value: value, hint: hint, error: errors[name], required: required,
                         options: options.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) },
                         maxLength: maxLength, rows: rows, autocomplete: autocomplete)
    }
}

/// A page with one form: edit metadata, a principle, a commitment, an area or an activity.
struct FormPage: Encodable, Sendable {
    let chrome: Chrome
    let heading: String
    let intro: String?
    let action: String
    let csrf: String
    let fields: [FormField]
    let submitLabel: String
    let cancelURL: String
    /// nil when there are no errors (Leaf treats every array as true).
    let errorSummary: [ErrorLink]?
    /// For a form that collects personal data: why, and a link to the municipality's notice.
    var privacyNote: String? = nil
    var privacyURL: String? = nil
    /// Pages that belong with this form (the logo's beside the site details), under the intro.
    var related: [Chrome.NavLink] = []
    /// A form with a file field posts `multipart/form-data`.
    var multipart = false

    struct ErrorLink: Encodable, Sendable {
        let fieldID: String
        let message: String

        /// The summary for hand-written forms whose field ids are `f-<name>`; nil when there are no errors.
        static func summary(_ errors: [String: String]) -> [ErrorLink]? {
            errors.isEmpty ? nil : errors.sorted { $0.key < $1.key }.map { ErrorLink(fieldID: "f-\($0.key)", message: $0.value) }
        }
    }

    init(chrome: Chrome, heading: String, intro: String? = nil, action: String, csrf: String,
         fields: [FormField], submitLabel: String, cancelURL: String) {
        self.chrome = chrome
        self.heading = heading
        self.intro = intro
        self.action = action
        self.csrf = csrf
        self.fields = fields
        self.submitLabel = submitLabel
        self.cancelURL = cancelURL
        let errors = fields.compactMap { f in f.error.map { ErrorLink(fieldID: f.id, message: "\(f.label): \($0)") } }
        self.errorSummary = errors.isEmpty ? nil : errors
    }
}

/// Field values as submitted: every form posts `application/x-www-form-urlencoded`, except one
/// with a file, whose text fields are given here by its handler.
struct FormInput: Sendable {
    let values: [String: String]
    let lists: [String: [String]]

    init(values: [String: String]) {
        self.values = values
        self.lists = values.mapValues { [$0] }
    }

    /// From a multipart form: each name's last value, and all of them.
    init(lists: [String: [String]]) {
        let lists = lists.mapValues { $0.map { TextMarks.plain($0, isolates: false) } }
        self.lists = lists
        self.values = lists.compactMapValues(\.last)
    }

    init(_ request: Request) {
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        if let body = request.body.string {
            for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ s: Substring) -> String {
                    // The catalogue's marks (`TextMarks`) never come from a person.
                    TextMarks.plain(String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "", isolates: false)
                }
                let key = decode(parts[0])
                let value = parts.count > 1 ? decode(parts[1]) : ""
                values[key] = value
                lists[key, default: []].append(value)
            }
        }
        self.values = values
        self.lists = lists
    }

    /// Trimmed text, nil when empty.
    subscript(_ key: String) -> String? {
        guard let raw = values[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
        return raw.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
