import Fluent
import SamverkanCore
import Vapor

/// The municipality's logo in the header of its pages: the coordinator uploads a PNG or JPEG at
/// `/admin/{kommun}/webbplatsen/logotyp`; it is checked by its structure, kept in the file store
/// outside the web root, and served at `/{kommun}/logotyp` under an address that carries its hash.
struct LogoController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.logo, access: .anyone, use: serve)
        routes.on(.GET, SiteURL.logoAdmin, access: .coordinator, use: form)
        routes.on(.POST, SiteURL.logoAdmin, access: .coordinator, use: upload)
        routes.on(.POST, SiteURL.logoRemove, access: .coordinator, use: remove)
    }

    /// A logo is a small picture: at most this many bytes and pixels a side.
    static let maxBytes = 500 * 1024
    static let maxSide = 2_000

    /// The address the header uses; a new logo is a new address, so it may be cached for long.
    static func url(_ m: Municipality) -> String? {
        guard m.logoStoredName != nil, let sha = m.logoSHA256 else { return nil }
        return SiteURL.logo(m.slug) + "?v=" + sha.prefix(12)
    }

    @Sendable func serve(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let stored = m.logoStoredName, let type = m.logoContentType, let sha = m.logoSHA256 else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        let etag = "\"\(sha.prefix(32))\""
        if req.headers.first(name: .ifNoneMatch) == etag { return Response(status: .notModified) }
        let path = FileStore(app: req.application).path(storedName: stored)
        let media = type == "image/png" ? HTTPMediaType.png : HTTPMediaType.jpeg
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: media)
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "inline; filename=\"logotyp.\(type == "image/png" ? "png" : "jpg")\"")
        return response
    }

    struct Page: Encodable {
        let chrome: Chrome
        let csrf: String
        let heading: String
        let intro: String
        let current: String?
        let currentSize: String?
        let action: String
        let removeAction: String
        let fields: [FormField]
        let errorSummary: [FormPage.ErrorLink]?
        let backURL: String
    }

    private func render(_ req: Request, _ m: Municipality, error: String?) async throws -> Response {
        let t = req.translator
        var field = FormField(name: "logo", label: t("logo.field"), kind: .file,
                              hint: t("logo.hint", String(Self.maxBytes / 1024), String(Self.maxSide)), error: error, required: true)
        field.accept = "image/png,image/jpeg"
        let page = Page(
            chrome: req.chrome(title: t("logo.title"), municipality: m), csrf: req.csrfToken,
            heading: t("logo.title"), intro: t("logo.intro"), current: Self.url(m),
            currentSize: m.logoWidth.flatMap { w in m.logoHeight.map { t("logo.size", String(w), String($0)) } },
            action: SiteURL.logoAdmin(m.slug), removeAction: SiteURL.logoRemove(m.slug), fields: [field],
            errorSummary: error.map { [.init(fieldID: field.id, message: $0)] }, backURL: SiteURL.trustAdmin(m.slug))
        return try await req.renderForm("trust/logo", page, failed: error != nil)
    }

    @Sendable func form(req: Request) async throws -> Response {
        try await render(req, try await req.municipality(), error: nil)
    }

    struct Upload: Content { var logo: File? }

    @Sendable func upload(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let t = req.translator
        guard let file = (try? req.content.decode(Upload.self))?.logo, file.data.readableBytes > 0 else {
            return try await render(req, m, error: t("logo.error.missing"))
        }
        guard file.data.readableBytes <= Self.maxBytes else {
            return try await render(req, m, error: t("logo.error.tooLarge", String(Self.maxBytes / 1024)))
        }
        guard let info = ImageCheck.inspect(Array(file.data.readableBytesView)) else {
            return try await render(req, m, error: t("logo.error.notImage"))
        }
        guard info.width <= Self.maxSide, info.height <= Self.maxSide else {
            return try await render(req, m, error: t("logo.error.tooWide", String(info.width), String(info.height), String(Self.maxSide)))
        }
        let store = FileStore(app: req.application)
        let written = try store.write(file.data)
        let previous = m.logoStoredName
        m.logoStoredName = written.storedName
        m.logoSHA256 = written.sha256
        m.logoContentType = info.contentType
        m.logoWidth = info.width
        m.logoHeight = info.height
        do {
            try await m.save(on: req.db)
        } catch {
            store.remove(storedName: written.storedName)
            throw error
        }
        if let previous, previous != written.storedName { store.remove(storedName: previous) }
        req.flash(t("logo.saved"))
        return req.redirect(to: SiteURL.logoAdmin(m.slug))
    }

    /// Takes the logo away after a confirmation; the pages show the municipality's name alone.
    @Sendable func remove(req: Request) async throws -> Response {
        let m = try await req.municipality()
        guard let stored = m.logoStoredName else { return req.redirect(to: SiteURL.logoAdmin(m.slug)) }
        if let ask = try await req.unconfirmedDeletion(of: req.t("logo.what"), back: SiteURL.logoAdmin(m.slug), municipality: m) {
            return ask
        }
        m.logoStoredName = nil
        m.logoSHA256 = nil
        m.logoContentType = nil
        m.logoWidth = nil
        m.logoHeight = nil
        try await m.save(on: req.db)
        FileStore(app: req.application).remove(storedName: stored)
        req.flash(req.t("logo.removed"))
        return req.redirect(to: SiteURL.logoAdmin(m.slug))
    }
}
