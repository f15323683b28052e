import Fluent
import SamverkanCore
import Vapor

/// Demo councils, a year of meetings around today (some with minutes and attendance),
/// registrations, and the follow-ups that the rules count. Dates are relative to the day the
/// demo is loaded, so the rules page always has something to show; in Södertälje the yearly
/// follow-up is due within the warning time, so one rule is at risk.
extension DemoData {
    struct DemoCouncil {
        let name: String
        let municipalitySide: [(String, String, CouncilMember.Role)]
        let civilSide: [(String, String, CouncilMember.Role)]
    }

    static func council(for slug: String) -> DemoCouncil {
        let names: [String: String] = ["botkyrka": "Styrgruppen för den lokala överenskommelsen", "boras": "Samrådet",
                                       "orebro": "Dialoggruppen", "sodertalje": "Samverkansgruppen", "eslov": "Styrgruppen"]
        let civil = organisations(for: slug)
        return DemoCouncil(
            name: names[slug] ?? "Samrådet",
            municipalitySide: [("Karin Lund", "Kommunstyrelsens förvaltning", .chair),
                               ("Ahmed Hassan", "Kultur- och fritidsförvaltningen", .member),
                               ("Eva Berg", "Socialförvaltningen", .member),
                               ("Johan Ek", "Utbildningsförvaltningen", .deputy)],
            civilSide: [("Maria Nilsson", civil[0].name, .viceChair),
                        ("Samir Yousef", civil[3].name, .member),
                        ("Lena Holm", civil[2].name, .member),
                        ("Petra Sjöberg", civil[1].name, .deputy)])
    }

    /// A demo meeting `days` from today, 18:00–20:00 Swedish time unless told otherwise.
    struct DemoMeeting {
        let days: Int
        let kind: String
        let title: String
        var audience: Meeting.Audience = .everyone
        var capacity: Int? = nil
        var cancelled = false
        var minutes: String? = nil
        var hours: (Int, Int) = (18, 20)
        var registrations = 0
        /// Arranged by the organisation the demo representative represents (the sector invites).
        var bySector = false
        /// The participants present have had their certificates.
        var certified = false
    }

    static func meetings(for slug: String, ownKind: UUID?) -> [DemoMeeting] {
        let annual = slug == "boras" ? "Stormöte: året som gått" : "Stormöte om överenskommelsen"
        var list: [DemoMeeting] = [
            .init(days: -320, kind: MeetingKind.dialogue.rawValue, title: "Dialogmöte: lokaler och samlingsplatser",
                  minutes: "Parterna gick igenom behovet av lokaler. Kommunen redovisade vilka skollokaler som kan hyras kvällstid.",
                  registrations: 6),
            .init(days: -230, kind: MeetingKind.council.rawValue, title: "Samrådets möte", audience: .council,
                  minutes: "Samrådet gick igenom årets aktiviteter och förberedde stormötet.", registrations: 4),
            .init(days: -150, kind: MeetingKind.training.rawValue, title: "Seminarium: idéburet offentligt partnerskap",
                  capacity: 40, registrations: 5),
            .init(days: -75, kind: MeetingKind.dialogue.rawValue, title: "Dialogmöte om föreningsbidragen", cancelled: true),
            .init(days: -40, kind: MeetingKind.training.rawValue, title: "Utbildning: styrelsearbete och ekonomi i föreningen",
                  capacity: 20, registrations: 8, bySector: true, certified: true),
            .init(days: 62, kind: MeetingKind.training.rawValue, title: "Utbildning: så söker föreningen bidrag och lokaler",
                  capacity: 30, registrations: 3, bySector: true),
            .init(days: 21, kind: MeetingKind.dialogue.rawValue, title: "Dialogmöte: hur går samverkan?", capacity: 8,
                  registrations: 10),
            .init(days: 48, kind: MeetingKind.council.rawValue, title: "Samrådets möte", audience: .council),
            .init(days: 110, kind: MeetingKind.annual.rawValue, title: annual, audience: .everyone, capacity: 150, hours: (13, 17)),
        ]
        if let ownKind {
            list.append(.init(days: 35, kind: ownKind.uuidString, title: "Föreningsfrukost med kommunen", audience: .organisations,
                              capacity: 25, hours: (8, 9)))
        }
        return list
    }

    static func loadDialogue(slug: String, municipality m: Municipality, representative: User,
                             on tx: any Database, now: Date) async throws {
        let mid = try m.requireID()
        let today = StockholmTime.local(fromUTC: Int(now.timeIntervalSince1970)).date
        let demo = council(for: slug)
        let council = Council(municipalityID: mid, name: demo.name,
                              description: "Kommunen och den idéburna sektorn leder arbetet med överenskommelsen tillsammans här.")
        try await council.create(on: tx)
        func seat(_ name: String, _ affiliation: String, _ role: CouncilMember.Role, _ party: Party,
                  email: String? = nil, from: CalendarDate, until: CalendarDate? = nil) async throws {
            let member = CouncilMember()
            member.$council.id = try council.requireID()
            member.name = name
            member.email = email
            member.party = party
            member.affiliation = affiliation
            member.role = role
            member.termStart = from.description
            member.termEnd = until?.description
            try await member.create(on: tx)
        }
        let termStart = CalendarDate(year: today.year - 1, month: 1, day: 1)!
        for (name, affiliation, role) in demo.municipalitySide {
            try await seat(name, affiliation, role, .municipality, from: termStart)
        }
        for (index, (name, affiliation, role)) in demo.civilSide.enumerated() {
            // The demo representative sits on the council, so council meetings can be tried out.
            try await seat(name, affiliation, role, .civilSociety, email: index == 1 ? representative.email : nil, from: termStart)
        }
        try await seat("Gunnar Åberg", demo.civilSide[0].1, .member, .civilSociety,
                       from: CalendarDate(year: today.year - 4, month: 1, day: 1)!, until: termStart.adding(days: -1))

        var ownKind: UUID?
        if slug == "eslov" {
            let kind = MeetingKindDefinition()
            kind.$municipality.id = mid
            kind.name = "Föreningsfrukost"
            try await kind.create(on: tx)
            ownKind = kind.id
        }
        let organisations = try await Organisation.query(on: tx).filter(\.$municipality.$id == mid).sort(\.$name).all()
        let represented = try await OrganisationRepresentative.query(on: tx).filter(\.$user.$id == representative.requireID()).first()?
            .$organisation.id
        let place = "Kommunhuset, stora salen"
        for (number, d) in meetings(for: slug, ownKind: ownKind).enumerated() {
            let day = today.adding(days: d.days)
            guard case .exact(let start) = StockholmTime.utc(from: .init(date: day, hour: d.hours.0, minute: 0)),
                  case .exact(let end) = StockholmTime.utc(from: .init(date: day, hour: d.hours.1, minute: 0)) else { continue }
            let meeting = Meeting()
            meeting.$municipality.id = mid
            meeting.kind = d.kind
            meeting.title = d.title
            meeting.description = "Ett möte inom överenskommelsen mellan \(m.name) och den idéburna sektorn. Alla som anmäler sig är välkomna att ta upp frågor."
            meeting.agenda = "Välkomna och presentation\nLäget i samverkan\nFrågor från föreningarna\nNästa steg"
            meeting.startsAt = start
            meeting.endsAt = end
            meeting.place = place
            meeting.onlineURL = d.kind == MeetingKind.council.rawValue ? nil : "https://mote.example/\(slug)-\(number + 1)"
            meeting.capacity = d.capacity
            meeting.registrationDeadline = d.days > 0 ? start - 2 * 86_400 : nil
            meeting.audience = d.audience
            meeting.$arranger.id = d.bySector ? represented : nil
            meeting.status = d.cancelled ? .cancelled : .scheduled
            meeting.statusNote = d.cancelled ? "För få anmälda; frågan tas upp på nästa dialogmöte." : nil
            meeting.sequence = d.cancelled ? 1 : 0
            if let minutes = d.minutes {
                meeting.minutes = minutes
                meeting.decisions = "Samrådet bereder frågan vidare till nästa möte."
                meeting.minutesPublishedAt = end + 86_400
            }
            try await meeting.create(on: tx)
            for i in 0..<d.registrations {
                let r = MeetingRegistration()
                r.$meeting.id = try meeting.requireID()
                let org = organisations.isEmpty ? nil : organisations[i % organisations.count]
                r.$organisation.id = org?.id
                r.$registeredBy.id = i == 0 ? representative.id : nil
                r.name = ["Anna", "Bilal", "Cecilia", "David", "Elin", "Farah", "Gustav", "Hanna", "Ismail", "Jenny"][i % 10]
                    + " " + ["Karlsson", "Ali", "Lind", "Öberg", "Persson", "Haddad", "Ström", "Falk", "Noor", "Wik"][(i + number) % 10]
                r.email = "deltagare\(i + 1).mote\(number + 1).\(slug)@exempel.se"
                r.status = d.capacity.map { i < $0 } ?? true ? .confirmed : .waiting
                r.token = LinkToken.issue().hash
                r.attended = d.days < 0 ? (r.status == .confirmed ? i % 4 != 3 : nil) : nil
                r.registeredAt = now.addingTimeInterval(Double(min(d.days, 0) - 30 + i) * 86_400)
                r.remindedAt = d.days < 0 ? start - 2 * 86_400 : nil
                if d.certified, r.attended == true {
                    r.certificateToken = LinkToken.issue().hash
                    r.certificateSentAt = end + 86_400
                }
                try await r.create(on: tx)
            }
        }

        // What the follow-up and review rules count. Södertälje's last follow-up was eleven
        // months ago, so the next is due within the warning time: that rule is at risk.
        let records: [(ObligationRecord.Kind, Int, String)] = slug == "sodertalje"
            ? [(.followUp, -335, "Årlig uppföljning i samverkansgruppen"), (.planReview, -400, "Översyn av utvecklingsplanen")]
            : [(.followUp, -150, "Uppföljning av åtagandena tillsammans med undertecknarna")]
        for (kind, days, title) in records {
            let record = ObligationRecord()
            record.$municipality.id = mid
            record.kind = kind
            record.date = today.adding(days: days).description
            record.title = title
            try await record.create(on: tx)
        }
    }
}
