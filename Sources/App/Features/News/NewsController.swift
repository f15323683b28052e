import Fluent
import SamverkanCore
import Vapor

/// The news in public: the list at `/{kommun}/aktuellt` (newest first, twenty a page), each
/// article with its image, and the Atom feed at `/{kommun}/aktuellt.atom`. Only published
/// articles whose publish date has come are shown; the page cache keys by the day, so an article
/// set for tomorrow appears tomorrow.
struct NewsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.news, access: .anyone, use: list)
        routes.on(.GET, SiteURL.newsFeed, access: .anyone, use: feed)
        routes.on(.GET, SiteURL.article, access: .anyone, use: show)
        routes.on(.GET, SiteURL.articleImage, access: .anyone, use: image)
    }

    static let pageSize = 20

    static func published(_ db: any Database, _ mid: UUID, today: CalendarDate) -> QueryBuilder<Article> {
        Article.query(on: db).filter(\.$municipality.$id == mid).filter(\.$status == .published)
            .filter(\.$publishOn <= today.description)
    }

    struct ListPage: Encodable {
        struct Item: Encodable { let title: ShownText; let summary: ShownText; let date: String; let url: String; let image: String; let alt: ShownText }
        let chrome: Chrome
        let heading: String
        let items: [Item]?
        let pages: [PageLink]?
        let feedURL: String
    }

    /// Two queries, whatever the number of articles: the count and the page (and the page's
    /// translations in another language than Swedish).
    static func listPage(_ db: any Database, _ m: Municipality, page: Int, today: CalendarDate, t: Translator,
                         chrome: Chrome) async throws -> ListPage {
        let mid = try m.requireID()
        let total = try await published(db, mid, today: today).count()
        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        let current = min(max(1, page), lastPage)
        let articles = try await published(db, mid, today: today).sort(\.$publishOn, .descending).sort(\.$createdAt, .descending)
            .range(((current - 1) * pageSize)..<(current * pageSize)).all()
        let texts = try await TranslatedTexts.load(.article, ids: articles.compactMap(\.id), language: t.locale, on: db)
        return ListPage(
            chrome: chrome, heading: t("news.heading", m.name),
            items: articles.isEmpty ? nil : articles.map {
                .init(title: texts.text($0.id, "title", $0.title), summary: texts.text($0.id, "summary", $0.summary),
                      date: $0.publishOn, url: SiteURL.article(m.slug, $0.slug),
                      image: imageURL(m, $0), alt: texts.text($0.id, "imageAlt", $0.imageAlt))
            },
            pages: PageLink.around(page: current, lastPage: lastPage, t: t) { SiteURL.news(m.slug) + ($0 > 1 ? "?sida=\($0)" : "") }.nilIfEmpty,
            feedURL: SiteURL.newsFeed(m.slug))
    }

    static func imageURL(_ m: Municipality, _ a: Article) -> String {
        SiteURL.articleImage(m.slug, a.slug) + "?v=" + a.imageSHA256.prefix(12)
    }

    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        let page = (try? req.query.get(Int.self, at: "sida")) ?? 1
        let context = try await Self.listPage(req.db, m, page: page, today: req.clock.today, t: req.translator,
                                              chrome: req.chrome(title: req.t("news.title", m.name), municipality: m))
        return try await req.view.render("news/list", context)
    }

    private func find(_ req: Request, _ m: Municipality) async throws -> Article {
        guard let slug = req.parameters.get("article"),
              let article = try await Self.published(req.db, m.requireID(), today: req.clock.today).filter(\.$slug == slug).first() else {
            throw Abort(.notFound, reason: req.t("news.error.notFound"))
        }
        return article
    }

    struct ArticlePage: Encodable {
        let chrome: Chrome
        let title: ShownText
        let summary: ShownText
        let date: String
        let body: String
        let bodyLang: String?
        let translationNote: String?
        let image: String
        let alt: ShownText
        let width: Int
        let height: Int
        let backURL: String
    }

    @Sendable func show(req: Request) async throws -> View {
        let m = try await req.municipality()
        let a = try await find(req, m)
        let texts = try await TranslatedTexts.load(.article, ids: [a.requireID()], language: req.locale, on: req.db)
        let title = texts.text(a.id, "title", a.title), summary = texts.text(a.id, "summary", a.summary)
        let body = texts.text(a.id, "body", a.body), alt = texts.text(a.id, "imageAlt", a.imageAlt)
        return try await req.view.render("news/article", ArticlePage(
            chrome: req.chrome(title: title.text, municipality: m), title: title, summary: summary, date: a.publishOn,
            body: SafeMarkdown.html(body.text), bodyLang: body.lang, translationNote: req.translator.translationNote([title, summary, body]),
            image: Self.imageURL(m, a), alt: alt, width: a.imageWidth, height: a.imageHeight,
            backURL: SiteURL.news(m.slug)))
    }

    @Sendable func image(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let a = try await find(req, m)
        let etag = "\"\(a.imageSHA256.prefix(32))\""
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified) }
        let path = FileStore(app: req.application).path(storedName: a.imageStoredName)
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: a.imageContentType == "image/png" ? .png : .jpeg)
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }

    /// The newest twenty as Atom (RFC 4287), each with its summary and its whole text as HTML.
    @Sendable func feed(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let articles = try await Self.published(req.db, m.requireID(), today: req.clock.today)
            .sort(\.$publishOn, .descending).sort(\.$createdAt, .descending).limit(Self.pageSize).all()
        let base = req.application.config.publicBaseURL
        let xml = AtomFeed.document(
            id: base + SiteURL.news(m.slug), title: req.t("news.title", m.name), selfURL: base + SiteURL.newsFeed(m.slug),
            pageURL: base + SiteURL.news(m.slug), author: m.name,
            updated: articles.compactMap(\.updatedAt).max() ?? Date(timeIntervalSince1970: 0),
            entries: articles.map { a in
                AtomFeed.Entry(id: base + SiteURL.article(m.slug, a.slug), title: a.title, url: base + SiteURL.article(m.slug, a.slug),
                               published: StockholmTime.startOfDay(CalendarDate(a.publishOn) ?? CalendarDate(daysSinceEpoch: 0)),
                               updated: Int((a.updatedAt ?? a.createdAt ?? Date()).timeIntervalSince1970),
                               summary: a.summary, html: SafeMarkdown.html(a.body))
            })
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        return response
    }
}

/// An Atom 1.0 document, every text escaped.
enum AtomFeed {
    struct Entry {
        let id: String
        let title: String
        let url: String
        let published: Int
        let updated: Int
        let summary: String
        let html: String
    }

    static func timestamp(_ seconds: Int) -> String {
        let local = StockholmTime.local(fromUTC: seconds)
        let offset = StockholmTime.offset(atUTC: seconds) / 3600
        return String(format: "%@T%02d:%02d:%02d+%02d:00", local.date.description, local.hour, local.minute, local.second, offset)
    }

    static func document(id: String, title: String, selfURL: String, pageURL: String, author: String, updated: Date, entries: [Entry]) -> String {
        let e = SafeMarkdown.escape
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">
            <id>\(e(id))</id>
            <title>\(e(title))</title>
            <link rel="self" type="application/atom+xml" href="\(e(selfURL))"/>
            <link rel="alternate" type="text/html" href="\(e(pageURL))"/>
            <author><name>\(e(author))</name></author>
            <updated>\(timestamp(Int(updated.timeIntervalSince1970)))</updated>

            """
        for entry in entries {
            xml += """
                <entry>
                <id>\(e(entry.id))</id>
                <title>\(e(entry.title))</title>
                <link rel="alternate" type="text/html" href="\(e(entry.url))"/>
                <published>\(timestamp(entry.published))</published>
                <updated>\(timestamp(max(entry.updated, entry.published)))</updated>
                <summary>\(e(entry.summary))</summary>
                <content type="html">\(e(entry.html))</content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }
}
