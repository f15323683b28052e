import Fluent
import SamverkanCore
import Vapor

/// The organisation fields of the registration and edit forms: how they are shown,
/// read, checked, and applied to a record.
struct OrganisationForm {
    struct Values: Sendable {
        var name: String
        var orgNumber: OrganisationNumber?
        var legalForm: Organisation.LegalForm
        var areaIDs: [UUID]
        var description: String?
        var website: String?
        var email: String?
        var phone: String?
        var district: String?
        var languages: String?
        var memberCount: Int?
    }

    static let fieldNames = ["name", "orgNumber", "legalForm", "areas", "description", "website", "email",
                             "phone", "district", "languages", "memberCount"]

    /// `districts`: the municipality's list to choose from; empty, the district is typed.
    static func fields(_ v: [String: String?], areasChosen: Set<String>, areas: [ActivityArea], districts: [String],
                       errors: [String: String], t: Translator) -> [FormField] {
        func value(_ name: String) -> String { (v[name] ?? nil) ?? "" }
        // The organisation's own name and address: what a browser fills in as "organization" and "url".
        let autocomplete = ["name": "organization", "website": "url"]
        func text(_ name: String, _ kind: FormField.Kind = .text, required: Bool = false, hint: String? = nil, max: Int? = 300) -> FormField {
            FormField(name: name, label: t("org.field.\(name)"), kind: kind, value: value(name), hint: hint,
                      error: errors[name], required: required, maxLength: max, autocomplete: autocomplete[name])
        }
        return [
            text("name", required: true),
            text("orgNumber", hint: t("org.hint.orgNumber"), max: 11),
            FormField(name: "legalForm", label: t("org.field.legalForm"), kind: .select, value: value("legalForm"),
                      error: errors["legalForm"], required: true,
                      options: [.init(value: "", label: t("field.choose"), selected: value("legalForm").isEmpty)]
                        + Organisation.LegalForm.allCases.map {
                            .init(value: $0.rawValue, label: t("legalForm.\($0.rawValue)"), selected: value("legalForm") == $0.rawValue)
                        }),
            FormField(name: "areas", label: t("org.field.areas"), kind: .checkboxes, hint: t("org.hint.areas"),
                      error: errors["areas"],
                      options: areas.map { .init(value: $0.id!.uuidString, label: $0.name, selected: areasChosen.contains($0.id!.uuidString)) }, optionsLang: "sv"),
            text("description", .textarea, hint: t("org.hint.description"), max: 2000),
            text("website", hint: t("org.hint.website")),
            text("email", .email, hint: t("org.hint.publicEmail")),
            text("phone", max: 50),
            districtField(value("district"), districts: districts, error: errors["district"], t: t)
                ?? text("district", hint: t("org.hint.district"), max: 100),
            text("languages", hint: t("org.hint.languages"), max: 200),
            text("memberCount", .number, max: nil),
        ]
    }

    /// A choice from the municipality's list; a district an organisation has from before the list
    /// stays among the options, so saving the form does not lose it.
    static func districtField(_ current: String, districts: [String], error: String?, t: Translator) -> FormField? {
        guard !districts.isEmpty else { return nil }
        let all = districts.contains(current) || current.isEmpty ? districts : districts + [current]
        return FormField(name: "district", label: t("org.field.district"), kind: .select, value: current,
                         hint: t("org.hint.districtList"), error: error,
                         options: [.init(value: "", label: t("org.districtNone"), selected: current.isEmpty)]
                            + all.map { .init(value: $0, label: $0, selected: $0 == current) }, optionsLang: "sv")
    }

    static func values(of o: Organisation) -> [String: String?] {
        ["name": o.name, "orgNumber": o.orgNumber, "legalForm": o.legalForm.rawValue, "description": o.description,
         "website": o.website, "email": o.email, "phone": o.phone, "district": o.district,
         "languages": o.languages, "memberCount": o.memberCount.map(String.init)]
    }

    /// Checks the organisation fields; `check` collects the problems. Uniqueness of the
    /// organisationsnummer within the municipality is checked here too.
    /// `districts`: the municipality's list; a district must be one of them (or the one the
    /// organisation had, `keeping`).
    static func read(_ check: inout FormValidation, areas: [ActivityArea], municipalityID: UUID, districts: [String] = [],
                     keeping currentDistrict: String? = nil, excluding organisationID: UUID?, db: any Database) async throws -> Values? {
        let t = check.t
        let name = check.required("name", max: 300)
        var number: OrganisationNumber?
        if let text = check.optional("orgNumber", max: 20) {
            switch OrganisationNumber.parse(text) {
            case .success(let parsed): number = parsed
            case .failure(.format): check.fail("orgNumber", t("org.error.orgNumberFormat"))
            case .failure(.checkDigit): check.fail("orgNumber", t("org.error.orgNumberCheckDigit"))
            }
        }
        if let number {
            var query = Organisation.query(on: db).filter(\.$municipality.$id == municipalityID)
                .filter(\.$orgNumber == number.description).filter(\.$status != .merged)
            if let organisationID { query = query.filter(\.$id != organisationID) }
            if try await query.count() > 0 { check.fail("orgNumber", t("org.error.orgNumberTaken")) }
        }
        let legalForm = check.choice("legalForm", as: Organisation.LegalForm.self)
        let chosen = Set((check.input.lists["areas"] ?? []).compactMap(UUID.init(uuidString:)))
        let areaIDs = areas.compactMap(\.id).filter { chosen.contains($0) }
        if areaIDs.count != chosen.count { check.fail("areas", t("validation.choice")) }
        let description = check.optional("description", max: 2000)
        var website = check.optional("website", max: 300)
        if let w = website {
            if !w.lowercased().hasPrefix("http://") && !w.lowercased().hasPrefix("https://") { website = "https://" + w }
            if URL(string: website!)?.host == nil || w.contains(" ") { check.fail("website", t("org.error.website")) }
        }
        let email = check.email("email")
        let phone = check.optional("phone", max: 50)
        let district = check.optional("district", max: 100)
        if let district, !districts.isEmpty, !districts.contains(district), district != currentDistrict {
            check.fail("district", t("org.error.district"))
        }
        let languages = check.optional("languages", max: 200)
        let members = check.integer("memberCount", in: 0...10_000_000)
        guard check.isValid, let name, let legalForm else { return nil }
        return Values(name: name, orgNumber: number, legalForm: legalForm, areaIDs: areaIDs, description: description,
                      website: website, email: email, phone: phone, district: district, languages: languages,
                      memberCount: members)
    }

    /// Writes the values onto the record and replaces its activity areas (within the caller's transaction).
    static func apply(_ v: Values, to o: Organisation, on db: any Database) async throws {
        o.name = v.name
        o.orgNumber = v.orgNumber?.description
        o.legalForm = v.legalForm
        o.description = v.description
        o.website = v.website
        o.email = v.email
        o.phone = v.phone
        o.district = v.district
        o.languages = v.languages
        o.memberCount = v.memberCount
        o.searchText = SearchText.fold([v.name, v.description ?? ""].joined(separator: " "))
        try await o.save(on: db)
        let id = try o.requireID()
        try await OrganisationActivityArea.query(on: db).filter(\.$organisation.$id == id).delete()
        try await v.areaIDs.map { OrganisationActivityArea(organisationID: id, areaID: $0) }.create(on: db)
    }
}
