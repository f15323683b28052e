import Fluent
import SamverkanCore
import Vapor

/// The coordinator's news at `/admin/{kommun}/aktuellt`: every article, drafts first; writing
/// one (title, summary, body in `SafeMarkdown`, an image with its alt text, publish date, draft
/// or published), changing it, and removing it after a confirmation. `NewsPolicy` decides.
struct NewsAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.newsAdmin, access: .coordinator, use: list)
        routes.on(.GET, SiteURL.articleNew, access: .coordinator, use: newForm)
        routes.on(.POST, SiteURL.newsAdmin, access: .coordinator, use: create)
        routes.on(.GET, SiteURL.articleAdmin, access: .coordinator, use: editForm)
        routes.on(.POST, SiteURL.articleAdmin, access: .coordinator, use: update)
        routes.on(.POST, SiteURL.articleRemove, access: .coordinator, use: remove)
        routes.on(.GET, SiteURL.articleAdminImage, access: .coordinator, use: image)
    }

    static let maxImageBytes = 2 * 1024 * 1024
    static let maxImageSide = 4_000

    struct ListPage: Encodable {
        struct Row: Encodable { let title: String; let date: String; let status: String; let editURL: String; let publicURL: String?; let removeAction: String }
        let chrome: Chrome
        let csrf: String
        let newURL: String
        let publicURL: String
        let rows: [Row]?
    }

    private func authorise(_ req: Request, _ m: Municipality) throws {
        guard NewsPolicy.mayEdit(req.currentUser, municipalityID: m.id) else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
    }

    /// One query, whatever the number of articles.
    @Sendable func list(req: Request) async throws -> View {
        let m = try await req.municipality()
        try authorise(req, m)
        let t = req.translator, today = req.clock.today
        let articles = try await Article.query(on: req.db).filter(\.$municipality.$id == m.requireID())
            .sort(\.$status).sort(\.$publishOn, .descending).all()
        return try await req.view.render("news/admin", ListPage(
            chrome: req.chrome(title: t("newsAdmin.title"), municipality: m), csrf: req.csrfToken, newURL: SiteURL.articleNew(m.slug),
            publicURL: SiteURL.news(m.slug),
            rows: articles.isEmpty ? nil : articles.map { a in
                .init(title: a.title, date: a.publishOn,
                      status: t(a.isPublic(today: today) ? "newsAdmin.status.public" : a.status == .draft ? "newsAdmin.status.draft" : "newsAdmin.status.scheduled"),
                      editURL: SiteURL.articleAdmin(m.slug, a.id!), publicURL: a.isPublic(today: today) ? SiteURL.article(m.slug, a.slug) : nil,
                      removeAction: SiteURL.articleRemove(m.slug, a.id!))
            }))
    }

    // MARK: The form

    private func render(_ req: Request, _ m: Municipality, _ article: Article?, values: [String: String], errors: [String: String]) async throws -> Response {
        let t = req.translator
        let status = values["status"] ?? Article.Status.draft.rawValue
        var fields = [
            FormField(name: "title", label: t("newsAdmin.field.title"), kind: .text, value: values["title"] ?? "", error: errors["title"],
                      required: true, maxLength: 200),
            FormField(name: "summary", label: t("newsAdmin.field.summary"), kind: .textarea, value: values["summary"] ?? "",
                      hint: t("newsAdmin.hint.summary"), error: errors["summary"], required: true, maxLength: 500, rows: 3),
            FormField(name: "body", label: t("newsAdmin.field.body"), kind: .textarea, value: values["body"] ?? "",
                      hint: t("newsAdmin.hint.body"), error: errors["body"], required: true, maxLength: 50_000, rows: 16),
            FormField(name: "image", label: t("newsAdmin.field.image"), kind: .file,
                      hint: t(article == nil ? "newsAdmin.hint.image" : "newsAdmin.hint.imageKeep", String(Self.maxImageBytes / 1_048_576)),
                      error: errors["image"], required: article == nil, accept: "image/png,image/jpeg"),
            FormField(name: "imageAlt", label: t("newsAdmin.field.imageAlt"), kind: .text, value: values["imageAlt"] ?? "",
                      hint: t("newsAdmin.hint.imageAlt"), error: errors["imageAlt"], required: true, maxLength: 300),
            FormField(name: "publishOn", label: t("newsAdmin.field.publishOn"), kind: .date, value: values["publishOn"] ?? req.clock.today.description,
                      hint: t("newsAdmin.hint.publishOn"), error: errors["publishOn"], required: true),
            FormField(name: "status", label: t("newsAdmin.field.status"), kind: .radios, error: errors["status"], required: true,
                      options: Article.Status.allCases.map { .init(value: $0.rawValue, label: t("newsAdmin.statusChoice.\($0.rawValue)"), selected: status == $0.rawValue) }),
        ]
        fields[0].autocomplete = "off"
        let heading = article.map { t("newsAdmin.editTitle", $0.title) } ?? t("newsAdmin.newTitle")
        var page = FormPage(chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: t("newsAdmin.intro"),
                            action: article.map { SiteURL.articleAdmin(m.slug, $0.id!) } ?? SiteURL.newsAdmin(m.slug),
                            csrf: req.csrfToken, fields: fields, submitLabel: t("action.save"), cancelURL: SiteURL.newsAdmin(m.slug))
        page.multipart = true
        if let article {
            page.related = [.init(label: t("newsAdmin.currentImage"), url: SiteURL.articleAdminImage(m.slug, article.id!), current: false)]
        }
        return try await req.renderForm(page, failed: !errors.isEmpty)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        return try await render(req, m, nil, values: [:], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let a = try await req.find(Article.self, "article", in: m, notFound: "news.error.notFound")
        return try await render(req, m, a, values: ["title": a.title, "summary": a.summary, "body": a.body, "imageAlt": a.imageAlt,
                                                    "publishOn": a.publishOn, "status": a.status.rawValue], errors: [:])
    }

    struct Upload: Content {
        var title: String?
        var summary: String?
        var body: String?
        var imageAlt: String?
        var publishOn: String?
        var status: String?
        var image: File?
    }

    /// The form's text and its checked image; the errors in Swedish, what was typed kept.
    private func read(_ req: Request, requireImage: Bool) throws -> (values: [String: String], errors: [String: String],
                                                                      image: (file: File, info: ImageCheck.Info)?) {
        let form = (try? req.content.decode(Upload.self)) ?? Upload()
        let values = ["title": form.title, "summary": form.summary, "body": form.body, "imageAlt": form.imageAlt,
                      "publishOn": form.publishOn, "status": form.status].compactMapValues { $0?.replacingOccurrences(of: "\r\n", with: "\n") }
        var check = FormValidation(FormInput(values: values), req.translator)
        _ = check.required("title", max: 200)
        _ = check.required("summary", max: 500)
        if let body = check.required("body", max: 50_000), let problem = SafeMarkdown.problems(body).first {
            switch problem {
            case .rawHTML(let line): check.fail("body", req.t("newsAdmin.error.html", String(line)))
            case .unsafeLink(let line, let target): check.fail("body", req.t("newsAdmin.error.link", String(line), String(target.prefix(60))))
            }
        }
        _ = check.required("imageAlt", max: 300)
        if check.date("publishOn") == nil, check.errors["publishOn"] == nil { check.fail("publishOn", req.t("validation.required")) }
        _ = check.choice("status", as: Article.Status.self)
        var image: (File, ImageCheck.Info)?
        if let file = form.image, file.data.readableBytes > 0 {
            if file.data.readableBytes > Self.maxImageBytes {
                check.fail("image", req.t("newsAdmin.error.imageTooLarge", String(Self.maxImageBytes / 1_048_576)))
            } else if let info = ImageCheck.inspect(Array(file.data.readableBytesView)) {
                if info.width > Self.maxImageSide || info.height > Self.maxImageSide {
                    check.fail("image", req.t("newsAdmin.error.imageTooWide", String(Self.maxImageSide)))
                } else {
                    image = (file, info)
                }
            } else {
                check.fail("image", req.t("newsAdmin.error.notImage"))
            }
        } else if requireImage {
            check.fail("image", req.t("newsAdmin.error.imageMissing"))
        }
        return (values, check.errors, image)
    }

    private func apply(_ values: [String: String], to a: Article) {
        a.title = values["title"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        a.summary = values["summary"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        a.body = values["body"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        a.imageAlt = values["imageAlt"]!.trimmingCharacters(in: .whitespacesAndNewlines)
        a.publishOn = values["publishOn"]!.trimmingCharacters(in: .whitespaces)
        a.status = Article.Status(rawValue: values["status"] ?? "") ?? .draft
    }

    private func setImage(_ image: (file: File, info: ImageCheck.Info), on a: Article, store: FileStore) throws {
        let written = try store.write(image.file.data)
        a.imageStoredName = written.storedName
        a.imageSHA256 = written.sha256
        a.imageContentType = image.info.contentType
        a.imageWidth = image.info.width
        a.imageHeight = image.info.height
    }

    @Sendable func create(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let (values, errors, image) = try read(req, requireImage: true)
        guard errors.isEmpty, let image else { return try await render(req, m, nil, values: values, errors: errors) }
        let a = Article()
        a.$municipality.id = try m.requireID()
        apply(values, to: a)
        let taken = Set(try await Article.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all(\.$slug))
        a.slug = Articles.slug(a.title, taken: taken)
        let store = FileStore(app: req.application)
        try setImage(image, on: a, store: store)
        do {
            try await a.create(on: req.db)
        } catch {
            store.remove(storedName: a.imageStoredName)
            throw error
        }
        req.flash(req.t(a.status == .published ? "newsAdmin.published" : "newsAdmin.saved"))
        return req.redirect(to: SiteURL.articleAdmin(m.slug, try a.requireID()))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let a = try await req.find(Article.self, "article", in: m, notFound: "news.error.notFound")
        let (values, errors, image) = try read(req, requireImage: false)
        guard errors.isEmpty else { return try await render(req, m, a, values: values, errors: errors) }
        apply(values, to: a)
        let store = FileStore(app: req.application)
        let previous = a.imageStoredName
        if let image { try setImage(image, on: a, store: store) }
        do {
            try await a.save(on: req.db)
        } catch {
            if a.imageStoredName != previous { store.remove(storedName: a.imageStoredName) }
            throw error
        }
        if a.imageStoredName != previous { store.remove(storedName: previous) }
        req.flash(req.t(a.status == .published ? "newsAdmin.published" : "newsAdmin.saved"))
        return req.redirect(to: SiteURL.articleAdmin(m.slug, try a.requireID()))
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let a = try await req.find(Article.self, "article", in: m, notFound: "news.error.notFound")
        if let ask = try await req.unconfirmedDeletion(of: req.t("newsAdmin.what", a.title), back: SiteURL.articleAdmin(m.slug, a.id!), municipality: m) {
            return ask
        }
        let stored = a.imageStoredName
        try await a.delete(on: req.db)
        FileStore(app: req.application).remove(storedName: stored)
        req.flash(req.t("newsAdmin.removed", a.title))
        return req.redirect(to: SiteURL.newsAdmin(m.slug))
    }

    /// The image as it is stored, for the coordinator, also while the article is a draft.
    @Sendable func image(req: Request) async throws -> Response {
        let m = try await req.municipality()
        try authorise(req, m)
        let a = try await req.find(Article.self, "article", in: m, notFound: "news.error.notFound")
        let path = FileStore(app: req.application).path(storedName: a.imageStoredName)
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: a.imageContentType == "image/png" ? .png : .jpeg)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

enum Articles {
    /// An address part from the title: letters and digits without diacritics, words joined by
    /// dashes, at most 60 characters; made unique among `taken` with -2, -3, ….
    static func slug(_ title: String, taken: Set<String>) -> String {
        var base = ""
        for c in SearchText.fold(title) {
            if c.isASCII && (c.isLetter || c.isNumber) { base.append(c) } else if base.last != "-" && !base.isEmpty { base.append("-") }
        }
        base = String(base.prefix(60))
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty { base = "artikel" }
        var slug = base, n = 2
        while taken.contains(slug) { slug = "\(base)-\(n)"; n += 1 }
        return slug
    }
}
