import Fluent
import SamverkanCore
import Vapor

/// Commitments: text, party, and the principles they serve (at least one).
extension AgreementEditorController {
    func bootCommitments(_ routes: any RoutesBuilder) {
        routes.on(.GET, SiteURL.commitmentNew, access: .coordinator, use: newCommitmentForm)
        routes.on(.POST, SiteURL.commitments, access: .coordinator, use: createCommitment)
        routes.on(.GET, SiteURL.commitment, access: .coordinator, use: commitmentForm)
        routes.on(.POST, SiteURL.commitment, access: .coordinator, use: saveCommitment)
        routes.on(.POST, SiteURL.commitmentRemove, access: .coordinator, use: deleteCommitment)
    }

    private struct CommitmentValues {
        var text: String = ""
        var party: String = ""
        var principleIDs: Set<String> = []
    }

    private func renderCommitment(_ req: Request, _ m: Municipality, _ a: Agreement, commitment: Commitment?,
                                  values: CommitmentValues, errors: [String: String]) async throws -> Response {
        let t = req.translator
        let principles = try await Principle.query(on: req.db).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all()
        let heading = commitment == nil ? t("edit.commitment.new") : t("edit.commitment.edit")
        let fields = [
            FormField(name: "text", label: t("field.commitmentText"), kind: .textarea, value: values.text,
                      error: errors["text"], required: true, maxLength: 2000),
            FormField(name: "party", label: t("field.party"), kind: .select, value: values.party, error: errors["party"],
                      required: true,
                      options: [FormField.Option(value: "", label: t("field.choose"), selected: values.party.isEmpty)]
                        + Party.allCases.map { p in
                            .init(value: p.rawValue, label: AgreementPage.partyName(p, a, t: t), selected: values.party == p.rawValue)
                        }),
            FormField(name: "principles", label: t("field.principles"), kind: .checkboxes, hint: t("hint.principles"),
                      error: errors["principles"], required: true,
                      options: principles.map { p in
                          .init(value: p.id!.uuidString, label: p.name, selected: values.principleIDs.contains(p.id!.uuidString))
                      }, optionsLang: "sv"),
        ]
        let page = FormPage(
            chrome: req.chrome(title: heading), heading: heading,
            action: commitment.map { SiteURL.commitment(m.slug, a.version, $0.id!) }
                ?? SiteURL.commitments(m.slug, a.version),
            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"),
            cancelURL: SiteURL.adminVersion(m.slug, a.version))
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    /// Validates the form; on success returns the text, party and principle ids (all of this version).
    private func readCommitment(_ req: Request, _ a: Agreement) async throws
        -> (CommitmentValues, [String: String], (String, Party, [UUID])?) {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let text = check.required("text", max: 2000)
        let party = check.choice("party", as: Party.self)
        let chosen = (input.lists["principles"] ?? []).compactMap(UUID.init(uuidString:))
        let valid = try await Principle.query(on: req.db).filter(\.$agreement.$id == a.requireID()).sort(\.$position).all(\.$id)
        let principleIDs = valid.filter { chosen.contains($0) }
        if principleIDs.isEmpty || principleIDs.count != Set(chosen).count {
            check.fail("principles", req.t("validation.choosePrinciple"))
        }
        let values = CommitmentValues(text: input.values["text"] ?? "", party: input.values["party"] ?? "",
                                      principleIDs: Set(input.lists["principles"] ?? []))
        guard check.isValid, let text, let party else { return (values, check.errors, nil) }
        // Keep the order in which the principles appear in the agreement.
        return (values, [:], (text, party, principleIDs))
    }

    @Sendable func newCommitmentForm(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        var values = CommitmentValues()
        if let preset = try? req.query.get(String.self, at: "princip") { values.principleIDs = [preset] }
        return try await renderCommitment(req, m, a, commitment: nil, values: values, errors: [:])
    }

    @Sendable func createCommitment(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let (values, errors, result) = try await readCommitment(req, a)
        guard let (text, party, principleIDs) = result else {
            return try await renderCommitment(req, m, a, commitment: nil, values: values, errors: errors)
        }
        try await req.db.writeTransaction { tx in
            let existing = try await Commitment.query(on: tx).filter(\.$agreement.$id == a.requireID()).all()
            let key = KeyMaker.key(from: "atagande-\(existing.count + 1)", taken: Set(existing.map(\.key)), fallback: "atagande")
            let commitment = Commitment(agreementID: try a.requireID(), key: key,
                                        position: (existing.map(\.position).max() ?? 0) + 1, party: party, text: text)
            try await commitment.create(on: tx)
            try await Self.link(commitment, to: principleIDs, on: tx)
        }
        return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + "#ataganden")
    }

    @Sendable func commitmentForm(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let c = try await req.item(Commitment.self, in: a)
        let linked = try await CommitmentPrinciple.query(on: req.db).filter(\.$commitment.$id == c.requireID()).all()
        let values = CommitmentValues(text: c.text, party: c.party,
                                      principleIDs: Set(linked.map { $0.$principle.id.uuidString }))
        return try await renderCommitment(req, m, a, commitment: c, values: values, errors: [:])
    }

    @Sendable func saveCommitment(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let c = try await req.item(Commitment.self, in: a)
        let (values, errors, result) = try await readCommitment(req, a)
        guard let (text, party, principleIDs) = result else {
            return try await renderCommitment(req, m, a, commitment: c, values: values, errors: errors)
        }
        try await req.db.writeTransaction { tx in
            c.text = text
            c.party = party.rawValue
            try await c.save(on: tx)
            try await Self.relink(c, to: principleIDs, on: tx)
        }
        return req.savedRedirect(SiteURL.adminVersion(m.slug, a.version) + "#ataganden")
    }

    @Sendable func deleteCommitment(req: Request) async throws -> Response {
        let (m, a) = try await req.editableAgreementVersion()
        let c = try await req.item(Commitment.self, in: a)
        if let ask = try await req.unconfirmedDeletion(of: req.t("edit.commitment.named", String(c.text.prefix(120))),
                                                       back: SiteURL.adminVersion(m.slug, a.version) + "#ataganden", municipality: m) { return ask }
        try await req.db.writeTransaction { tx in
            try await CommitmentPrinciple.query(on: tx).filter(\.$commitment.$id == c.requireID()).auditedDelete()
            try await c.delete(on: tx)
        }
        req.flash(req.t("edit.commitment.deleted"))
        return req.redirect(to: SiteURL.adminVersion(m.slug, a.version) + "#ataganden")
    }

    /// Changes the commitment's principles one link at a time, so the audit trail (and the public
    /// change log) tells which principle was added and which removed, and an unchanged link stays.
    private static func relink(_ c: Commitment, to principleIDs: [UUID], on db: any Database) async throws {
        let existing = try await CommitmentPrinciple.query(on: db).filter(\.$commitment.$id == c.requireID()).all()
        for link in existing where !principleIDs.contains(link.$principle.id) { try await link.delete(on: db) }
        for (index, principle) in principleIDs.enumerated() {
            if let link = existing.first(where: { $0.$principle.id == principle }) {
                if link.position != index + 1 { link.position = index + 1; try await link.save(on: db) }
            } else {
                try await CommitmentPrinciple(commitmentID: try c.requireID(), principleID: principle, position: index + 1).create(on: db)
            }
        }
    }

    private static func link(_ c: Commitment, to principleIDs: [UUID], on db: any Database) async throws {
        let id = try c.requireID()
        try await principleIDs.enumerated()
            .map { CommitmentPrinciple(commitmentID: id, principleID: $1, position: $0 + 1) }
            .create(on: db)
    }
}
