import Fluent
import SamverkanCore
import Vapor

/// Assignments in public: the search at `/{kommun}/frivilliguppdrag` with its filters, each
/// assignment's page with the form to offer help, an Atom feed of the newest and a calendar
/// file of those on a date. Only reviewed assignments whose last day has not passed are found;
/// the page cache keys by the day, so one ends at midnight. No page names the organisation's
/// contact details or anyone who offered help.
struct AssignmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.assignments, access: .anyone, use: list)
        routes.on(.GET, SiteURL.assignmentsFeed, access: .anyone, use: feed)
        routes.on(.GET, SiteURL.assignmentsCalendar, access: .anyone, use: calendar)
        routes.on(.GET, SiteURL.assignment, access: .anyone, use: show)
    }

    static let pageSize = 20

    /// The assignments open to offers today.
    static func open(_ db: any Database, _ mid: UUID, today: CalendarDate) -> QueryBuilder<VolunteerAssignment> {
        VolunteerAssignment.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .published)
            .filter(\.$lastDay >= today.description)
    }

    // MARK: The search

    struct Filters: Sendable {
        var query = ""
        var area: UUID?
        var district: String?
        var onlineOnly = false
        var schedule: VolunteerAssignment.Schedule?
        var days: VolunteerAssignment.Days?
        var language: String?
        var young = false

        /// The parameters, named as on the page: `q`, `omrade`, `distrikt`, `plats=distans`,
        /// `typ`, `dagar`, `sprak`, `unga=1`.
        init(_ req: Request) {
            func param(_ key: String) -> String? {
                (try? req.query.get(String.self, at: key)).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            query = String((param("q") ?? "").prefix(100))
            area = param("omrade").flatMap(UUID.init(uuidString:))
            district = param("distrikt").map { String($0.prefix(100)) }
            onlineOnly = param("plats") == "distans"
            schedule = param("typ").flatMap(VolunteerAssignment.Schedule.init(rawValue:))
            days = param("dagar").flatMap(VolunteerAssignment.Days.init(rawValue:)).flatMap { $0 == .any ? nil : $0 }
            language = param("sprak").flatMap { AssignmentForm.languages.contains($0) ? $0 : nil }
            young = param("unga") == "1"
        }

        init() {}

        var isEmpty: Bool {
            query.isEmpty && area == nil && district == nil && !onlineOnly && schedule == nil && days == nil && language == nil && !young
        }

        func apply(_ q: QueryBuilder<VolunteerAssignment>) -> QueryBuilder<VolunteerAssignment> {
            if let area { q.filter(\.$area.$id == area) }
            if let district { q.filter(\.$district == district) }
            if onlineOnly { q.filter(\.$online == true) }
            if let schedule { q.filter(\.$schedule == schedule) }
            if let days { q.filter(\.$days ~~ [days, .any]) }
            if let language { q.filter(\.$languages, .contains(inverse: false, .anywhere), ",\(language),") }
            if young { q.filter(\.$suitsYoung == true) }
            for word in SearchText.fold(query).split(separator: " ") where !word.isEmpty {
                q.filter(\.$searchText, .contains(inverse: false, .anywhere), String(word))
            }
            return q
        }

        var parameters: [(String, String)] {
            var p: [(String, String)] = []
            if !query.isEmpty { p.append(("q", query)) }
            if let area { p.append(("omrade", area.uuidString)) }
            if let district { p.append(("distrikt", district)) }
            if onlineOnly { p.append(("plats", "distans")) }
            if let schedule { p.append(("typ", schedule.rawValue)) }
            if let days { p.append(("dagar", days.rawValue)) }
            if let language { p.append(("sprak", language)) }
            if young { p.append(("unga", "1")) }
            return p
        }
    }

    struct Option: Encodable, Sendable { let value: String; let label: String; let selected: Bool }
    struct Select: Encodable, Sendable { let name: String; let label: String; let options: [Option] }

    struct ListPage: Encodable {
        let chrome: Chrome
        let intro: String
        let query: String
        let selects: [Select]
        let onlineOnly: Bool
        let young: Bool
        let countText: String
        let items: [AssignmentSummary]?
        let pages: [PageLink]?
        let feedURL: String
        let calendarURL: String
        /// When nothing was found: the way on instead of a dead end.
        let nowhere: Nowhere?
        struct Nowhere: Encodable { let contactURL: String; let catalogueURL: String; let catalogueLabel: String }
    }

    /// Four queries, whatever the number of assignments: the areas, the count, the page and its organisations.
    static func listPage(_ db: any Database, _ m: Municipality, _ f: Filters, page: Int, today: CalendarDate, t: Translator,
                         chrome: Chrome) async throws -> ListPage {
        let mid = try m.requireID()
        let areas = try await ActivityArea.query(on: db).filter(\.$municipality.$id == mid).sort(\.$position).all()
        let total = try await f.apply(open(db, mid, today: today)).count()
        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        let current = min(max(1, page), lastPage)
        let found = try await f.apply(open(db, mid, today: today)).with(\.$organisation)
            .sort(\.$publishedAt, .descending).sort(\.$title)
            .range(((current - 1) * pageSize)..<(current * pageSize)).all()
        let texts = try await TranslatedTexts.load(.assignment, ids: found.compactMap(\.id), language: t.locale, on: db)
        let areaNames = Dictionary(uniqueKeysWithValues: areas.map { ($0.id!, $0.name) })
        let districts = (m.districts ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        func select(_ name: String, _ label: String, _ values: [(String, String)], chosen: String?) -> Select {
            Select(name: name, label: t(label), options: [Option(value: "", label: t("volunteer.filter.all"), selected: chosen == nil)]
                   + values.map { Option(value: $0.0, label: $0.1, selected: $0.0 == chosen) })
        }
        let base = f.parameters
        func url(_ n: Int) -> String {
            SiteURL.assignments(m.slug) + Self.queryString(base + (n > 1 ? [("sida", String(n))] : []))
        }
        let areaName = f.area.flatMap { areaNames[$0] }
        return ListPage(
            chrome: chrome, intro: t("volunteer.intro"), query: f.query,
            selects: [
                select("omrade", "volunteer.filter.area", areas.map { ($0.id!.uuidString, $0.name) }, chosen: f.area?.uuidString),
                select("distrikt", "volunteer.filter.district", districts.map { ($0, $0) }, chosen: f.district),
                select("typ", "volunteer.filter.schedule", VolunteerAssignment.Schedule.allCases.map { ($0.rawValue, t("volunteer.schedule.\($0.rawValue)")) },
                       chosen: f.schedule?.rawValue),
                select("dagar", "volunteer.filter.days", [VolunteerAssignment.Days.weekdays, .weekends].map { ($0.rawValue, t("volunteer.days.\($0.rawValue)")) },
                       chosen: f.days?.rawValue),
                select("sprak", "volunteer.filter.language", AssignmentForm.languages.map { ($0, t("volunteer.language.\($0)")) }, chosen: f.language),
            ],
            onlineOnly: f.onlineOnly, young: f.young,
            countText: total == 1 ? t("volunteer.countOne") : t("volunteer.count", String(total)),
            items: found.map { a in
                AssignmentSummary(a, organisation: a.organisation.name, area: a.$area.id.flatMap { areaNames[$0] }, slug: m.slug, today: today, t: t,
                                  texts: texts)
            }.nilIfEmpty,
            pages: PageLink.around(page: current, lastPage: lastPage, t: t, url: url).nilIfEmpty,
            feedURL: SiteURL.assignmentsFeed(m.slug), calendarURL: SiteURL.assignmentsCalendar(m.slug),
            nowhere: total > 0 ? nil : .init(
                contactURL: SiteURL.contact(m.slug),
                catalogueURL: SiteURL.catalogue(m.slug) + (f.area.map { "?omrade=\($0.uuidString)" } ?? ""),
                catalogueLabel: areaName.map { t("volunteer.nowhere.catalogueArea", $0) } ?? t("volunteer.nowhere.catalogue")))
    }

    static func queryString(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "?" + pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let page = (try? req.query.get(Int.self, at: "sida")) ?? 1
        let context = try await Self.listPage(req.db, m, Filters(req), page: page, today: req.clock.today, t: req.translator,
                                              chrome: req.chrome(title: req.t("volunteer.title", m.name), municipality: m))
        return try await req.view.render("volunteering/list", context)
    }

    // MARK: One assignment

    struct AssignmentPage: Encodable {
        let chrome: Chrome
        let summary: AssignmentSummary
        let description: [String]
        let descriptionLang: String?
        let translationNote: String?
        let isOpen: Bool
        let closedText: String?
        let form: FormPage?
        let backURL: String
    }

    /// The assignment a public address names: reviewed and in this municipality; 404 otherwise.
    static func find(_ req: Request, _ m: Municipality) async throws -> VolunteerAssignment {
        guard let id = req.parameters.get("assignment").flatMap(UUID.init(uuidString:)),
              let a = try await VolunteerAssignment.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID())
                .filter(\.$status ~~ [.published, .filled]).with(\.$organisation).with(\.$area).first() else {
            throw Abort(.notFound, reason: req.t("volunteer.error.notFound"))
        }
        return a
    }

    /// The page, with the form to offer help while it is open (`values` and `errors` after a failed try).
    static func render(_ req: Request, _ m: Municipality, _ a: VolunteerAssignment, values: [String: String] = [:],
                       errors: [String: String] = [:]) async throws -> Response {
        let t = req.translator
        let today = req.clock.today
        let texts = try await TranslatedTexts.load(.assignment, ids: [a.requireID()], language: req.locale, on: req.db)
        let summary = AssignmentSummary(a, organisation: a.organisation.name, area: a.area?.name, slug: m.slug, today: today, t: t, texts: texts)
        let description = texts.text(a.id, "description", a.description)
        let open = VolunteerPolicy.mayOffer(a, today: today)
        // One chrome for the page and its form: building it takes the flash message.
        let chrome = req.chrome(title: summary.title, municipality: m)
        var form: FormPage?
        if open {
            func field(_ name: String, _ kind: FormField.Kind, required: Bool, max: Int, rows: Int = 6, autocomplete: String? = nil,
                       hint: Bool = false) -> FormField {
                FormField.shown(name, label: t("offer.field.\(name)"), kind: kind, values: values, errors: errors,
                                hint: hint ? t("offer.hint.\(name)") : nil, required: required, maxLength: max, rows: rows, autocomplete: autocomplete)
            }
            var page = FormPage(
                chrome: chrome, heading: t("offer.heading"), intro: t("offer.intro", a.organisation.name),
                action: SiteURL.assignmentOffer(m.slug, try a.requireID()), csrf: req.csrfToken,
                fields: [
                    field("name", .text, required: true, max: 200, autocomplete: "name"),
                    field("email", .email, required: true, max: 254, autocomplete: "email", hint: true),
                    field("phone", .text, required: false, max: 40, autocomplete: "tel"),
                    field("message", .textarea, required: true, max: 3_000, rows: 5, hint: true),
                ],
                submitLabel: t("offer.send"), cancelURL: SiteURL.assignments(m.slug))
            page.privacyNote = t("offer.privacy", String(m.volunteerRetention))
            page.privacyURL = SiteURL.privacy(m.slug)
            form = page
        }
        let closed: String? = open ? nil : t(a.status == .filled ? "volunteer.closed.filled" : "volunteer.closed.ended")
        let context = AssignmentPage(
            chrome: chrome, summary: summary,
            description: FlowingText.paragraphs(description.text) ?? [], descriptionLang: description.lang,
            translationNote: t.translationNote([texts.text(a.id, "title", a.title), description]), isOpen: open, closedText: closed, form: form,
            backURL: SiteURL.assignments(m.slug))
        return try await req.renderForm("volunteering/assignment", context, failed: !errors.isEmpty)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let m = try await req.municipality()
        return try await Self.render(req, m, try await Self.find(req, m))
    }

    // MARK: Feed and calendar

    /// The newest twenty open assignments as Atom.
    @Sendable func feed(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator, today = req.clock.today
        let found = try await Self.open(req.db, m.requireID(), today: today).with(\.$organisation)
            .sort(\.$publishedAt, .descending).limit(Self.pageSize).all()
        let base = req.application.config.publicBaseURL
        let xml = AtomFeed.document(
            id: base + SiteURL.assignments(m.slug), title: t("volunteer.title", m.name), selfURL: base + SiteURL.assignmentsFeed(m.slug),
            pageURL: base + SiteURL.assignments(m.slug), author: m.name,
            updated: found.compactMap(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
            entries: found.map { a in
                let s = AssignmentSummary(a, organisation: a.organisation.name, area: nil, slug: m.slug, today: today, t: t)
                let html = "<p>" + SafeMarkdown.escape(t("volunteer.feedLine", s.organisation, s.when, s.whereText, s.lastDay)) + "</p>"
                    + (FlowingText.paragraphs(a.description) ?? []).map { "<p>" + SafeMarkdown.escape($0) + "</p>" }.joined()
                return AtomFeed.Entry(id: base + s.url, title: a.title, url: base + s.url, published: a.publishedAt ?? a.postedAt,
                                      updated: Int((a.updatedAt ?? Date(timeIntervalSince1970: Double(a.postedAt))).timeIntervalSince1970),
                                      summary: t("volunteer.feedLine", s.organisation, s.when, s.whereText, s.lastDay), html: html)
            })
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        return response
    }

    /// The open assignments on a date, as events of a calendar file.
    @Sendable func calendar(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator, today = req.clock.today
        let found = try await Self.open(req.db, m.requireID(), today: today).filter(\.$schedule == .once).filter(\.$startsAt != nil)
            .with(\.$organisation).sort(\.$startsAt).all()
        let base = req.application.config.publicBaseURL
        let events = found.compactMap { a -> ICalendar.Event? in
            guard let start = a.startsAt, let end = a.endsAt, let id = a.id else { return nil }
            let place = AssignmentSummary.whereText(a, t)
            return ICalendar.Event(
                uid: "assignment-\(id.uuidString.lowercased())@samverkan", stamp: Int((a.updatedAt ?? Date(timeIntervalSince1970: Double(a.postedAt))).timeIntervalSince1970),
                start: start, end: end, summary: a.title,
                description: t("volunteer.calendarLine", a.organisation.name, a.lastDay) + "\n\n" + a.description,
                location: place.isEmpty ? nil : place, url: base + SiteURL.assignment(m.slug, id),
                categories: [t("volunteer.calendarCategory")])
        }
        let body = ICalendar.render(name: t("volunteer.title", m.name), events: events)
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        return response
    }
}
