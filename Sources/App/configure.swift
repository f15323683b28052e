import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOSSL
import Vapor

/// Reads the environment once and sets up the database, sessions, views, commands and routes.
public func configure(_ app: Application) async throws {
    app.directory = AppHome.directory(try AppHome.locate())
    try await configure(app, config: AppConfig.load(app.environment))
}

/// Tests pass their own configuration (for instance a database of their own).
func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = "1mb"

    try await configureDatabase(app, config.database)
    app.migrations.add(Migrations.all)
    Audit.register(on: app)

    app.sessions.use { _ in
        DatabaseSessions(idleSeconds: config.sessionIdleMinutes * 60, absoluteSeconds: config.sessionMaxHours * 3600, now: { [clock = app.clock] in clock.now })
    }
    app.sessions.configuration.cookieName = config.cookieName("samverkan_session")
    app.sessions.configuration.cookieFactory = { [secure = config.secureCookies] id in
        HTTPCookies.Value(string: id.string, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.views.use(.leaf)
    app.leaf.tags["t"] = TranslateTag()
    app.catalogue = try Catalogue.load(directory: app.directory.resourcesDirectory + "Localization")

    let hashingPool = NIOThreadPool(numberOfThreads: 2)
    hashingPool.start()
    app.passwordHasher = PasswordHasher(pool: hashingPool, cost: config.bcryptCost)
    app.lifecycle.use(PasswordHasherLifecycle())

    // Outermost first: every response gets the security headers, every error a page.
    app.middleware = .init()
    app.middleware.use(MetricsMiddleware())
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(LocaleMiddleware())
    app.middleware.use(TextMarksMiddleware())
    // The API's errors, limit and CORS, around everything that can refuse a request.
    app.apiCounter = APIMiddleware.Counter()
    app.middleware.use(APIMiddleware())
    // The outer error page catches what fails before sessions; the inner one renders inside the
    // session, so a CSRF token minted for the page's logout form is saved with it.
    app.middleware.use(ErrorPageMiddleware(environment: app.environment))
    app.middleware.use(PathGuardMiddleware())
    let staticFiles = StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory, rereads: app.environment == .development)
    app.staticFiles = staticFiles
    app.middleware.use(staticFiles)
    // Public pages for visitors come from the page cache, before any session work.
    app.middleware.use(PageCacheMiddleware())
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(VisitorCookiesMiddleware())
    app.middleware.use(ErrorPageMiddleware(environment: app.environment))
    app.middleware.use(SessionUserMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.asyncCommands.use(PrepareAndServeCommand(serve: await app.servers.asyncCommand), as: "serve", isDefault: true)
    app.asyncCommands.use(AgreementCommands(), as: "agreement")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(OpenAPICommand(), as: "openapi")
    app.asyncCommands.use(OutboxCommands(), as: "outbox")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(CheckDeployCommand(), as: "check-deploy")
    app.jobs = Jobs.all
    app.lifecycle.use(app.outboxWorker)

    try routes(app)
}

private func configureDatabase(_ app: Application, _ choice: AppConfig.DatabaseChoice) async throws {
    switch choice {
    case .postgres(let url):
        var configuration = try SQLPostgresConfiguration(url: url)
        if url.contains("sslmode=disable") || url.contains("@localhost") || url.contains("@127.0.0.1") {
            configuration.coreConfiguration.tls = .disable
        }
        app.databases.use(.postgres(configuration: configuration), as: .psql)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
        app.versionReader = SQLiteVersionReader(path: path)
    }
    if case .postgres = choice { return }
    // fluent-sqlite-driver keeps one connection per event loop and sets none of these itself.
    for loop in app.eventLoopGroup.makeIterator() {
        guard let db = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
        for pragma in ["journal_mode=WAL", "busy_timeout=5000", "synchronous=NORMAL", "foreign_keys=ON"] {
            try await db.raw(SQLQueryString("PRAGMA \(unsafeRaw: pragma)")).run()
        }
    }
}

/// Every migration, in order. Append only.
enum Migrations {
    static let all: [any Migration] = [
        CreateMunicipalities(),
        CreateAgreements(),
        CreatePrinciples(),
        CreateCommitments(),
        CreateDevelopmentAreas(),
        CreateAgreementRules(),
        CreateUsers(),
        CreateLoginFailures(),
        SessionRecord.migration,
        CreateOutboxMessages(),
        AddEmailVerifiedToUsers(),
        CreateOrganisations(),
        CreateAccessions(),
        AddSignatorySinceToOrganisations(),
        CreateCouncils(),
        CreateMeetings(),
        CreateObligationRecords(),
        CreateFollowUp(),
        CreateAppSecrets(),
        CreateSessions(),
        CreateRateLimitHits(),
        AddIndexesToLoginFailures(),
        HashLinkTokens(),
        AddConfirmationToMeetingRegistrations(),
        AddContentVersions(),
        AddFollowUpTallies(),
        AddCatalogueSearch(),
        AddInvitedAtToFollowUpResponses(),
        AddTrustDetailsToMunicipalities(),
        AddSortNameToOrganisations(),
        AddDistrictsToMunicipalities(),
        AddAccentColourToMunicipalities(),
        AddLogoToMunicipalities(),
        AddDeactivatedAtToUsers(),
        AddDepartmentToUsersAndKindToMunicipalities(),
        CreateAuditEvents(),
        CreateContactDirectory(),
        AddInquiryTargetToMunicipalities(),
        CreateInquiries(),
        AddInquiryFollowThrough(),
        CreateArticles(),
        CreateDecisions(),
        CreateSupport(),
        CreatePartnerships(),
        AddTrainingArrangers(),
        CreateNewsletters(),
        CreateVolunteering(),
        AddMailLanguages(),
        CreateContentTranslations(),
        AddRulesJudgedFromToMunicipalities(),
    ]
}

/// Every scheduled job, in the order the worker runs them; the outbox is delivered after them.
enum Jobs {
    static let all: [ScheduledJob] = [
        MeetingInvitations.reminderJob,
        ObligationCheck.warningJob,
        FollowUpRounds.invitationJob,
        Inquiries.reminderJob,
        Inquiries.retentionJob,
        PartnershipAdminController.reminderJob,
        Volunteering.reminderJob,
        Volunteering.retentionJob,
        Housekeeping.job,
    ]
}
