import Fluent
import SamverkanCore
import Vapor

/// The five source municipalities, each with its agreement file and demo accounts.
enum DemoData {
    struct Entry: Sendable {
        let slug: String
        let name: String
    }

    static let municipalities: [Entry] = [
        .init(slug: "botkyrka", name: "Botkyrka kommun"),
        .init(slug: "boras", name: "Borås Stad"),
        .init(slug: "orebro", name: "Örebro kommun"),
        .init(slug: "sodertalje", name: "Södertälje kommun"),
        .init(slug: "eslov", name: "Eslövs kommun"),
    ]

    /// Shared by every demo account and printed at start; never use demo data in production.
    static let password = "demo-samverkan-2026"

    struct Login: Sendable {
        let email: String
        let role: Role
        let municipality: String?
    }

    /// Loads everything in one transaction, so a failure leaves the database empty.
    @discardableResult
    static func load(on db: any Database, directory: String, hasher: PasswordHasher, files: FileStore? = nil,
                     now: Date) async throws -> [Login] {
        var documents: [(Entry, AgreementDocument)] = []
        for entry in municipalities {
            let path = directory + "Agreements/\(entry.slug).yaml"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            documents.append((entry, try AgreementFile.parse(text)))
        }
        let hash = try await hasher.hash(password)
        let admin = Login(email: "admin@samverkan.example", role: .platformAdmin, municipality: nil)
        let loaded = documents
        return try await db.writeTransaction { tx in
            var logins = [admin]
            try await User(email: admin.email, name: "Plattformsadministratör", passwordHash: hash,
                           role: .platformAdmin, municipalityID: nil, verifiedAt: now).create(on: tx)
            for (entry, document) in loaded {
                let municipality = Municipality(slug: entry.slug, name: entry.name)
                // Every demo municipality has a contact for its trust pages and mail; Eslöv has also
                // reviewed its accessibility statement and names the committee responsible for personal data.
                municipality.contactName = "Samordnare för överenskommelsen"
                municipality.contactEmail = "overenskommelsen@\(entry.slug).samverkan.example"
                municipality.contactPhone = "0" + String(100 + entry.slug.count * 7) + "-12 34 56"
                municipality.districts = DemoData.districts(for: entry.slug).joined(separator: "\n")
                // Borås shows its pages in a colour of its own.
                if entry.slug == "boras" { municipality.accentColour = "#7a1f3d" }
                // The languages each offers: Botkyrka, Borås and Södertälje are Finnish administrative
                // areas, and Södertälje commits to information to the sector in several languages.
                municipality.languages = ["sodertalje": "sv,en,ar,fi", "botkyrka": "sv,en,ar,fi", "boras": "sv,en,fi",
                                          "orebro": "sv,en,ar"][entry.slug] ?? "sv,en"
                if entry.slug == "eslov" {
                    municipality.accessibilityReviewedOn = ObligationCheck.localDate(now).adding(days: -30).description
                    municipality.dataController = "Kommunstyrelsen i \(entry.name)"
                }
                if let files { try DemoData.setLogo(of: municipality, directory: directory, files: files) }
                try await municipality.create(on: tx)
                let agreement = try await AgreementStore.importDocument(document, into: municipality, status: .inForce, on: tx, now: now)
                let accounts: [(Role, String, String)] = [
                    (.coordinator, "samordnare", "Samordnare"),
                    (.officer, "tjansteperson", "Tjänsteperson"),
                    (.representative, "forening", "Föreningsföreträdare"),
                    (.councilMember, "ledamot", "Ledamot i samrådet"),
                ]
                var representative: User?
                var byRole: [Role: User] = [:]
                for (role, prefix, title) in accounts {
                    let email = "\(prefix).\(entry.slug)@samverkan.example"
                    let user = User(email: email, name: "\(title), \(entry.name)", passwordHash: hash,
                                    role: role, municipalityID: municipality.id, verifiedAt: now)
                    if role == .officer { user.department = DemoData.officerDepartment }
                    try await user.create(on: tx)
                    if role == .representative { representative = user }
                    byRole[role] = user
                    logins.append(.init(email: email, role: role, municipality: entry.slug))
                }
                try await loadOrganisations(slug: entry.slug, municipality: municipality, agreement: agreement,
                                            representative: representative!, files: files, on: tx, now: now)
                try await loadDialogue(slug: entry.slug, municipality: municipality, representative: representative!, on: tx, now: now)
                try await loadRules(municipality: municipality, on: tx, now: now)
                try await loadFollowUp(slug: entry.slug, municipality: municipality, agreement: agreement, on: tx, now: now)
                try await loadContact(slug: entry.slug, municipality: municipality, on: tx)
                try await loadNews(municipality: municipality, directory: directory, files: files, on: tx, now: now)
                try await loadDecisions(municipality: municipality, agreement: agreement, on: tx, now: now)
                try await loadSupport(municipality: municipality, on: tx, now: now)
                try await loadPartnerships(municipality: municipality, agreement: agreement, files: files, on: tx, now: now)
                try await loadNewsletters(municipality: municipality, on: tx, now: now)
                try await loadVolunteering(slug: entry.slug, municipality: municipality, on: tx, now: now)
                try await loadTranslations(municipality: municipality, on: tx)
                try await loadInquiries(slug: entry.slug, municipality: municipality, officer: byRole[.officer]!,
                                        coordinator: byRole[.coordinator]!, representative: representative!, files: files, on: tx, now: now)
            }
            return logins
        }
    }

    static func isEmpty(_ db: any Database) async throws -> Bool {
        try await Municipality.query(on: db).count() == 0
    }
}

extension DemoData {
    /// Each demo municipality has a logo of its own (drawn by `scripts/make-demo-logos.py`),
    /// checked and stored as an upload would be.
    static func setLogo(of m: Municipality, directory: String, files: FileStore) throws {
        let path = directory + "Demo/logos/\(m.slug).png"
        guard let data = FileManager.default.contents(atPath: path), let info = ImageCheck.inspect(Array(data)) else { return }
        let written = try files.write(ByteBuffer(data: data))
        m.logoStoredName = written.storedName
        m.logoSHA256 = written.sha256
        m.logoContentType = info.contentType
        m.logoWidth = info.width
        m.logoHeight = info.height
    }
}
