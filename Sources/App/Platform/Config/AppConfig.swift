import Vapor

/// Every setting, read once from the environment (and `.env`), each with a laptop-friendly default.
/// The README's configuration table documents the same names.
struct AppConfig: Sendable {
    enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)
    }

    var hostname: String
    var port: Int
    var database: DatabaseChoice
    /// Marks the session cookie `Secure`; on by default in production.
    var secureCookies: Bool
    var sessionIdleMinutes: Int
    /// A session ends this long after login, however much it is used.
    var sessionMaxHours: Int
    /// Addresses of reverse proxies whose `X-Forwarded-For` is believed (exact IP addresses).
    var trustedProxies: Set<String>
    /// Anonymous form submissions allowed per client address and form in the window; then 429.
    var formRateLimit: Int
    /// How many copies of a newsletter leave per minute (NEWSLETTER_PER_MINUTE).
    var newsletterPerMinute: Int
    /// Requests to the open-data API per client address and minute (API_PER_MINUTE); then 429.
    var apiPerMinute: Int
    var formRateWindowMinutes: Int
    /// `Strict-Transport-Security` max-age in seconds; 0 sends none.
    var hstsMaxAgeSeconds: Int
    /// Hours a resident has to confirm a meeting registration from the mailed link before it lapses.
    var registrationConfirmHours: Int
    var bcryptCost: Int
    /// Failed logins (per address or per account, in the window) before each attempt is delayed.
    var loginSlowdownAfter: Int
    /// Failed logins before attempts are refused with 429.
    var loginBlockAfter: Int
    var loginWindowMinutes: Int
    /// Added per failure over the slowdown threshold.
    var loginDelayStepMilliseconds: Int
    /// Largest accepted upload (board protocols, minutes), in bytes.
    var uploadMaxBytes: Int
    /// Largest accepted ordinary form, in bytes.
    var formMaxBytes: Int
    /// Where uploaded files are kept: outside the web root, under names the server makes.
    var storageDirectory: String
    /// How mail leaves: `file` (a folder of .eml files) or `sendmail` (a sendmail-compatible program).
    var mailTransport: String
    var mailDirectory: String
    var sendmailCommand: String
    var mailFrom: String
    var mailFromName: String
    /// The address people reach the site at, for links in e-mail. Unless `PUBLIC_BASE_URL` sets it,
    /// `serve` makes it the address it listens on (`ServeAddress`).
    var publicBaseURL: String
    /// Whether `PUBLIC_BASE_URL` was set; production refuses to start without it.
    var publicBaseURLIsSet: Bool
    /// Seconds between outbox runs in the server; 0 turns the worker off.
    var outboxIntervalSeconds: Int
    /// Days before a meeting that registered people get a reminder.
    var meetingReminderDays: Int
    /// Days before a rule's deadline that an unmet rule counts as at risk and the coordinators are warned.
    var obligationWarningDays: Int
    /// Load the demo municipalities on first start when the database is empty.
    var loadDemoData: Bool
    /// How long a rendered public page is served from the page cache at most, in seconds; 0 turns
    /// the cache off. A change to the municipality's data ends it at once (`ContentVersion`); the
    /// time limit is for what changes with the clock alone (a meeting that has begun).
    var pageCacheSeconds: Int = 60
    /// Rendered pages kept per app instance; past it the oldest half is dropped.
    var pageCacheEntries: Int = 5000
    /// And at most this many megabytes of them.
    var pageCacheMegabytes: Int = 64
    /// After a stop signal, how long the requests in flight may take before the server stops anyway.
    var shutdownSeconds: Int = 25
    /// Who may read `/metrics`: addresses and CIDR ranges (METRICS_ALLOW); empty turns it off.
    var metricsAllow: [String] = ["127.0.0.1", "::1"]
    /// Where `samverkan backup` writes when no `--output` is given, and where `check-deploy`
    /// looks for a recent backup (BACKUP_DIRECTORY).
    var backupDirectory: String? = nil
    /// How many backups `samverkan backup` keeps in that folder (BACKUP_KEEP).
    var backupKeep: Int = 14

    static func load(_ environment: Environment) -> AppConfig {
        func int(_ key: String, _ fallback: Int) -> Int { Environment.get(key).flatMap(Int.init) ?? fallback }
        func bool(_ key: String, _ fallback: Bool) -> Bool {
            guard let value = Environment.get(key)?.lowercased() else { return fallback }
            return ["1", "true", "yes", "on"].contains(value)
        }
        let database: DatabaseChoice
        if let url = Environment.get("DATABASE_URL"), !url.isEmpty {
            database = .postgres(url)
        } else if environment == .testing {
            database = .sqliteMemory
        } else {
            database = .sqliteFile(Environment.get("DATABASE_PATH") ?? "samverkan.sqlite")
        }
        let publicBaseURL = Environment.get("PUBLIC_BASE_URL").flatMap { $0.isEmpty ? nil : ServeAddress.trimmed($0) }
        return AppConfig(
            hostname: Environment.get("HOSTNAME") ?? "127.0.0.1",
            port: int("PORT", 8080),
            database: database,
            secureCookies: bool("SESSION_COOKIE_SECURE", environment == .production),
            sessionIdleMinutes: int("SESSION_IDLE_MINUTES", 60),
            sessionMaxHours: max(1, int("SESSION_MAX_HOURS", 12)),
            trustedProxies: Set((Environment.get("TRUSTED_PROXIES") ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            formRateLimit: max(1, int("FORM_RATE_LIMIT", environment == .testing ? 1000 : 20)),
            newsletterPerMinute: max(1, int("NEWSLETTER_PER_MINUTE", 60)),
            apiPerMinute: max(1, int("API_PER_MINUTE", environment == .testing ? 100_000 : 600)),
            formRateWindowMinutes: max(1, int("FORM_RATE_WINDOW_MINUTES", 10)),
            hstsMaxAgeSeconds: max(0, int("HSTS_MAX_AGE", environment == .production ? 31_536_000 : 0)),
            registrationConfirmHours: max(1, int("REGISTRATION_CONFIRM_HOURS", 24)),
            bcryptCost: int("BCRYPT_COST", environment == .testing ? 4 : 12),
            loginSlowdownAfter: int("LOGIN_SLOWDOWN_AFTER", 3),
            loginBlockAfter: int("LOGIN_BLOCK_AFTER", 10),
            loginWindowMinutes: int("LOGIN_WINDOW_MINUTES", 15),
            loginDelayStepMilliseconds: int("LOGIN_DELAY_STEP_MS", environment == .testing ? 1 : 500),
            uploadMaxBytes: int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024),
            formMaxBytes: 1024 * 1024,
            storageDirectory: Environment.get("STORAGE_PATH")
                ?? (environment == .testing ? NSTemporaryDirectory() + "samverkan-test-files" : "var/files"),
            mailTransport: Environment.get("MAIL_TRANSPORT") ?? "file",
            mailDirectory: Environment.get("MAIL_DIRECTORY")
                ?? (environment == .testing ? NSTemporaryDirectory() + "samverkan-test-mail" : "var/mail"),
            sendmailCommand: Environment.get("SENDMAIL_COMMAND") ?? "/usr/bin/msmtp -t",
            mailFrom: Environment.get("MAIL_FROM") ?? "samverkan@localhost",
            mailFromName: Environment.get("MAIL_FROM_NAME") ?? "Samverkan",
            publicBaseURL: publicBaseURL ?? "http://127.0.0.1:\(int("PORT", 8080))",
            publicBaseURLIsSet: publicBaseURL != nil,
            outboxIntervalSeconds: int("OUTBOX_INTERVAL_SECONDS", environment == .testing ? 0 : 15),
            meetingReminderDays: max(0, int("MEETING_REMINDER_DAYS", 2)),
            obligationWarningDays: max(0, int("OBLIGATION_WARNING_DAYS", 92)),
            loadDemoData: bool("SAMVERKAN_DEMO_DATA", true),
            pageCacheSeconds: max(0, int("PAGE_CACHE_SECONDS", 60)),
            pageCacheEntries: max(10, int("PAGE_CACHE_ENTRIES", 5000)),
            pageCacheMegabytes: max(1, int("PAGE_CACHE_MEGABYTES", 64)),
            shutdownSeconds: max(1, int("SHUTDOWN_SECONDS", 25)),
            metricsAllow: (Environment.get("METRICS_ALLOW") ?? "127.0.0.1,::1").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            backupDirectory: Environment.get("BACKUP_DIRECTORY").flatMap { $0.isEmpty ? nil : $0 },
            backupKeep: max(1, int("BACKUP_KEEP", 14))
        )
    }
}

extension AppConfig {
    /// Cookie names get the `__Host-` prefix when cookies are `Secure` (production): a browser
    /// then accepts them only from this host over HTTPS, with path `/`, so no sibling domain can
    /// plant one.
    func cookieName(_ base: String) -> String { secureCookies ? "__Host-" + base : base }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig.load(environment) }
        set { storage[ConfigKey.self] = newValue }
    }
}
