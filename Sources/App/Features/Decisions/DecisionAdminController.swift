import Fluent
import SamverkanCore
import Vapor

/// The coordinator's record of decisions at `/admin/{kommun}/beslut`: each decision that affects
/// the sector, with a link or a PDF (checked by its structure), the principles it touches, and
/// whether and when the sector was consulted, with the council meeting where it was raised.
/// `DecisionPolicy` decides.
struct DecisionAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.decisionsAdmin, access: .coordinator, use: list)
        routes.on(.GET, SiteURL.decisionNew, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.decisionsAdmin, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.decisionAdmin, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.decisionAdmin, access: .coordinator, use: update)
        routes.on(.POST, SiteURL.decisionRemove, access: .coordinator, use: remove)
    }

    struct ListPage: Encodable {
        struct Row: Encodable { let title: String; let date: String; let decidedBy: String; let consultation: String; let editURL: String; let removeAction: String }
        let chrome: Chrome
        let csrf: String
        let newURL: String
        let publicURL: String
        let share: String
        let rows: [Row]?
    }

    private func authorise(_ req: Request, _ m: Municipality) throws {
        guard DecisionPolicy.mayEdit(req.currentUser, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
    }

    /// One query, whatever the number of decisions.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        try authorise(req, m)
        let t = req.translator
        let decisions = try await Decision.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .sort(\.$decidedOn, .descending).all()
        return try await req.view.render("decisions/admin", ListPage(
            chrome: req.chrome(title: t("decisionsAdmin.title"), municipality: m), csrf: req.csrfToken,
            newURL: SiteURL.decisionNew(m.slug), publicURL: SiteURL.decisions(m.slug),
            share: ConsultationFigures(year: req.clock.today.year, decisions).text(t),
            rows: decisions.isEmpty ? nil : decisions.map { d in
                .init(title: d.title, date: d.decidedOn, decidedBy: d.decidedBy, consultation: t("decisions.consultation.\(d.consultation.rawValue)"),
                      editURL: SiteURL.decisionAdmin(m.slug, d.id!), removeAction: SiteURL.decisionRemove(m.slug, d.id!))
            }))
    }

    // MARK: The form

    private func render(_ req: Request, _ m: Municipality, _ decision: Decision?, values: [String: String], principles chosen: Set<String>,
                        errors: [String: String]) async throws -> Response {
        let t = req.translator
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let meetings = try await Meeting.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$kind == MeetingKind.council.rawValue).sort(\.$startsAt, .descending).all()
        let consultation = values["consultation"] ?? Decision.Consultation.inTime.rawValue
        var fields = [
            FormField(name: "title", label: t("decisionsAdmin.field.title"), kind: .text, value: values["title"] ?? "", error: errors["title"], required: true, maxLength: 300),
            FormField(name: "decidedBy", label: t("decisionsAdmin.field.decidedBy"), kind: .text, value: values["decidedBy"] ?? "",
                      hint: t("decisionsAdmin.hint.decidedBy"), error: errors["decidedBy"], required: true, maxLength: 200),
            FormField(name: "decidedOn", label: t("decisionsAdmin.field.decidedOn"), kind: .date, value: values["decidedOn"] ?? "", error: errors["decidedOn"], required: true),
            FormField(name: "referenceNumber", label: t("decisionsAdmin.field.referenceNumber"), kind: .text, value: values["referenceNumber"] ?? "",
                      error: errors["referenceNumber"], maxLength: 50),
            FormField(name: "summary", label: t("decisionsAdmin.field.summary"), kind: .textarea, value: values["summary"] ?? "",
                      hint: t("decisionsAdmin.hint.summary"), error: errors["summary"], required: true, maxLength: 5_000, rows: 5),
            FormField(name: "url", label: t("decisionsAdmin.field.url"), kind: .url, value: values["url"] ?? "", hint: t("decisionsAdmin.hint.url"),
                      error: errors["url"], maxLength: 500),
            FormField(name: "pdf", label: t("decisionsAdmin.field.pdf"), kind: .file,
                      hint: t(decision?.pdfStoredName == nil ? "decisionsAdmin.hint.pdf" : "decisionsAdmin.hint.pdfKeep", String(req.application.config.uploadMaxBytes / 1_048_576)),
                      error: errors["pdf"], accept: "application/pdf"),
        ]
        if decision?.pdfStoredName != nil {
            fields.append(FormField(name: "removePdf", label: t("decisionsAdmin.field.removePdf"), kind: .checkboxes,
                                    options: [.init(value: "on", label: t("decisionsAdmin.removePdf", decision?.pdfName ?? ""), selected: values["removePdf"] == "on")]))
        }
        if !agreement.principles.isEmpty {
            fields.append(FormField(name: "principles", label: t("decisionsAdmin.field.principles"), kind: .checkboxes, hint: t("decisionsAdmin.hint.principles"),
                                    error: errors["principles"],
                                    options: agreement.principles.map { .init(value: $0.tag, label: $0.label, selected: chosen.contains($0.tag)) }))
        }
        fields += [
            FormField(name: "consultation", label: t("decisionsAdmin.field.consultation"), kind: .radios, error: errors["consultation"], required: true,
                      options: Decision.Consultation.allCases.map { .init(value: $0.rawValue, label: t("decisions.consultation.\($0.rawValue)"), selected: consultation == $0.rawValue) }),
            FormField(name: "consultedOn", label: t("decisionsAdmin.field.consultedOn"), kind: .date, value: values["consultedOn"] ?? "",
                      hint: t("decisionsAdmin.hint.consultedOn"), error: errors["consultedOn"]),
            FormField(name: "meeting", label: t("decisionsAdmin.field.meeting"), kind: .select, hint: t("decisionsAdmin.hint.meeting"), error: errors["meeting"],
                      options: [.init(value: "", label: t("decisionsAdmin.noMeeting"), selected: (values["meeting"] ?? "").isEmpty)]
                          + meetings.map { .init(value: $0.id!.uuidString, label: "\($0.localStart.date) \($0.title)", selected: values["meeting"] == $0.id!.uuidString) }),
        ]
        let heading = decision.map { t("decisionsAdmin.editTitle", $0.title) } ?? t("decisionsAdmin.newTitle")
        var page = FormPage(chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: t("decisionsAdmin.intro"),
                            action: decision.map { SiteURL.decisionAdmin(m.slug, $0.id!) } ?? SiteURL.decisionsAdmin(m.slug),
                            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"), cancelURL: SiteURL.decisionsAdmin(m.slug))
        page.multipart = true
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        return try await render(req, m, nil, values: [:], principles: [], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let d = try await req.find(Decision.self, "decision", in: m, notFound: "decisions.error.notFound")
        let keys = try await DecisionPrinciple.query(on: req.db).filter(\.$decision.$id == d.requireID()).all(\.$key)
        let values = ["title": d.title, "decidedBy": d.decidedBy, "decidedOn": d.decidedOn, "referenceNumber": d.referenceNumber ?? "",
                      "summary": d.summary, "url": d.url ?? "", "consultation": d.consultation.rawValue, "consultedOn": d.consultedOn ?? "",
                      "meeting": d.$meeting.id?.uuidString ?? ""]
        return try await render(req, m, d, values: values, principles: Set(keys.map { InquiryTouch.tag(.principle, $0) }), errors: [:])
    }

    struct Submitted {
        let values: [String: String]
        let principles: Set<String>
        let pdf: MultipartForm.Upload?
        let errors: [String: String]
    }

    private func read(_ req: Request, _ m: Municipality) async throws -> Submitted {
        let form = MultipartForm(req)
        let input = form?.input ?? FormInput(req)
        var check = FormValidation(input, req.translator)
        _ = check.required("title", max: 300)
        _ = check.required("decidedBy", max: 200)
        _ = check.date("decidedOn", required: true)
        _ = check.optional("referenceNumber", max: 50)
        _ = check.required("summary", max: 5_000)
        if let url = check.optional("url", max: 500) {
            let lower = url.lowercased()
            if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || url.contains(where: { $0.isWhitespace }) {
                check.fail("url", req.t("decisionsAdmin.error.url"))
            }
        }
        _ = check.choice("consultation", as: Decision.Consultation.self)
        let consultedOn = check.date("consultedOn")
        if let consultedOn, let decided = input["decidedOn"].flatMap(CalendarDate.init), input["consultation"] == Decision.Consultation.inTime.rawValue,
           consultedOn > decided {
            check.fail("consultedOn", req.t("decisionsAdmin.error.consultedAfter"))
        }
        if let meeting = input["meeting"] {
            let found = try await UUID(uuidString: meeting).asyncFlatMap { id in
                try await Meeting.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).first()
            }
            if found == nil { check.fail("meeting", req.t("validation.choice")) }
        }
        let agreement = try await AgreementTouches.load(m, on: req.db)
        let principles = Set(input.lists["principles"] ?? []).intersection(Set(agreement.principles.map(\.tag)))
        let pdf = form?.files["pdf"]
        if let pdf {
            try FileStore.checkSize(pdf.data, req)
            if !FileCheck.isPDF(pdf.data.readableBytesView) { check.fail("pdf", req.t("apply.error.notPDF")) }
        }
        return Submitted(values: input.values, principles: principles, pdf: pdf, errors: check.errors)
    }

    private func apply(_ s: Submitted, to d: Decision) {
        func text(_ key: String) -> String? {
            s.values[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        d.title = text("title") ?? ""
        d.decidedBy = text("decidedBy") ?? ""
        d.decidedOn = text("decidedOn") ?? ""
        d.referenceNumber = text("referenceNumber")
        d.summary = text("summary") ?? ""
        d.url = text("url")
        d.consultation = Decision.Consultation(rawValue: s.values["consultation"] ?? "") ?? .no
        d.consultedOn = text("consultedOn")
        d.$meeting.id = text("meeting").flatMap(UUID.init(uuidString:))
    }

    /// Saves the decision with its principles and its PDF; a new PDF replaces the old one, whose
    /// file goes once the row is saved.
    private func save(_ req: Request, _ m: Municipality, _ d: Decision, _ s: Submitted) async throws {
        let store = FileStore(app: req.application)
        let previous = d.pdfStoredName
        if let pdf = s.pdf {
            let written = try store.write(pdf.data)
            d.pdfStoredName = written.storedName
            d.pdfSHA256 = written.sha256
            d.pdfName = FileCheck.pdfDownloadName(pdf.filename, fallback: "beslut")
        } else if s.values["removePdf"] == "on" {
            d.pdfStoredName = nil
            d.pdfSHA256 = nil
            d.pdfName = nil
        }
        do {
            try await req.db.writeTransaction { tx in
                try await d.save(on: tx)
                try await DecisionPrinciple.query(on: tx).filter(\.$decision.$id == d.requireID()).delete()
                for tag in s.principles.sorted() {
                    let p = DecisionPrinciple()
                    p.$decision.id = try d.requireID()
                    p.key = String(tag.dropFirst("principle:".count))
                    try await p.create(on: tx)
                }
            }
        } catch {
            if let stored = d.pdfStoredName, stored != previous { store.remove(storedName: stored) }
            throw error
        }
        if let previous, previous != d.pdfStoredName { store.remove(storedName: previous) }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let s = try await read(req, m)
        guard s.errors.isEmpty else { return try await render(req, m, nil, values: s.values, principles: s.principles, errors: s.errors) }
        let d = Decision()
        d.$municipality.id = try m.requireID()
        apply(s, to: d)
        try await save(req, m, d, s)
        req.flash(req.t("decisionsAdmin.saved", d.title))
        return req.redirect(to: SiteURL.decisionsAdmin(m.slug))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let d = try await req.find(Decision.self, "decision", in: m, notFound: "decisions.error.notFound")
        let s = try await read(req, m)
        guard s.errors.isEmpty else { return try await render(req, m, d, values: s.values, principles: s.principles, errors: s.errors) }
        apply(s, to: d)
        try await save(req, m, d, s)
        req.flash(req.t("decisionsAdmin.saved", d.title))
        return req.redirect(to: SiteURL.decisionsAdmin(m.slug))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let d = try await req.find(Decision.self, "decision", in: m, notFound: "decisions.error.notFound")
        if let ask = try await req.unconfirmedDeletion(of: req.t("decisionsAdmin.what", d.title), back: SiteURL.decisionsAdmin(m.slug), municipality: m) {
            return ask
        }
        let stored = d.pdfStoredName
        try await d.delete(on: req.db)
        if let stored { FileStore(app: req.application).remove(storedName: stored) }
        req.flash(req.t("decisionsAdmin.removed", d.title))
        return req.redirect(to: SiteURL.decisionsAdmin(m.slug))
    }
}
