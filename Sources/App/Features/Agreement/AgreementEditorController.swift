import Fluent
import SamverkanCore
import Vapor

/// Editing one agreement version: metadata and principles. Commitments, areas and
/// activities are in the `+Commitments` and `+Areas` files.
/// Every object is looked up within the authorised municipality's version, so an id from
/// another municipality is simply not found.
struct AgreementEditorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.versionMetadata, access: .coordinator, use: metadataForm)
        routes.on(.POST, SiteURL.versionMetadata, access: .coordinator, use: saveMetadata)
        routes.on(.GET, SiteURL.principleNew, access: .coordinator, use: { try await Self.principles.newForm($0) })
        routes.on(.POST, SiteURL.principles, access: .coordinator, use: { try await Self.principles.create($0) })
        routes.on(.GET, SiteURL.principle, access: .coordinator, use: { try await Self.principles.editForm($0) })
        routes.on(.POST, SiteURL.principle, access: .coordinator, use: { try await Self.principles.save($0) })
        routes.on(.POST, SiteURL.principleMove, access: .coordinator, use: movePrinciple)
        routes.on(.POST, SiteURL.principleRemove, access: .coordinator, use: deletePrinciple)
        bootCommitments(routes)
        bootAreas(routes)
    }

    // MARK: - Metadata

    private func metadataFields(_ v: [String: String?], _ errors: [String: String], _ t: Translator) -> [FormField] {
        func field(_ name: String, _ kind: FormField.Kind, required: Bool = false, hint: String? = nil, max: Int? = 300) -> FormField {
            FormField(name: name, label: t("field.\(name)"), kind: kind, value: (v[name] ?? nil) ?? "",
                      hint: hint, error: errors[name], required: required, maxLength: max)
        }
        return [
            field("title", .text, required: true),
            field("subtitle", .text),
            field("purpose", .textarea, max: 5000),
            field("municipalityParty", .text, required: true, hint: t("hint.municipalityParty")),
            field("civilSocietyParty", .text, required: true, hint: t("hint.civilSocietyParty")),
            field("adoptedBy", .text),
            field("adoptedOn", .date, hint: t("hint.date")),
            field("referenceNumber", .text),
            field("validFrom", .date, hint: t("hint.date")),
            field("validUntil", .date, hint: t("hint.validUntil")),
            field("revisionIntervalYears", .number, hint: t("hint.years"), max: nil),
            field("documentOwner", .text),
            field("contactName", .text),
            field("contactEmail", .email),
            field("contactPhone", .text),
        ]
    }

    private func renderMetadata(_ req: Request, _ m: Municipality, _ a: Agreement,
                                values: [String: String?], errors: [String: String]) async throws -> Response {
        let page = FormPage(
            chrome: req.chrome(title: req.t("edit.metadata.title")), heading: req.t("edit.metadata.title"),
            action: SiteURL.versionMetadata(m.slug, a.version), csrf: req.csrfToken,
            fields: metadataFields(values, errors, req.translator), submitLabel: req.t("action.save"),
            cancelURL: SiteURL.adminVersion(m.slug, a.version))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func metadataForm(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let values: [String: String?] = [
            "title": a.title, "subtitle": a.subtitle, "purpose": a.purpose,
            "municipalityParty": a.municipalityParty, "civilSocietyParty": a.civilSocietyParty,
            "adoptedBy": a.adoptedBy, "adoptedOn": a.adoptedOn, "referenceNumber": a.referenceNumber,
            "validFrom": a.validFrom, "validUntil": a.validUntil,
            "revisionIntervalYears": a.revisionIntervalYears.map(String.init), "documentOwner": a.documentOwner,
            "contactName": a.contactName, "contactEmail": a.contactEmail, "contactPhone": a.contactPhone,
        ]
        return try await renderMetadata(req, m, a, values: values, errors: [:])
    }

    @Sendable func saveMetadata(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let title = check.required("title")
        let subtitle = check.optional("subtitle")
        let purpose = check.optional("purpose", max: 5000)
        let municipalityParty = check.required("municipalityParty")
        let civilSocietyParty = check.required("civilSocietyParty")
        let adoptedBy = check.optional("adoptedBy")
        let adoptedOn = check.date("adoptedOn")
        let reference = check.optional("referenceNumber")
        let validFrom = check.date("validFrom")
        let validUntil = check.date("validUntil")
        check.order(validFrom, validUntil, field: "validUntil")
        let interval = check.integer("revisionIntervalYears", in: 1...20)
        let owner = check.optional("documentOwner")
        let contactName = check.optional("contactName")
        let contactEmail = check.email("contactEmail")
        let contactPhone = check.optional("contactPhone", max: 50)
        guard check.isValid, let title, let municipalityParty, let civilSocietyParty else {
            return try await renderMetadata(req, m, a, values: input.values, errors: check.errors)
        }
        a.title = title
        a.subtitle = subtitle
        a.purpose = purpose
        a.municipalityParty = municipalityParty
        a.civilSocietyParty = civilSocietyParty
        a.adoptedBy = adoptedBy
        a.adoptedOn = adoptedOn?.description
        a.referenceNumber = reference
        a.validFrom = validFrom?.description
        a.validUntil = validUntil?.description
        a.revisionIntervalYears = interval
        a.documentOwner = owner
        a.contactName = contactName
        a.contactEmail = contactEmail
        a.contactPhone = contactPhone
        try await a.save(on: req.db)
        return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version))
    }

    // MARK: - Principles

    static let principles = NamedItemEditor<Principle>(
        newHeading: "edit.principle.new", editHeading: "edit.principle.edit", nameLabel: "field.principleName",
        keyFallback: "princip", anchor: "",
        createURL: { m, a in SiteURL.principles(m.slug, a.version) },
        itemURL: { m, a, p in SiteURL.principle(m.slug, a.version, p.id!) })

    /// Swaps the principle with its neighbour above (`direction=up`) or below (`down`).
    @Sendable func movePrinciple(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let p = try await req.item(Principle.self, in: a)
        let up = FormInput(req)["direction"] == "up"
        try await req.db.writeTransaction { tx in
            let all = try await Principle.query(on: tx).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all()
            guard let index = all.firstIndex(where: { $0.id == p.id }) else { return }
            let other = up ? index - 1 : index + 1
            guard all.indices.contains(other) else { return }
            // Renumber all, so that gaps or ties left by earlier edits cannot make a move a no-op.
            var ordered = all
            ordered.swapAt(index, other)
            for (position, principle) in ordered.enumerated() where principle.position != position + 1 {
                principle.position = position + 1
                try await principle.save(on: tx)
            }
        }
        return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#principer")
    }

    @Sendable func deletePrinciple(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let p = try await req.item(Principle.self, in: a)
        let uses = try await CommitmentPrinciple.query(on: req.db).filter(\.$principle.$id == p.requireID()).count()
        guard uses == 0 else {
            req.flash(req.t("edit.principle.inUse", p.name, String(uses)))
            return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#principer")
        }
        if let ask = try await req.unconfirmedDeletion(of: p.name, back: SiteURL.adminVersion(m.slug, a.version) + "#principer",
                                                       municipality: m) { return ask }
        try await p.delete(on: req.db)
        req.flash(req.t("edit.principle.deleted", p.name))
        return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#principer")
    }
}
