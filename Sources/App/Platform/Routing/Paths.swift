import Vapor

/// The one place that knows every URL: routes are registered from these patterns and
/// links are built by the functions beside them, so the two cannot drift apart.
/// Public paths are part of the product (see DESIGN.md) and must stay stable.
enum Paths {
    // MARK: Public
    static let homePattern: [PathComponent] = []
    static func home() -> String { "/" }

    static let municipalityPattern: [PathComponent] = [":kommun"]
    static func municipality(_ slug: String) -> String { "/\(slug)" }

    static let agreementPattern: [PathComponent] = [":kommun", "overenskommelse"]
    static func agreement(_ slug: String) -> String { "/\(slug)/overenskommelse" }

    static let agreementVersionPattern: [PathComponent] = [":kommun", "overenskommelse", "version", ":version"]
    static func agreementVersion(_ slug: String, _ version: Int) -> String { "/\(slug)/overenskommelse/version/\(version)" }

    static let developmentAreasPattern: [PathComponent] = [":kommun", "utvecklingsomraden"]
    static func developmentAreas(_ slug: String) -> String { "/\(slug)/utvecklingsomraden" }

    static let loginPattern: [PathComponent] = ["logga-in"]
    static func login(next: String? = nil) -> String {
        guard let next, let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) else {
            return "/logga-in"
        }
        return "/logga-in?next=\(encoded)"
    }

    static let logoutPattern: [PathComponent] = ["logga-ut"]
    static func logout() -> String { "/logga-ut" }

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
    static let adminPattern: [PathComponent] = ["admin"]
    static func admin() -> String { "/admin" }

    static let adminMunicipalityPattern: [PathComponent] = ["admin", ":kommun"]
    static func adminMunicipality(_ slug: String) -> String { "/admin/\(slug)" }

    static let adminRevisionPattern: [PathComponent] = ["admin", ":kommun", "revision"]
    static func adminRevision(_ slug: String) -> String { "/admin/\(slug)/revision" }

    static let adminVersionPattern: [PathComponent] = ["admin", ":kommun", "version", ":version"]
    static func adminVersion(_ slug: String, _ version: Int) -> String { "/admin/\(slug)/version/\(version)" }

    static func adminVersionSub(_ rest: PathComponent...) -> [PathComponent] { adminVersionPattern + rest }
    static func adminVersion(_ slug: String, _ version: Int, _ rest: String...) -> String {
        ([adminVersion(slug, version)] + rest).joined(separator: "/")
    }

    static let publishPattern = adminVersionSub("publicera")
    static let discardPattern = adminVersionSub("kasta")
    static let metadataPattern = adminVersionSub("uppgifter")

    static let principlesPattern = adminVersionSub("principer")
    static let principleNewPattern = adminVersionSub("principer", "ny")
    static let principlePattern = adminVersionSub("principer", ":item")
    static let principleMovePattern = adminVersionSub("principer", ":item", "flytta")
    static let principleDeletePattern = adminVersionSub("principer", ":item", "ta-bort")

    static let commitmentsPattern = adminVersionSub("ataganden")
    static let commitmentNewPattern = adminVersionSub("ataganden", "ny")
    static let commitmentPattern = adminVersionSub("ataganden", ":item")
    static let commitmentDeletePattern = adminVersionSub("ataganden", ":item", "ta-bort")

    static let areasPattern = adminVersionSub("omraden")
    static let areaNewPattern = adminVersionSub("omraden", "ny")
    static let areaPattern = adminVersionSub("omraden", ":item")
    static let areaDeletePattern = adminVersionSub("omraden", ":item", "ta-bort")
    static let activityNewPattern = adminVersionSub("omraden", ":item", "aktiviteter", "ny")
    static let activityPattern = adminVersionSub("omraden", ":item", "aktiviteter", ":activity")
    static let activityDeletePattern = adminVersionSub("omraden", ":item", "aktiviteter", ":activity", "ta-bort")

    static func principle(_ slug: String, _ version: Int, _ id: UUID) -> String {
        adminVersion(slug, version, "principer", id.uuidString)
    }
    static func commitment(_ slug: String, _ version: Int, _ id: UUID) -> String {
        adminVersion(slug, version, "ataganden", id.uuidString)
    }
    static func area(_ slug: String, _ version: Int, _ id: UUID) -> String {
        adminVersion(slug, version, "omraden", id.uuidString)
    }
    static func activity(_ slug: String, _ version: Int, _ area: UUID, _ id: UUID) -> String {
        adminVersion(slug, version, "omraden", area.uuidString, "aktiviteter", id.uuidString)
    }

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
