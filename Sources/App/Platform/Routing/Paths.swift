import Vapor

/// The one place that knows every URL: routes are registered from these patterns and
/// links are built by the functions beside them, so the two cannot drift apart.
/// Public paths are part of the product (see DESIGN.md) and must stay stable.
enum Paths {
    // MARK: Public

    // MARK: Register and signatories
    static let cataloguePattern: [PathComponent] = [":kommun", "foreningar"]
    static func catalogue(_ slug: String) -> String { "/\(slug)/foreningar" }
    static let organisationPublicPattern: [PathComponent] = [":kommun", "foreningar", ":org"]
    static func organisation(_ slug: String, _ id: UUID) -> String { "/\(slug)/foreningar/\(id.uuidString)" }
    static let registerPattern: [PathComponent] = [":kommun", "foreningar", "registrera"]
    static func register(_ slug: String) -> String { "/\(slug)/foreningar/registrera" }
    static let verifyPattern: [PathComponent] = ["verifiera", ":token"]
    static func verify(_ token: String) -> String { "/verifiera/\(token)" }
    static let invitationPattern: [PathComponent] = ["inbjudan", ":token"]
    static func invitation(_ token: String) -> String { "/inbjudan/\(token)" }
    static let signatoriesPattern: [PathComponent] = [":kommun", "undertecknare"]
    static func signatories(_ slug: String) -> String { "/\(slug)/undertecknare" }
    static let certificatePattern: [PathComponent] = [":kommun", "undertecknare", ":accession", "intyg"]
    static func certificate(_ slug: String, _ id: UUID) -> String { "/\(slug)/undertecknare/\(id.uuidString)/intyg" }

    // Organisation self-service (its representatives, and the municipality's staff)
    static let orgAdminPattern: [PathComponent] = ["admin", ":kommun", "foreningar", ":org"]
    static func orgAdmin(_ slug: String, _ id: UUID, _ rest: String...) -> String {
        (["/admin/\(slug)/foreningar/\(id.uuidString)"] + rest).joined(separator: "/")
    }
    static func orgAdminSub(_ rest: PathComponent...) -> [PathComponent] { orgAdminPattern + rest }

    // Coordinator's register and review
    static let registerAdminPattern: [PathComponent] = ["admin", ":kommun", "foreningar"]
    static func registerAdmin(_ slug: String) -> String { "/admin/\(slug)/foreningar" }
    static let remindersPattern: [PathComponent] = ["admin", ":kommun", "foreningar", "paminnelser"]
    static let areasAdminPattern: [PathComponent] = ["admin", ":kommun", "verksamhetsomraden"]
    static func areasAdmin(_ slug: String) -> String { "/admin/\(slug)/verksamhetsomraden" }
    static let areaAdminDeletePattern: [PathComponent] = ["admin", ":kommun", "verksamhetsomraden", ":area", "ta-bort"]
    static let accessionsPattern: [PathComponent] = ["admin", ":kommun", "anslutningar"]
    static func accessions(_ slug: String) -> String { "/admin/\(slug)/anslutningar" }
    static let accessionPattern: [PathComponent] = ["admin", ":kommun", "anslutningar", ":accession"]
    static func accession(_ slug: String, _ id: UUID, _ rest: String...) -> String {
        (["/admin/\(slug)/anslutningar/\(id.uuidString)"] + rest).joined(separator: "/")
    }
    static func accessionSub(_ rest: PathComponent...) -> [PathComponent] { accessionPattern + rest }
    static let signingEventPattern: [PathComponent] = ["admin", ":kommun", "undertecknande"]
    static func signingEvent(_ slug: String) -> String { "/admin/\(slug)/undertecknande" }
    static let outboxPattern: [PathComponent] = ["admin", ":kommun", "utgaende-post"]
    static func outbox(_ slug: String) -> String { "/admin/\(slug)/utgaende-post" }
    static let outboxRetryPattern: [PathComponent] = ["admin", ":kommun", "utgaende-post", ":message", "forsok-igen"]

    // MARK: Dialogue: council, meetings, rules

    // MARK: Follow-up, action plan, annual report

    /// Reached from an e-mail client's one-click unsubscribe (RFC 8058), which sends no CSRF token;
    /// the token in the path is the authority.
    static func isOneClickUnsubscribe(_ path: String) -> Bool {
        SiteURL.unsubscribe.matches(path)
    }

    // MARK: Administration

    /// First path segments the app uses itself; no municipality may take them as its slug.
    static let reservedSlugs: Set<String> = ["admin", "logga-in", "logga-ut", "css", "favicon.svg", "api", "static",
                                             "verifiera", "inbjudan"]

    /// Paths that take file uploads, and so a larger body.
    static func isUpload(_ path: String) -> Bool {
        path.hasSuffix("/ansok") || path.hasSuffix("/protokoll")
    }

    // MARK: Assets
    static let stylesheet = "/css/samverkan.css"
}
