import Fluent
import SamverkanCore
import Vapor

/// The assignment form the organisation fills in: its fields (with what was typed, after an
/// error) and the checks that turn the submitted values into an assignment. Nothing is saved
/// unless every field passes.
enum AssignmentForm {
    /// The languages an assignment can name, in the order the form lists them (Swedish and the
    /// languages most spoken in the source municipalities, Swedish Sign Language among them).
    static let languages = ["sv", "en", "ar", "syr", "fi", "so", "fa", "ti", "ku", "bcs", "pl", "tr", "es", "uk", "swl"]

    static func values(of a: VolunteerAssignment) -> (values: [String: String], lists: [String: [String]]) {
        func local(_ t: Int?) -> StockholmTime.Local? { t.map(StockholmTime.local(fromUTC:)) }
        let values = [
            "title": a.title, "description": a.description, "area": a.$area.id?.uuidString ?? "", "schedule": a.schedule.rawValue,
            "date": local(a.startsAt)?.date.description ?? "", "start": local(a.startsAt)?.time ?? "", "end": local(a.endsAt)?.time ?? "",
            "recurrence": a.recurrence ?? "", "days": a.days.rawValue, "timeNeeded": a.timeNeeded, "address": a.address ?? "",
            "district": a.district ?? "", "minAge": a.minAge.map(String.init) ?? "", "wanted": String(a.wanted), "lastDay": a.lastDay,
        ]
        var flags: [String] = []
        if a.online { flags.append("online") }
        if a.suitsYoung { flags.append("young") }
        if a.recordExtract { flags.append("recordExtract") }
        return (values, ["languages": a.languageCodes, "flags": flags])
    }

    static func fields(values: [String: String], lists: [String: [String]], errors: [String: String], areas: [ActivityArea],
                       districts: [String], t: Translator) -> [FormField] {
        func shown(_ name: String, _ kind: FormField.Kind, required: Bool = false, max: Int? = nil, rows: Int = 6,
                   hint: Bool = false, options: [(value: String, label: String)] = []) -> FormField {
            FormField.shown(name, label: t("volunteerForm.\(name)"), kind: kind, values: values, errors: errors,
                            hint: hint ? t("volunteerForm.hint.\(name)") : nil, required: required, maxLength: max, rows: rows, options: options)
        }
        let chosenLanguages = Set(lists["languages"] ?? ["sv"])
        let flags = Set(lists["flags"] ?? [])
        let schedule = values["schedule"] ?? VolunteerAssignment.Schedule.once.rawValue
        let days = values["days"] ?? VolunteerAssignment.Days.any.rawValue
        return [
            shown("title", .text, required: true, max: 150),
            shown("description", .textarea, required: true, max: 5_000, rows: 6, hint: true),
            shown("area", .select, options: [("", t("volunteerForm.noArea"))] + areas.map { ($0.id!.uuidString, $0.name) }),
            FormField(name: "schedule", label: t("volunteerForm.schedule"), kind: .radios, error: errors["schedule"], required: true,
                      options: VolunteerAssignment.Schedule.allCases.map {
                          .init(value: $0.rawValue, label: t("volunteer.schedule.\($0.rawValue)"), selected: schedule == $0.rawValue)
                      }),
            shown("date", .date, hint: true),
            shown("start", .time),
            shown("end", .time),
            shown("recurrence", .text, max: 200, hint: true),
            FormField(name: "days", label: t("volunteerForm.days"), kind: .radios, hint: t("volunteerForm.hint.days"), error: errors["days"],
                      options: VolunteerAssignment.Days.allCases.map {
                          .init(value: $0.rawValue, label: t("volunteer.days.\($0.rawValue)"), selected: days == $0.rawValue)
                      }),
            shown("timeNeeded", .text, required: true, max: 200, hint: true),
            FormField(name: "flags", label: t("volunteerForm.flags"), kind: .checkboxes, error: errors["flags"],
                      options: ["online", "young", "recordExtract"].map {
                          .init(value: $0, label: t("volunteerForm.flag.\($0)"), selected: flags.contains($0))
                      }),
            shown("address", .text, max: 300, hint: true),
            districts.isEmpty ? shown("district", .text, max: 100)
                : shown("district", .select, options: [("", t("volunteerForm.noDistrict"))] + districts.map { ($0, $0) }),
            FormField(name: "languages", label: t("volunteerForm.languages"), kind: .checkboxes, hint: t("volunteerForm.hint.languages"),
                      error: errors["languages"], required: true,
                      options: languages.map { .init(value: $0, label: t("volunteer.language.\($0)"), selected: chosenLanguages.contains($0)) }),
            shown("minAge", .number, max: 3, hint: true),
            shown("wanted", .number, required: true, max: 3),
            shown("lastDay", .date, required: true, hint: true),
        ]
    }

    /// Checks the submitted values and writes them into `a`; the errors by field, empty when it passed.
    static func apply(_ input: FormInput, to a: VolunteerAssignment, areas: [ActivityArea], districts: [String],
                      today: CalendarDate, t: Translator) -> [String: String] {
        var v = FormValidation(input, t)
        let title = v.required("title", max: 150)
        let description = v.required("description", max: 5_000)
        var area: ActivityArea?
        if let raw = input["area"] {
            area = areas.first { $0.id?.uuidString == raw }
            if area == nil { v.fail("area", t("validation.choice")) }
        }
        let schedule = v.choice("schedule", as: VolunteerAssignment.Schedule.self)
        let flags = Set(input.lists["flags"] ?? [])
        let online = flags.contains("online")
        let address = v.optional("address", max: 300)
        let district = v.optional("district", max: 100)
        if let district, !districts.isEmpty, !districts.contains(district) { v.fail("district", t("validation.choice")) }
        if !online, address == nil, district == nil { v.fail("address", t("volunteerForm.error.where")) }
        let timeNeeded = v.required("timeNeeded", max: 200)
        let codes = (input.lists["languages"] ?? []).filter { !$0.isEmpty }
        if codes.isEmpty { v.fail("languages", t("volunteerForm.error.languages")) }
        if codes.contains(where: { !languages.contains($0) }) { v.fail("languages", t("validation.choice")) }
        let minAge = v.integer("minAge", in: 0...99)
        let young = flags.contains("young")
        if young, let minAge, minAge >= 18 { v.fail("minAge", t("volunteerForm.error.young")) }
        let wanted = v.required("wanted", max: 3).flatMap { _ in v.integer("wanted", in: 1...500) }
        let lastDay = v.date("lastDay", required: true)
        if let lastDay, lastDay < today { v.fail("lastDay", t("volunteerForm.error.lastDayPast")) }
        var startsAt: Int?, endsAt: Int?
        var recurrence: String?
        var days = v.input["days"].flatMap(VolunteerAssignment.Days.init(rawValue:)) ?? .any
        switch schedule {
        case .once:
            let date = v.date("date", required: true)
            func instant(_ field: String) -> Int? {
                guard let text = v.required(field, max: 5) else { return nil }
                guard let hm = StockholmTime.time(text) else {
                    v.fail(field, t("validation.time"))
                    return nil
                }
                guard let date else { return nil }
                switch StockholmTime.utc(from: .init(date: date, hour: hm.hour, minute: hm.minute)) {
                case .exact(let utc), .ambiguous(let utc): return utc
                case .nonexistent: v.fail(field, t("validation.timeSkipped")); return nil
                }
            }
            startsAt = instant("start")
            endsAt = instant("end")
            if let startsAt, let endsAt, endsAt <= startsAt { v.fail("end", t("volunteerForm.error.endBeforeStart")) }
            if let date, date < today { v.fail("date", t("volunteerForm.error.datePast")) }
            if let date, let lastDay, lastDay > date { v.fail("lastDay", t("volunteerForm.error.lastDayAfterDate")) }
            if let date { days = date.weekday == 0 || date.weekday == 6 ? .weekends : .weekdays }
        case .recurring:
            recurrence = v.required("recurrence", max: 200)
        case .flexible, nil:
            break
        }
        guard v.isValid, let title, let description, let schedule, let timeNeeded, let wanted, let lastDay else { return v.errors }
        a.title = title
        a.description = description
        a.$area.id = area?.id
        a.schedule = schedule
        a.startsAt = startsAt
        a.endsAt = endsAt
        a.recurrence = recurrence
        a.days = days
        a.timeNeeded = timeNeeded
        a.online = online
        a.address = address
        a.district = district
        a.languages = "," + languages.filter(codes.contains).joined(separator: ",") + ","
        a.minAge = minAge
        a.suitsYoung = young
        a.recordExtract = flags.contains("recordExtract")
        a.wanted = wanted
        a.lastDay = lastDay.description
        a.searchText = SearchText.fold(title + " " + description)
        return [:]
    }
}
