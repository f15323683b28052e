import Fluent
import SamverkanCore
import Vapor

/// The fields of the meeting form, and reading them back into a meeting with a message per field.
enum MeetingForm {
    /// Who fills the form in.
    enum Mode: Sendable {
        /// The staff: any kind and audience, and who arranges it (the municipality, or an
        /// organisation of the register).
        case staff(arrangers: [Arranger])
        /// An organisation's representatives: a training it arranges, never a council meeting.
        case organisation(UUID)
    }

    struct Arranger: Sendable { let id: UUID; let name: String }

    /// The staff's form: the approved organisations may arrange, and whoever arranges `meeting` already.
    static func staffMode(_ m: Municipality, keeping current: UUID?, on db: any Database) async throws -> Mode {
        let orgs = try await Organisation.query(on: db).filter(\.$municipality.$id == m.requireID())
            .group(.or) { group in
                group.filter(\.$status == .approved)
                if let current { group.filter(\.$id == current) }
            }
            .sort(\.$name).all()
        return .staff(arrangers: orgs.map { Arranger(id: $0.id!, name: $0.name) })
    }

    /// The form for whoever asks: the staff's, or the arranging organisation's for its representatives.
    static func mode(_ req: Request, _ m: Municipality, meeting: Meeting?) async throws -> Mode {
        if TrainingPolicy.isStaffWork(req.currentUser, municipalityID: m.id) {
            return try await staffMode(m, keeping: meeting?.$arranger.id, on: req.db)
        }
        guard let arranger = meeting?.$arranger.id else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        return .organisation(arranger)
    }

    struct Values: Sendable {
        var title = "", kind = MeetingKind.dialogue.rawValue, arranger = "", date = "", start = "", endDate = "", end = ""
        var place = "", onlineURL = "", description = "", agenda = "", capacity = "", deadlineDate = "", deadlineTime = ""
        var audience = Meeting.Audience.everyone.rawValue, note = ""

        init() {}

        init(_ meeting: Meeting) {
            let s = meeting.localStart, e = meeting.localEnd
            title = meeting.title; kind = meeting.kind; arranger = meeting.$arranger.id?.uuidString ?? ""; date = s.date.description; start = s.time
            endDate = e.date == s.date ? "" : e.date.description; end = e.time
            place = meeting.place ?? ""; onlineURL = meeting.onlineURL ?? ""; description = meeting.description ?? ""
            agenda = meeting.agenda ?? ""; capacity = meeting.capacity.map(String.init) ?? ""
            if let deadline = meeting.registrationDeadline.map(StockholmTime.local(fromUTC:)) {
                deadlineDate = deadline.date.description; deadlineTime = deadline.time
            }
            audience = meeting.audience.rawValue
        }

        init(_ input: FormInput) {
            func v(_ k: String) -> String { input[k] ?? "" }
            title = v("title"); kind = v("kind"); arranger = v("arranger"); date = v("date"); start = v("start"); endDate = v("endDate"); end = v("end")
            place = v("place"); onlineURL = v("onlineURL"); description = v("description"); agenda = v("agenda")
            capacity = v("capacity"); deadlineDate = v("deadlineDate"); deadlineTime = v("deadlineTime")
            audience = v("audience"); note = v("note")
        }
    }

    static func fields(_ v: Values, errors: [String: String], custom: [UUID: String], mode: Mode, t: Translator, editing: Bool) -> [FormField] {
        var fields = [
            FormField(name: "title", label: t("meeting.title"), kind: .text, value: v.title, error: errors["title"], required: true, maxLength: 200),
        ]
        if case .staff(let arrangers) = mode {
            fields += kindFields(v, errors: errors, custom: custom, arrangers: arrangers, t: t)
        }
        fields += timeAndPlaceFields(v, errors: errors, t: t)
        let audiences = audiences(mode).map {
            FormField.Option(value: $0.rawValue, label: t("meeting.audience.\($0.rawValue)"), selected: v.audience == $0.rawValue)
        }
        fields += [
            FormField(name: "audience", label: t("meeting.audience"), kind: .select, error: errors["audience"], required: true, options: audiences),
            FormField(name: "capacity", label: t("meeting.capacity"), kind: .number, value: v.capacity, hint: t("meeting.capacityHint"), error: errors["capacity"]),
            FormField(name: "deadlineDate", label: t("meeting.deadlineDate"), kind: .date, value: v.deadlineDate, hint: t("meeting.deadlineHint"), error: errors["deadlineDate"]),
            FormField(name: "deadlineTime", label: t("meeting.deadlineTime"), kind: .time, value: v.deadlineTime, error: errors["deadlineTime"]),
        ]
        if editing {
            fields.append(FormField(name: "note", label: t("meeting.changeNote"), kind: .textarea, value: v.note,
                                    hint: t("meeting.changeNoteHint"), error: errors["note"], maxLength: 1000))
        }
        return fields
    }

    /// An organisation's training is for the public or the sector; the council meets by the staff's invitation.
    static func audiences(_ mode: Mode) -> [Meeting.Audience] {
        if case .organisation = mode { return Meeting.Audience.allCases.filter { $0 != .council } }
        return Meeting.Audience.allCases
    }

    private static func kindFields(_ v: Values, errors: [String: String], custom: [UUID: String], arrangers: [Arranger],
                                   t: Translator) -> [FormField] {
        let kinds = MeetingKind.allCases.map { FormField.Option(value: $0.rawValue, label: t("meeting.kind.\($0.rawValue)"), selected: v.kind == $0.rawValue) }
            + custom.sorted { $0.value < $1.value }.map { .init(value: $0.key.uuidString, label: $0.value, selected: v.kind == $0.key.uuidString) }
        let who = [FormField.Option(value: "", label: t("training.arranger.municipality"), selected: v.arranger.isEmpty)]
            + arrangers.map { .init(value: $0.id.uuidString, label: $0.name, selected: v.arranger == $0.id.uuidString) }
        return [
            FormField(name: "kind", label: t("meeting.kind"), kind: .select, error: errors["kind"], required: true, options: kinds),
            FormField(name: "arranger", label: t("training.arranger"), kind: .select, hint: t("training.arrangerHint"),
                      error: errors["arranger"], required: true, options: who),
        ]
    }

    private static func timeAndPlaceFields(_ v: Values, errors: [String: String], t: Translator) -> [FormField] {
        [
            FormField(name: "date", label: t("meeting.date"), kind: .date, value: v.date, error: errors["date"], required: true),
            FormField(name: "start", label: t("meeting.start"), kind: .time, value: v.start, hint: t("meeting.timeHint"), error: errors["start"], required: true),
            FormField(name: "end", label: t("meeting.end"), kind: .time, value: v.end, error: errors["end"], required: true),
            FormField(name: "endDate", label: t("meeting.endDate"), kind: .date, value: v.endDate, hint: t("meeting.endDateHint"), error: errors["endDate"]),
            FormField(name: "place", label: t("meeting.where"), kind: .text, value: v.place, error: errors["place"], maxLength: 300),
            FormField(name: "onlineURL", label: t("meeting.online"), kind: .url, value: v.onlineURL, hint: t("meeting.onlineHint"), error: errors["onlineURL"], maxLength: 500),
            FormField(name: "description", label: t("meeting.description"), kind: .textarea, value: v.description, error: errors["description"], maxLength: 5000),
            FormField(name: "agenda", label: t("meeting.agenda"), kind: .textarea, value: v.agenda, hint: t("meeting.agendaHint"), error: errors["agenda"], maxLength: 5000),
        ]
    }

    /// Reads the form into `meeting`; returns the errors (empty when everything was valid).
    static func apply(_ input: FormInput, to meeting: Meeting, custom: [UUID: String], mode: Mode, t: Translator) -> [String: String] {
        var v = FormValidation(input, t)
        let title = v.required("title", max: 200)
        let kind: String?, arranger: UUID?
        switch mode {
        case .organisation(let organisation):
            kind = MeetingKind.training.rawValue
            arranger = organisation
        case .staff(let arrangers):
            kind = input["kind"].flatMap { k in MeetingKind(rawValue: k) != nil || UUID(uuidString: k).map { custom[$0] != nil } == true ? k : nil }
            if kind == nil { v.fail("kind", t("validation.choice")) }
            arranger = input["arranger"].flatMap(UUID.init(uuidString:))
            if input["arranger"] != nil, !arrangers.contains(where: { $0.id == arranger }) { v.fail("arranger", t("validation.choice")) }
        }
        var audience = v.choice("audience", as: Meeting.Audience.self)
        if let chosen = audience, !audiences(mode).contains(chosen) {
            v.fail("audience", t("validation.choice"))
            audience = nil
        }
        let date = v.date("date", required: true)
        let endDate = v.date("endDate") ?? date
        func instant(_ day: CalendarDate?, _ field: String, required: Bool) -> Int? {
            guard let text = required ? v.required(field, max: 5) : input[field] else { return nil }
            guard let (h, m) = StockholmTime.time(text) else { v.fail(field, t("validation.time")); return nil }
            guard let day else { return nil }
            switch StockholmTime.utc(from: .init(date: day, hour: h, minute: m)) {
            case .exact(let utc), .ambiguous(let utc): return utc
            case .nonexistent: v.fail(field, t("validation.timeSkipped")); return nil
            }
        }
        let start = instant(date, "start", required: true)
        let end = instant(endDate, "end", required: true)
        if let start, let end, end <= start { v.fail("end", t("meeting.error.endBeforeStart")) }
        let place = v.optional("place", max: 300)
        let online = v.optional("onlineURL", max: 500)
        if let online, !(online.hasPrefix("https://") || online.hasPrefix("http://")) || online.contains(" ") {
            v.fail("onlineURL", t("validation.url"))
        }
        let description = v.optional("description", max: 5000)
        let agenda = v.optional("agenda", max: 5000)
        let capacity = v.integer("capacity", in: 1...100_000)
        let deadlineDay = v.date("deadlineDate")
        var deadline: Int?
        if deadlineDay != nil || input["deadlineTime"] != nil {
            if deadlineDay == nil, input["deadlineDate"] == nil { v.fail("deadlineDate", t("validation.required")) }
            deadline = instant(deadlineDay, "deadlineTime", required: false)
                ?? deadlineDay.flatMap { day -> Int? in
                    if case .exact(let utc) = StockholmTime.utc(from: .init(date: day, hour: 23, minute: 59)) { return utc }
                    return nil
                }
            if let deadline, let start, deadline > start { v.fail("deadlineDate", t("meeting.error.deadlineAfterStart")) }
        }
        _ = v.optional("note", max: 1000)
        guard v.isValid, let title, let kind, let audience, let start, let end else { return v.errors }
        meeting.title = title
        meeting.kind = kind
        meeting.$arranger.id = arranger
        meeting.audience = audience
        meeting.startsAt = start
        meeting.endsAt = end
        meeting.place = place
        meeting.onlineURL = online
        meeting.description = description
        meeting.agenda = agenda
        meeting.capacity = capacity
        meeting.registrationDeadline = deadline
        return [:]
    }
}
