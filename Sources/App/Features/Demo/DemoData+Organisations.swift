import Fluent
import SamverkanCore
import Vapor

/// Demo organisations for each municipality: fictional names, valid organisationsnummer,
/// some signatories (joined the way each source agreement describes) and pending applications.
extension DemoData {
    static let activityAreas = ["Idrott och friluftsliv", "Kultur", "Barn och unga", "Äldre", "Socialt stöd",
                                "Integration och språk", "Miljö", "Tro och livsåskådning", "Folkbildning", "Funktionsrätt"]

    struct DemoOrganisation {
        let name: String
        let form: Organisation.LegalForm
        let district: String
        let areas: [Int]
        let description: String
    }

    /// The districts of each demo municipality: the ones its organisations are in, and a few more.
    static func districts(for slug: String) -> [String] {
        [
            "botkyrka": ["Alby", "Fittja", "Hallunda", "Tumba", "Norsborg", "Tullinge"],
            "boras": ["Centrum", "Norrby", "Hässleholmen", "Sandared", "Fristad", "Viskafors"],
            "orebro": ["Centrum", "Vivalla", "Brickebacken", "Adolfsberg", "Varberga", "Glanshammar"],
            "sodertalje": ["Centrum", "Hovsjö", "Ronna", "Järna", "Geneta", "Hölö-Mörkö"],
            "eslov": ["Centrum", "Marieholm", "Löberöd", "Flyinge", "Stehag", "Billinge"],
        ][slug] ?? ["Centrum"]
    }

    static func organisations(for slug: String) -> [DemoOrganisation] {
        let d = districts(for: slug)
        let place = ["botkyrka": "Botkyrka", "boras": "Borås", "orebro": "Örebro", "sodertalje": "Södertälje", "eslov": "Eslöv"][slug] ?? slug
        return [
            .init(name: "\(d[1]) idrottsförening", form: .ideellForening, district: d[1], areas: [0, 2],
                  description: "Fotboll, friidrott och simskola för barn och vuxna, med ledare som alla är ideella."),
            .init(name: "Kulturföreningen \(d[2])", form: .ideellForening, district: d[2], areas: [1, 2],
                  description: "Teater, musik och skrivarverkstäder. Föreställningar i samlingslokalen varje månad."),
            .init(name: "Seniorernas mötesplats \(place)", form: .ideellForening, district: d[0], areas: [3, 4],
                  description: "Träffpunkt för äldre med promenadgrupper, studiecirklar och hjälp med digitala tjänster."),
            .init(name: "Språkvänner i \(place)", form: .natverk, district: d[0], areas: [5],
                  description: "Nätverk som matchar nyanlända med språkvänner och ordnar språkcaféer på biblioteket."),
            .init(name: "Stiftelsen Gröna \(place)", form: .stiftelse, district: d[3], areas: [6],
                  description: "Driver stadsodlingar och kurser om återbruk tillsammans med skolor."),
            .init(name: "\(place) församlingsråd", form: .trossamfund, district: d[0], areas: [7, 4],
                  description: "Samarbete mellan lokala trossamfund kring stöd till familjer och ensamma."),
            .init(name: "Föräldranätverket \(d[1])", form: .informellGrupp, district: d[1], areas: [2],
                  description: "Föräldrar som nattvandrar och ordnar läxhjälp på helgerna."),
            .init(name: "Arbetskooperativet Verkstan \(place)", form: .ekonomiskForening, district: d[2], areas: [4, 9],
                  description: "Socialt arbetskooperativ med snickeri och café, där personer med funktionsnedsättning arbetar."),
        ]
    }

    /// A valid organisationsnummer: nine digits from the seed plus the Luhn check digit.
    static func organisationNumber(seed: Int) -> String {
        OrganisationNumber.completing(String(format: "802%06d", seed % 1_000_000))!.description
    }

    /// A one-page PDF, stored as a demo board protocol.
    static let demoProtocolPDF: [UInt8] = SimplePDF.document(lines: ["Protokoll fran styrelsemote", "Styrelsen beslutar att ansluta till overenskommelsen."])

    /// Loads the organisations and accessions of one municipality, inside the demo transaction.
    static func loadOrganisations(slug: String, municipality: Municipality, agreement: Agreement,
                                  representative: User, files: FileStore?, on tx: any Database, now: Date) async throws {
        let mid = try municipality.requireID()
        let areas = activityAreas.enumerated().map { ActivityArea(municipalityID: mid, name: $1, position: $0 + 1) }
        for area in areas { area.id = UUID() }
        try await areas.create(on: tx)

        let seedBase = (DemoData.municipalities.firstIndex { $0.slug == slug } ?? 0) * 100
        var created: [Organisation] = []
        for (index, demo) in organisations(for: slug).enumerated() {
            let o = Organisation()
            o.id = UUID()
            o.$municipality.id = mid
            o.name = demo.name
            o.orgNumber = demo.form == .informellGrupp || demo.form == .natverk ? nil : organisationNumber(seed: seedBase + index + 11)
            o.legalForm = demo.form
            o.description = demo.description
            o.district = demo.district
            o.email = "info@\(SearchText.fold(demo.name).filter { $0.isLetter }.prefix(20)).example"
            o.languages = index == 3 ? "svenska, arabiska, somaliska, dari" : "svenska"
            o.memberCount = 20 + index * 37
            o.status = index == 7 ? .pending : .approved
            o.searchText = SearchText.fold(demo.name + " " + demo.description)
            // Two records have not been confirmed for over a year, so the reminder list has something.
            o.confirmedAt = now.addingTimeInterval(index == 4 || index == 5 ? -400 * 86400 : -Double(index * 20) * 86400)
            try await o.create(on: tx)
            try await demo.areas.map { OrganisationActivityArea(organisationID: o.id!, areaID: areas[$0].id!) }.create(on: tx)
            created.append(o)
        }
        try await OrganisationRepresentative(organisationID: created[0].id!, userID: representative.requireID()).create(on: tx)
        let contact = ContactPerson()
        contact.$organisation.id = created[0].id!
        contact.name = "Kim Ordförande"
        contact.role = "ordförande"
        contact.email = "ordforande@example.se"
        contact.phone = "070-000 00 00"
        try await contact.create(on: tx)

        func accession(_ o: Organisation, _ method: Accession.Method, _ status: Accession.Status, date: String,
                       municipalitySignatory: (String, String)? = nil, event: SigningEvent? = nil, file: StoredFile? = nil) async throws {
            let a = Accession()
            a.$organisation.id = o.id!
            a.$municipality.id = mid
            a.$agreement.id = try agreement.requireID()
            a.$signingEvent.id = event?.id
            a.$protocolFile.id = file?.id
            a.method = method
            a.status = status
            a.decisionDate = method == .written ? nil : date
            a.applicationText = method == .written ? "Styrelsen vill att föreningen ansluter till överenskommelsen." : nil
            if status == .signed {
                a.organisationSignatoryName = event == nil ? "Kim Ordförande" : nil
                a.organisationSignatoryRole = event == nil ? "ordförande" : nil
                a.organisationSignedOn = date
                let (name, role) = municipalitySignatory ?? ("Samordnaren för civilsamhället", "samordnare")
                a.municipalitySignatoryName = name
                a.municipalitySignatoryRole = role
                a.municipalitySignedOn = date
                a.signedOn = date
            }
            try await a.create(on: tx)
            let action: AccessionEvent.Action = event != nil ? .signedAtEvent : status == .signed ? .municipalitySigned : .submitted
            try await AccessionEvent(accessionID: a.requireID(), user: nil, action: action, message: event?.title).create(on: tx)
            if status == .moreInfoRequested {
                try await AccessionEvent(accessionID: a.requireID(), user: nil, action: .infoRequested,
                                         message: "Skicka gärna med styrelsens beslut.").create(on: tx)
            }
        }

        func protocolFile(for o: Organisation) async throws -> StoredFile? {
            guard let files else { return nil }
            let file = try files.save(ByteBuffer(bytes: demoProtocolPDF), originalName: "styrelseprotokoll.pdf",
                                      contentType: "application/pdf", organisationID: o.id!, uploadedBy: nil)
            try await file.create(on: tx)
            return file
        }

        switch slug {
        case "eslov":
            // Eslöv: organisations join at any time by sending a board protocol.
            try await accession(created[0], .protocol_, .signed, date: "2019-05-14", file: protocolFile(for: created[0]))
            try await accession(created[1], .protocol_, .signed, date: "2020-02-03", file: protocolFile(for: created[1]))
            try await accession(created[2], .protocol_, .submitted, date: "2026-10-20", file: protocolFile(for: created[2]))
        case "sodertalje":
            // Södertälje: joining at the annual dialogue forum.
            let event = SigningEvent()
            event.id = UUID()
            event.$municipality.id = mid
            event.$agreement.id = try agreement.requireID()
            event.title = "Dialogforum 2019"
            event.date = "2019-03-21"
            event.signatoryName = "Ordföranden i kommunstyrelsen"
            event.signatoryRole = "ordförande i kommunstyrelsen"
            try await event.create(on: tx)
            for o in created.prefix(3) {
                try await accession(o, .event, .signed, date: "2019-03-21",
                                    municipalitySignatory: (event.signatoryName, event.signatoryRole), event: event)
            }
            try await accession(created[3], .written, .submitted, date: "2026-11-02")
        case "orebro":
            // Örebro: signed for each organisation by a responsible politician.
            for (o, date) in zip(created.prefix(3), ["2010-04-12", "2012-09-03", "2015-06-15"]) {
                try await accession(o, .written, .signed, date: date, municipalitySignatory: ("Ansvarigt kommunalråd", "kommunalråd"))
            }
            try await accession(created[3], .written, .submitted, date: "2026-11-10")
        case "boras":
            try await accession(created[0], .written, .signed, date: "2018-11-20")
            try await accession(created[1], .written, .signed, date: "2019-01-15")
            try await accession(created[2], .written, .moreInfoRequested, date: "2026-10-01")
        default:
            try await accession(created[0], .written, .signed, date: "2017-06-01")
            try await accession(created[1], .written, .signed, date: "2018-02-12")
            try await accession(created[2], .written, .submitted, date: "2026-11-05")
        }
        try await SignatoryStatus.refresh(municipality: mid, on: tx)
    }
}
