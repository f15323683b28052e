@testable import App
import Fluent
import Testing
import Vapor
import VaporTesting

/// Every registered route has an access decision, and this table says which it must be.
/// A route added without an entry here makes `everyRouteIsInTheTable` fail.
@Suite struct RouteAccessTests {
    static let table: [String: Access] = [
        "GET /": .anyone,
        "GET /:kommun": .anyone,
        "GET /:kommun/overenskommelse": .anyone,
        "GET /:kommun/overenskommelse/version/:version": .anyone,
        "GET /:kommun/overenskommelse/andringar": .anyone,
        "GET /:kommun/utvecklingsomraden": .anyone,
        "GET /logga-in": .anyone,
        "POST /logga-in": .anyone,
        "POST /logga-ut": .anyone,
        "GET /glomt-losenord": .anyone,
        "POST /glomt-losenord": .anyone,
        "GET /nytt-losenord/:token": .anyone,
        "POST /nytt-losenord/:token": .anyone,
        "GET /skicka-bekraftelse": .anyone,
        "POST /skicka-bekraftelse": .anyone,
        "GET /konto": .signedIn,
        "POST /konto/losenord": .signedIn,
        "POST /konto/e-post": .signedIn,
        "POST /konto/sprak": .signedIn,
        "GET /konto/mina-uppgifter.zip": .signedIn,
        "GET /konto/radera": .signedIn,
        "POST /konto/radera": .signedIn,
        "GET /bekrafta-ny-adress/:token": .anyone,
        "POST /bekrafta-ny-adress/:token": .anyone,
        "GET /admin/:kommun/konton": .coordinator,
        "POST /admin/:kommun/konton": .coordinator,
        "POST /admin/:kommun/konton/:user/inaktivera": .coordinator,
        "POST /admin/:kommun/konton/:user/aktivera": .coordinator,
        "GET /aktivera-konto/:token": .anyone,
        "POST /aktivera-konto/:token": .anyone,
        "GET /admin/kommuner": .platformAdmin,
        "GET /admin/logg": .platformAdmin,
        "GET /admin/:kommun/logg": .coordinator,
        "POST /admin/kommuner": .platformAdmin,
        "GET /admin": .signedIn,
        "GET /admin/:kommun": .coordinator,
        "POST /admin/:kommun/revision": .coordinator,
        "GET /admin/:kommun/version/:version": .coordinator,
        "GET /admin/:kommun/version/:version/jamfor": .council,
        "POST /admin/:kommun/version/:version/publicera": .coordinator,
        "POST /admin/:kommun/version/:version/kasta": .coordinator,
        "GET /admin/:kommun/version/:version/uppgifter": .coordinator,
        "POST /admin/:kommun/version/:version/uppgifter": .coordinator,
        "GET /admin/:kommun/version/:version/principer/ny": .coordinator,
        "POST /admin/:kommun/version/:version/principer": .coordinator,
        "GET /admin/:kommun/version/:version/principer/:item": .coordinator,
        "POST /admin/:kommun/version/:version/principer/:item": .coordinator,
        "POST /admin/:kommun/version/:version/principer/:item/flytta": .coordinator,
        "POST /admin/:kommun/version/:version/principer/:item/ta-bort": .coordinator,
        "GET /admin/:kommun/version/:version/ataganden/ny": .coordinator,
        "POST /admin/:kommun/version/:version/ataganden": .coordinator,
        "GET /admin/:kommun/version/:version/ataganden/:item": .coordinator,
        "POST /admin/:kommun/version/:version/ataganden/:item": .coordinator,
        "POST /admin/:kommun/version/:version/ataganden/:item/ta-bort": .coordinator,
        "GET /admin/:kommun/version/:version/omraden/ny": .coordinator,
        "POST /admin/:kommun/version/:version/omraden": .coordinator,
        "GET /admin/:kommun/version/:version/omraden/:item": .coordinator,
        "POST /admin/:kommun/version/:version/omraden/:item": .coordinator,
        "POST /admin/:kommun/version/:version/omraden/:item/ta-bort": .coordinator,
        "GET /admin/:kommun/version/:version/omraden/:item/aktiviteter/ny": .coordinator,
        "POST /admin/:kommun/version/:version/omraden/:item/aktiviteter/ny": .coordinator,
        "GET /admin/:kommun/version/:version/omraden/:item/aktiviteter/:activity": .coordinator,
        "POST /admin/:kommun/version/:version/omraden/:item/aktiviteter/:activity": .coordinator,
        "POST /admin/:kommun/version/:version/omraden/:item/aktiviteter/:activity/ta-bort": .coordinator,
        // The register and joining (issue 3)
        "GET /:kommun/foreningar": .anyone,
        "GET /:kommun/foreningar/registrera": .anyone,
        "POST /:kommun/foreningar/registrera": .anyone,
        "GET /:kommun/foreningar/:org": .anyone,
        "GET /verifiera/:token": .anyone,
        "GET /inbjudan/:token": .anyone,
        "POST /inbjudan/:token": .anyone,
        "GET /:kommun/undertecknare": .anyone,
        "GET /:kommun/tillganglighet": .anyone,
        "GET /:kommun/farg.css": .anyone,
        "GET /:kommun/personuppgifter": .anyone,
        "GET /admin/:kommun/webbplatsen": .coordinator,
        "GET /api/v1": .anyone,
        "GET /healthz": .anyone,
        "GET /readyz": .anyone,
        "GET /metrics": .anyone,
        "GET /api/v1/openapi.json": .anyone,
        "GET /api/v1/docs": .anyone,
        "GET /api/v1/municipalities/:kommun/agreement": .anyone,
        "GET /api/v1/municipalities/:kommun/agreement/versions/:version": .anyone,
        "GET /api/v1/municipalities": .anyone,
        "GET /api/v1/municipalities.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/agreement/versions": .anyone,
        "GET /api/v1/municipalities/:kommun/agreement/versions.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/commitments": .anyone,
        "GET /api/v1/municipalities/:kommun/commitments.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/signatories": .anyone,
        "GET /api/v1/municipalities/:kommun/signatories.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/organisations": .anyone,
        "GET /api/v1/municipalities/:kommun/organisations.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/meetings": .anyone,
        "GET /api/v1/municipalities/:kommun/meetings.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/rules": .anyone,
        "GET /api/v1/municipalities/:kommun/rules.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/action-plan": .anyone,
        "GET /api/v1/municipalities/:kommun/action-plan.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/follow-up": .anyone,
        "GET /api/v1/municipalities/:kommun/follow-up.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/decisions": .anyone,
        "GET /api/v1/municipalities/:kommun/decisions.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/partnerships": .anyone,
        "GET /api/v1/municipalities/:kommun/partnerships.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/assignments": .anyone,
        "GET /api/v1/municipalities/:kommun/assignments.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/topics": .anyone,
        "GET /api/v1/municipalities/:kommun/inquiry-statistics": .anyone,
        "GET /api/v1/municipalities/:kommun/inquiry-statistics.csv": .anyone,
        "GET /api/v1/municipalities/:kommun/topics.csv": .anyone,
        "GET /:kommun/oppna-data": .anyone,
        "GET /:kommun/oppna-data/katalog": .anyone,
        "GET /:kommun/oppna-data/katalog.ttl": .anyone,
        "GET /:kommun/oppna-data/katalog.jsonld": .anyone,
        "GET /admin/:kommun/oversattningar": .coordinator,
        "GET /admin/:kommun/oversattningar/sprak": .coordinator,
        "POST /admin/:kommun/oversattningar/sprak": .coordinator,
        "GET /admin/:kommun/oversattningar/:subject/:item": .coordinator,
        "POST /admin/:kommun/oversattningar/:subject/:item": .coordinator,
        "POST /admin/:kommun/webbplatsen": .coordinator,
        "GET /:kommun/logotyp": .anyone,
        "GET /admin/:kommun/webbplatsen/logotyp": .coordinator,
        "POST /admin/:kommun/webbplatsen/logotyp": .coordinator,
        "POST /admin/:kommun/webbplatsen/logotyp/ta-bort": .coordinator,
        "GET /:kommun/undertecknare.csv": .anyone,
        "GET /:kommun/undertecknare/:accession/intyg": .anyone,
        "GET /admin/:kommun/foreningar/:org": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/uppgifter": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/uppgifter": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/bekrafta": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/kontakter/ny": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/kontakter/ny": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/kontakter/:contact/ta-bort": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/foretradare": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/foretradare": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/ansok": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/ansok": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/anslutning/:accession/svar": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/anslutning/:accession/underteckna": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/uttrad": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/uttrad": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/bekrafta-version": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/protokoll/:file": .organisationMember,
        "GET /admin/:kommun/foreningar": .staff,
        "GET /admin/:kommun/foreningar/registret.csv": .staff,
        "POST /admin/:kommun/foreningar/paminnelser": .coordinator,
        "POST /admin/:kommun/foreningar/:org/godkann": .coordinator,
        "GET /admin/:kommun/foreningar/:org/sammanfoga": .coordinator,
        "POST /admin/:kommun/foreningar/:org/sammanfoga": .coordinator,
        "GET /admin/:kommun/verksamhetsomraden": .coordinator,
        "POST /admin/:kommun/verksamhetsomraden/kommundelar": .coordinator,
        "POST /admin/:kommun/verksamhetsomraden": .coordinator,
        "POST /admin/:kommun/verksamhetsomraden/:area/ta-bort": .coordinator,
        "GET /admin/:kommun/anslutningar": .coordinator,
        "GET /admin/:kommun/anslutningar/:accession": .coordinator,
        "POST /admin/:kommun/anslutningar/:accession/godkann": .coordinator,
        "POST /admin/:kommun/anslutningar/:accession/avsla": .coordinator,
        "POST /admin/:kommun/anslutningar/:accession/komplettera": .coordinator,
        "POST /admin/:kommun/anslutningar/:accession/underteckna": .coordinator,
        "GET /admin/:kommun/undertecknande": .coordinator,
        "POST /admin/:kommun/undertecknande": .coordinator,
        "GET /admin/:kommun/utgaende-post": .coordinator,
        "POST /admin/:kommun/utgaende-post/:message/forsok-igen": .coordinator,
        // Dialogue: council, meetings, rules (issue 4)
        "GET /:kommun/samrad": .anyone,
        "GET /:kommun/moten": .anyone,
        "GET /:kommun/moten.ics": .anyone,
        "GET /:kommun/moten/:meeting": .anyone,
        "GET /:kommun/moten/:meeting/kalender.ics": .anyone,
        "GET /:kommun/moten/:meeting/protokoll.pdf": .anyone,
        "GET /:kommun/moten/bekrafta/:token": .anyone,
        "POST /:kommun/moten/bekrafta/:token": .anyone,
        "POST /:kommun/moten/:meeting/anmalan": .anyone,
        "POST /:kommun/moten/:meeting/anmalningar/:registration/avboka": .signedIn,
        "GET /:kommun/moten/avbokning/:token": .anyone,
        "POST /:kommun/moten/avbokning/:token": .anyone,
        "GET /:kommun/avregistrera/:token": .anyone,
        "POST /:kommun/avregistrera/:token": .anyone,
        "POST /:kommun/avregistrera/:token/igen": .anyone,
        "GET /:kommun/regler": .anyone,
        "GET /admin/:kommun/samrad": .coordinator,
        "GET /admin/:kommun/samrad/material": .council,
        "GET /:kommun/kontakt": .anyone,
        "GET /:kommun/kontakt/statistik": .anyone,
        "GET /:kommun/aktuellt": .anyone,
        "GET /:kommun/beslut": .anyone,
        "GET /:kommun/stod": .anyone,
        "GET /:kommun/partnerskap": .anyone,
        "GET /:kommun/partnerskap.csv": .anyone,
        "GET /:kommun/partnerskap/:partnership/dokument": .anyone,
        "GET /admin/:kommun/partnerskap": .coordinator,
        "POST /admin/:kommun/partnerskap": .coordinator,
        "GET /admin/:kommun/partnerskap/ny": .coordinator,
        "GET /admin/:kommun/partnerskap/:partnership": .coordinator,
        "POST /admin/:kommun/partnerskap/:partnership": .coordinator,
        "POST /admin/:kommun/partnerskap/:partnership/ta-bort": .coordinator,
        "GET /admin/:kommun/partnerskap/:partnership/dokument": .coordinator,
        "GET /:kommun/stod/:form": .anyone,
        "GET /admin/:kommun/stod": .coordinator,
        "POST /admin/:kommun/stod": .coordinator,
        "GET /admin/:kommun/stod/ny": .coordinator,
        "GET /admin/:kommun/stod/:form": .coordinator,
        "POST /admin/:kommun/stod/:form": .coordinator,
        "POST /admin/:kommun/stod/:form/ta-bort": .coordinator,
        "GET /admin/:kommun/stod/:form/regler": .coordinator,
        "POST /admin/:kommun/stod/:form/regler": .coordinator,
        "GET /:kommun/beslut/:decision/pdf": .anyone,
        "GET /admin/:kommun/beslut": .coordinator,
        "POST /admin/:kommun/beslut": .coordinator,
        "GET /admin/:kommun/beslut/ny": .coordinator,
        "GET /admin/:kommun/beslut/:decision": .coordinator,
        "POST /admin/:kommun/beslut/:decision": .coordinator,
        "POST /admin/:kommun/beslut/:decision/ta-bort": .coordinator,
        "GET /:kommun/aktuellt.atom": .anyone,
        "GET /:kommun/aktuellt/:article": .anyone,
        "GET /:kommun/aktuellt/:article/bild": .anyone,
        "GET /admin/:kommun/aktuellt": .coordinator,
        "POST /admin/:kommun/aktuellt": .coordinator,
        "GET /admin/:kommun/aktuellt/ny": .coordinator,
        "GET /admin/:kommun/aktuellt/:article": .coordinator,
        "POST /admin/:kommun/aktuellt/:article": .coordinator,
        "POST /admin/:kommun/aktuellt/:article/ta-bort": .coordinator,
        "GET /admin/:kommun/aktuellt/:article/bild": .coordinator,
        "GET /:kommun/kontakt/fraga": .anyone,
        "POST /:kommun/kontakt/fraga": .anyone,
        "GET /:kommun/kontakt/arende/:token": .anyone,
        "POST /:kommun/kontakt/arende/:token/bekrafta": .anyone,
        "POST /:kommun/kontakt/arende/:token/skriv": .anyone,
        "POST /:kommun/kontakt/arende/:token/oppna-igen": .anyone,
        "GET /:kommun/kontakt/arende/:token/bilaga/:attachment": .anyone,
        "GET /admin/:kommun/arenden": .staff,
        "GET /admin/:kommun/arenden/:inquiry": .staff,
        "POST /admin/:kommun/arenden/:inquiry/ta": .staff,
        "POST /admin/:kommun/arenden/:inquiry/anteckning": .staff,
        "POST /admin/:kommun/arenden/:inquiry/fraga-mer": .staff,
        "POST /admin/:kommun/arenden/:inquiry/svara": .staff,
        "POST /admin/:kommun/arenden/:inquiry/avsluta": .staff,
        "POST /admin/:kommun/arenden/:inquiry/skicka-vidare": .staff,
        "POST /admin/:kommun/arenden/:inquiry/diarienummer": .staff,
        "POST /admin/:kommun/arenden/:inquiry/overenskommelsen": .staff,
        "GET /admin/:kommun/arenden/:inquiry/utskrift": .staff,
        "GET /admin/:kommun/arenden/:inquiry/bilaga/:attachment": .staff,
        "POST /admin/:kommun/arenden/:inquiry/till-samradet": .coordinator,
        "GET /admin/:kommun/kontakt": .staff,
        "GET /admin/:kommun/kontakt/amnen/ny": .coordinator,
        "POST /admin/:kommun/kontakt/amnen": .coordinator,
        "GET /admin/:kommun/kontakt/amnen/:topic": .coordinator,
        "POST /admin/:kommun/kontakt/amnen/:topic": .coordinator,
        "POST /admin/:kommun/kontakt/amnen/:topic/ta-bort": .coordinator,
        "GET /admin/:kommun/kontakt/amnen/:topic/kontakter/ny": .staff,
        "POST /admin/:kommun/kontakt/amnen/:topic/kontakter": .staff,
        "GET /admin/:kommun/kontakt/amnen/:topic/kontakter/:contact": .staff,
        "POST /admin/:kommun/kontakt/amnen/:topic/kontakter/:contact": .staff,
        "POST /admin/:kommun/kontakt/amnen/:topic/kontakter/:contact/ta-bort": .staff,
        "POST /admin/:kommun/samrad": .coordinator,
        "GET /admin/:kommun/samrad/ledamoter/ny": .coordinator,
        "POST /admin/:kommun/samrad/ledamoter": .coordinator,
        "GET /admin/:kommun/samrad/ledamoter/:member": .coordinator,
        "POST /admin/:kommun/samrad/ledamoter/:member": .coordinator,
        "POST /admin/:kommun/samrad/ledamoter/:member/ta-bort": .coordinator,
        "GET /admin/:kommun/moten": .staff,
        "GET /admin/:kommun/moten/ny": .staff,
        "POST /admin/:kommun/moten": .staff,
        "POST /admin/:kommun/moten/typer": .coordinator,
        "POST /admin/:kommun/moten/typer/:kind/ta-bort": .coordinator,
        "GET /admin/:kommun/moten/:meeting": .arranger,
        "GET /admin/:kommun/moten/:meeting/andra": .arranger,
        "POST /admin/:kommun/moten/:meeting/andra": .arranger,
        "POST /admin/:kommun/moten/:meeting/stall-in": .arranger,
        "POST /admin/:kommun/moten/:meeting/ta-bort": .arranger,
        "GET /admin/:kommun/moten/:meeting/deltagare.csv": .arranger,
        "GET /admin/:kommun/moten/:meeting/narvarolista": .arranger,
        "POST /admin/:kommun/moten/:meeting/bjud-in": .staff,
        "POST /admin/:kommun/moten/:meeting/narvaro": .arranger,
        "POST /admin/:kommun/moten/:meeting/protokoll": .staff,
        // Trainings (issue 15)
        "GET /:kommun/moten/intyg/:token": .anyone,
        "GET /admin/:kommun/foreningar/:org/utbildningar": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/utbildningar/ny": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/utbildningar": .organisationMember,
        "POST /admin/:kommun/moten/:meeting/intyg": .arranger,
        "GET /admin/:kommun/moten/:meeting/intyg/:registration": .arranger,
        // Newsletters (issue 15)
        "GET /:kommun/nyhetsbrev": .anyone,
        "POST /:kommun/nyhetsbrev": .anyone,
        "GET /:kommun/nyhetsbrev/bekrafta/:token": .anyone,
        "POST /:kommun/nyhetsbrev/bekrafta/:token": .anyone,
        "GET /:kommun/nyhetsbrev/:issue": .anyone,
        "GET /admin/:kommun/nyhetsbrev": .coordinator,
        "GET /admin/:kommun/nyhetsbrev/ny": .coordinator,
        "POST /admin/:kommun/nyhetsbrev": .coordinator,
        "GET /admin/:kommun/nyhetsbrev/:issue": .coordinator,
        "POST /admin/:kommun/nyhetsbrev/:issue": .coordinator,
        "POST /admin/:kommun/nyhetsbrev/:issue/skicka": .coordinator,
        "POST /admin/:kommun/nyhetsbrev/:issue/ta-bort": .coordinator,
        // Volunteering (issue 16)
        "GET /:kommun/frivilliguppdrag": .anyone,
        "GET /:kommun/frivilliguppdrag.atom": .anyone,
        "GET /:kommun/frivilliguppdrag.ics": .anyone,
        "GET /:kommun/frivilliguppdrag/:assignment": .anyone,
        "POST /:kommun/frivilliguppdrag/:assignment/intresse": .anyone,
        "GET /:kommun/frivilliguppdrag/mitt-intresse/:token": .anyone,
        "POST /:kommun/frivilliguppdrag/mitt-intresse/:token/bekrafta": .anyone,
        "POST /:kommun/frivilliguppdrag/mitt-intresse/:token/andra": .anyone,
        "POST /:kommun/frivilliguppdrag/mitt-intresse/:token/aterta": .anyone,
        "GET /admin/:kommun/foreningar/:org/frivilliguppdrag": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/frivilliguppdrag/ny": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/frivilliguppdrag": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment": .organisationMember,
        "GET /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment/andra": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment/andra": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment/tillsatt": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment/ta-bort": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/frivilliguppdrag/:assignment/intressen/:interest": .organisationMember,
        "GET /admin/:kommun/frivilliguppdrag": .coordinator,
        "POST /admin/:kommun/frivilliguppdrag/installningar": .coordinator,
        "GET /admin/:kommun/frivilliguppdrag/:assignment": .coordinator,
        "POST /admin/:kommun/frivilliguppdrag/:assignment/godkann": .coordinator,
        "POST /admin/:kommun/frivilliguppdrag/:assignment/skicka-tillbaka": .coordinator,
        "GET /admin/:kommun/regler": .coordinator,
        "POST /admin/:kommun/regler/bedoms-fran": .coordinator,
        "GET /admin/:kommun/version/:version/regler/ny": .coordinator,
        "GET /admin/:kommun/version/:version/regler/ny/:typ": .coordinator,
        "POST /admin/:kommun/version/:version/regler/ny/:typ": .coordinator,
        "GET /admin/:kommun/version/:version/regler/:item": .coordinator,
        "POST /admin/:kommun/version/:version/regler/:item": .coordinator,
        "POST /admin/:kommun/version/:version/regler/:item/ta-bort": .coordinator,
        "POST /admin/:kommun/regler/handelser": .coordinator,
        "POST /admin/:kommun/regler/handelser/:record/ta-bort": .coordinator,
        // Follow-up, action plan, annual report (issue 5)
        "GET /:kommun/uppfoljning": .anyone,
        "GET /:kommun/uppfoljning/:year": .anyone,
        "GET /:kommun/uppfoljning/:year/svar.csv": .anyone,
        "GET /:kommun/uppfoljning/:year/aggregat.csv": .anyone,
        "GET /:kommun/uppfoljning/svar/:token": .anyone,
        "POST /:kommun/uppfoljning/svar/:token": .anyone,
        "GET /admin/:kommun/foreningar/:org/uppfoljning/:year": .organisationMember,
        "POST /admin/:kommun/foreningar/:org/uppfoljning/:year": .organisationMember,
        "GET /admin/:kommun/uppfoljning": .coordinator,
        "POST /admin/:kommun/uppfoljning": .coordinator,
        "POST /admin/:kommun/uppfoljning/forvaltningar": .coordinator,
        "POST /admin/:kommun/uppfoljning/forvaltningar/:department/ta-bort": .coordinator,
        "GET /admin/:kommun/uppfoljning/:year": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/svar/:response/oppna-igen": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/fragor": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/fragor/:question/ta-bort": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/oppna": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/paminn": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/stang": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/publicera": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/kommentarer/:answer": .coordinator,
        "POST /admin/:kommun/uppfoljning/:year/kopplingar": .coordinator,
        "GET /admin/:kommun/handlingsplan": .staff,
        "POST /admin/:kommun/handlingsplan/period": .coordinator,
        "POST /admin/:kommun/handlingsplan/aktiviteter/:activity": .staff,
        "GET /:kommun/arsrapport/:year": .anyone,
        "GET /admin/:kommun/arsrapport/:year": .coordinator,
        "POST /admin/:kommun/arsrapport/:year": .coordinator,
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test func everyRouteIsInTheTableWithTheSameDecision() async throws {
        try await withTestApp(demo: false) { app in
            var seen = Set<String>()
            for route in app.routes.all {
                let key = Self.key(route)
                seen.insert(key)
                let declared = route.userInfo["access"] as? Access
                #expect(declared != nil, "\(key) was registered without an access decision")
                #expect(Self.table[key] != nil, "\(key) is missing from the access table")
                #expect(declared == Self.table[key], "\(key): route says \(String(describing: declared))")
            }
            #expect(seen == Set(Self.table.keys), "table lists routes that do not exist: \(Set(Self.table.keys).subtracting(seen))")
        }
    }

    /// Fills route parameters with real ids of Botkyrka's demo data. `:org` is an organisation
    /// the demo representative does *not* represent.
    private func concretePath(_ route: Route, app: Application) async throws -> String {
        let m = try #require(try await Municipality.query(on: app.db).filter(\.$slug == "botkyrka").first())
        let agreement = try await AgreementStore.version(1, of: m, on: app.db)
        let principle = try #require(try await Principle.query(on: app.db).filter(\.$agreement.$id == agreement.requireID()).first())
        let other = try #require(try await Organisation.query(on: app.db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$name == "Kulturföreningen Hallunda").first())
        let accession = try #require(try await Accession.query(on: app.db).filter(\.$organisation.$id == other.requireID()).first())
        return "/" + route.path.map { component -> String in
            switch component.description {
            case ":kommun": "botkyrka"
            case ":version": "1"
            case ":item": principle.id!.uuidString
            case ":org": other.id!.uuidString
            case ":accession": accession.id!.uuidString
            case ":activity", ":contact", ":file", ":area", ":message", ":meeting", ":registration", ":member", ":kind",
                 ":record", ":department", ":question", ":answer", ":topic", ":inquiry", ":attachment", ":article", ":decision", ":form", ":partnership", ":issue", ":assignment", ":interest": UUID().uuidString
            case ":year": "2026"
            case ":typ": "moten-per-ar"
            case ":token": "ogiltig"
            default: component.description
            }
        }.joined(separator: "/")
    }

    @Test func protectedRoutesRefuseWhoeverTheTableExcludes() async throws {
        try await withTestApp { app in
            let visitor = Client(app)
            let representative = Client(app)
            try await representative.login(Demo.representative("botkyrka"))
            let otherCoordinator = Client(app)
            try await otherCoordinator.login(Demo.coordinator("boras"))
            let officer = Client(app)
            try await officer.login(Demo.officer("botkyrka"))

            for route in app.routes.all {
                let access = try #require(Self.table[Self.key(route)])
                let path = try await concretePath(route, app: app)
                func send(_ client: Client) async throws -> HTTPStatus {
                    route.method == .GET ? try await client.get(path).status : try await client.post(path).status
                }
                switch access {
                case .anyone:
                    continue
                case .signedIn:
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                case .organisationMember:
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                    #expect(try await send(representative) == .forbidden, "\(path) for another organisation's representative")
                    #expect(try await send(otherCoordinator) == .forbidden, "\(path) for another municipality's coordinator")
                case .council:
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                    #expect(try await send(representative) == .forbidden, "\(path) for a representative")
                    #expect(try await send(otherCoordinator) == .forbidden, "\(path) for another municipality's coordinator")
                case .arranger:
                    // `:meeting` is no meeting the representative's organisation arranges.
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                    #expect(try await send(representative) == .forbidden, "\(path) for a representative of another arranger")
                    #expect(try await send(otherCoordinator) == .forbidden, "\(path) for another municipality's coordinator")
                case .staff:
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                    #expect(try await send(representative) == .forbidden, "\(path) for a representative")
                    #expect(try await send(otherCoordinator) == .forbidden, "\(path) for another municipality's coordinator")
                case .coordinator, .platformAdmin:
                    #expect(try await send(visitor) == .seeOther, "\(path) for a visitor")
                    #expect(try await send(representative) == .forbidden, "\(path) for a representative")
                    #expect(try await send(officer) == .forbidden, "\(path) for an officer")
                    #expect(try await send(otherCoordinator) == .forbidden, "\(path) for another municipality's coordinator")
                }
            }
        }
    }
}
