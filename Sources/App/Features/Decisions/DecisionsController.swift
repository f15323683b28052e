import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/beslut?ar=YYYY`: the year's decisions that affect civil society, newest first, each
/// with the body that decided, its reference number, the principles it touches and whether the
/// sector was consulted in time; the year's share consulted in time on top. A decision's PDF is
/// served from `/{kommun}/beslut/{id}/pdf`.
struct DecisionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.decisions, access: .anyone, use: list)
        routes.on(.GET, SiteURL.decisionPDF, access: .anyone, use: pdf)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let anchor: String
            let title: String
            let decidedBy: String
            let decidedOn: String
            let referenceNumber: String?
            let summary: [String]
            let url: String?
            let pdfURL: String?
            let principles: String?
            let consultation: String
            let consultationKey: String
            let meeting: AgreementPage.Row?
            let meetingURL: String?
        }
        struct YearLink: Encodable { let year: Int; let url: String; let current: Bool }
        let chrome: Chrome
        let heading: String
        let intro: String
        let share: String
        let years: [YearLink]?
        let rows: [Row]?
    }

    /// At most seven queries, whatever the number of decisions: the years, the year's decisions,
    /// their principles, the agreement in force (three, by `AgreementTouches`), and the meetings
    /// they were raised at.
    static func page(_ db: any Database, _ m: Municipality, year asked: Int?, today: CalendarDate, t: Translator,
                     chrome: Chrome) async throws -> Page {
        let mid = try m.requireID()
        let dates = try await Decision.query(on: db).filter(\.$municipality.$id == mid).all(\.$decidedOn)
        let years = Set(dates.compactMap { CalendarDate($0)?.year } + [today.year]).sorted(by: >)
        let year = asked.flatMap { years.contains($0) ? $0 : nil } ?? today.year
        let decisions = try await Decision.query(on: db).filter(\.$municipality.$id == mid)
            .filter(\.$decidedOn >= "\(year)-01-01").filter(\.$decidedOn <= "\(year)-12-31")
            .sort(\.$decidedOn, .descending).sort(\.$title).all()
        let ids = decisions.compactMap(\.id)
        let keys = ids.isEmpty ? [] : try await DecisionPrinciple.query(on: db).filter(\.$decision.$id ~~ ids).all()
        let agreement = try await AgreementTouches.load(m, on: db)
        let meetingIDs = decisions.compactMap { $0.$meeting.id }
        let meetings = meetingIDs.isEmpty ? [] : try await Meeting.query(on: db).filter(\.$id ~~ meetingIDs).all()
        let figures = ConsultationFigures(year: year, decisions)
        return Page(
            chrome: chrome, heading: t("decisions.heading", String(year)), intro: t("decisions.intro"), share: figures.text(t),
            years: years.count > 1 ? years.map { .init(year: $0, url: SiteURL.decisions(m.slug) + "?ar=\($0)", current: $0 == year) } : nil,
            rows: decisions.isEmpty ? nil : decisions.map { d in row(d, m, keys: keys, agreement: agreement, meetings: meetings, t: t) })
    }

    static func row(_ d: Decision, _ m: Municipality, keys: [DecisionPrinciple], agreement: AgreementTouches, meetings: [Meeting],
                    t: Translator) -> Page.Row {
        let tags = Set(keys.filter { $0.$decision.id == d.id }.map { InquiryTouch.tag(.principle, $0.key) })
        let names = agreement.names(of: tags)
        let meeting = meetings.first { $0.id == d.$meeting.id }
        let consultation: String = t("decisions.consultation.\(d.consultation.rawValue)") + (d.consultedOn.map { " (\($0))" } ?? "")
        let anchor = "beslut-" + d.id!.uuidString.prefix(8).lowercased()
        let raised: AgreementPage.Row? = meeting.map { AgreementPage.Row(label: t("decisions.raisedAt"), value: "\($0.title), \($0.localStart.date)") }
        return Page.Row(anchor: anchor, title: d.title, decidedBy: d.decidedBy, decidedOn: d.decidedOn,
                        referenceNumber: d.referenceNumber, summary: FlowingText.paragraphs(d.summary) ?? [], url: d.url,
                        pdfURL: d.pdfStoredName == nil ? nil : SiteURL.decisionPDF(m.slug, d.id!),
                        principles: names.isEmpty ? nil : names.joined(separator: ", "),
                        consultation: consultation, consultationKey: d.consultation.rawValue,
                        meeting: raised, meetingURL: meeting.map { SiteURL.meeting(m.slug, $0.id!) })
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let page = try await Self.page(req.db, m, year: try? req.query.get(Int.self, at: "ar"), today: req.clock.today, t: req.translator,
                                       chrome: req.chrome(title: req.t("decisions.title", m.name), municipality: m))
        return try await req.view.render("decisions/list", page)
    }

    @Sendable func pdf(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let d = try await req.find(Decision.self, "decision", in: m, notFound: "decisions.error.notFound")
        guard let stored = d.pdfStoredName,
              let data = FileManager.default.contents(atPath: FileStore(app: req.application).path(storedName: stored)) else {
            throw Abort(.notFound, reason: req.t("decisions.error.notFound"))
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        response.headers.replaceOrAdd(name: .contentDisposition, value: FileStore.attachment(d.pdfName ?? d.title, fallback: "beslut"))
        return response
    }
}
