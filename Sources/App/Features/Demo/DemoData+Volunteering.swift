import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    struct DemoAssignment {
        let org: Int
        let area: Int?
        let title: String
        let description: String
        let schedule: VolunteerAssignment.Schedule
        var inDays: Int? = nil
        var hours: (Int, Int)? = nil
        var recurrence: String? = nil
        var days: VolunteerAssignment.Days = .any
        let timeNeeded: String
        var online = false
        var address: String? = nil
        var district: Int? = nil
        var languages = ["sv"]
        var minAge: Int? = nil
        var young = false
        var recordExtract = false
        let wanted: Int
        let lastDay: Int
        let status: VolunteerAssignment.Status
        let postedDaysAgo: Int
        var returnReason: String? = nil
        /// Offers: days since confirmed (nil: not confirmed), and how it stands.
        var offers: [(Int?, VolunteerInterest.Status)] = []
    }

    /// Seven assignments in every municipality, in each state a coordinator meets: four public
    /// (with offers waiting, one for over two weeks, and answered), one waiting for review, one
    /// sent back and one filled. The demo representative's sports club posts three of them.
    static func loadVolunteering(slug: String, municipality m: Municipality, on tx: any Database, now: Date) async throws {
        let mid = try m.requireID()
        let seconds = Int(now.timeIntervalSince1970)
        let today = ObligationCheck.localDate(now)
        let organisations = try await Organisation.query(on: tx).filter(\.$municipality.$id == mid).sort(\.$createdAt).all()
        let byName = organisations.sorted { $0.name < $1.name }
        let demo = DemoData.organisations(for: slug)
        let areas = try await ActivityArea.query(on: tx).filter(\.$municipality.$id == mid).sort(\.$position).all()
        let districts = DemoData.districts(for: slug)
        func org(_ index: Int) -> Organisation? { byName.first { $0.name == demo[index].name } }
        let items: [DemoAssignment] = [
            .init(org: 0, area: 0, title: "Ledare till simskolan på lördagar",
                  description: "Hjälp våra tränare i simskolan för barn mellan sex och tio år. Du är med i vattnet eller på kanten och peppar barnen.\n\nVi ger dig en introduktion och en erfaren ledare att gå bredvid den första tiden.",
                  schedule: .recurring, recurrence: "lördagar 10–12", days: .weekends, timeNeeded: "2 timmar i veckan",
                  address: "Simhallen", district: 1, minAge: 16, young: true, recordExtract: true, wanted: 3, lastDay: 40,
                  status: .published, postedDaysAgo: 30, offers: [(17, .open), (3, .open), (12, .accepted), (nil, .unconfirmed)]),
            .init(org: 0, area: 0, title: "Funktionärer till ungdomscupen",
                  description: "Vi ordnar en fotbollscup för 40 lag. Vi behöver folk till kiosken, sekretariatet och parkeringen. Lunch ingår.",
                  schedule: .once, inDays: 24, hours: (9, 15), timeNeeded: "En dag, 6 timmar", district: 1, languages: ["sv", "en"],
                  minAge: 13, young: true, wanted: 10, lastDay: 20, status: .published, postedDaysAgo: 12, offers: [(9, .open), (2, .declined)]),
            .init(org: 0, area: nil, title: "Hjälp att måla om klubbstugan",
                  description: "Klubbstugan behöver ny färg innan säsongen. Vi bjuder på fika och står för verktygen.",
                  schedule: .flexible, days: .weekends, timeNeeded: "Några timmar en helg", address: "Klubbstugan vid idrottsplatsen",
                  district: 1, wanted: 6, lastDay: 50, status: .pending, postedDaysAgo: 1),
            .init(org: 3, area: 5, title: "Språkvän på distans",
                  description: "Träffa en person som lär sig svenska, på video eller i telefon, en gång i veckan. Ni pratar om vardagen och övar på det hen behöver.",
                  schedule: .flexible, timeNeeded: "1 timme i veckan", online: true, languages: ["sv", "ar", "so", "fa"],
                  wanted: 20, lastDay: 90, status: .published, postedDaysAgo: 45, offers: [(20, .accepted)]),
            .init(org: 2, area: 3, title: "Promenadvärd för seniorgruppen",
                  description: "Led en lugn promenad för äldre som vill röra på sig i sällskap. Rundan är på fyra kilometer och slutar med kaffe.",
                  schedule: .recurring, recurrence: "onsdagar 10–11", days: .weekdays, timeNeeded: "1 timme i veckan",
                  address: "Biblioteket", district: 0, wanted: 2, lastDay: 60, status: .published, postedDaysAgo: 25),
            .init(org: 4, area: 6, title: "Odlingshjälp i stadsodlingen",
                  description: "Vattna, rensa och skörda i stadsodlingen tillsammans med skolklasser.",
                  schedule: .flexible, days: .weekdays, timeNeeded: "2 timmar när det passar", district: 3, wanted: 4, lastDay: 15,
                  status: .filled, postedDaysAgo: 60, offers: [(50, .accepted), (48, .accepted), (40, .declined)]),
            .init(org: 1, area: 1, title: "Scenvärdar till vårföreställningen",
                  description: "Ta emot publiken, visa till platserna och hjälp till i pausen.",
                  schedule: .flexible, timeNeeded: "En kväll", district: 2, wanted: 4, lastDay: 70, status: .returned, postedDaysAgo: 5,
                  returnReason: "Skriv vilken dag föreställningen är och när värdarna behöver vara på plats, så att de som anmäler sig vet vad de lovar."),
        ]
        let names = ["Amina Exempel", "Jonas Demosson", "Sara Provberg", "Leo Testlund", "Noor Exempelsdotter"]
        var person = 0
        for item in items {
            guard let o = org(item.org) else { continue }
            let a = VolunteerAssignment()
            a.$municipality.id = mid
            a.$organisation.id = try o.requireID()
            a.$area.id = item.area.flatMap { $0 < areas.count ? areas[$0].id : nil }
            a.title = item.title
            a.description = item.description
            a.schedule = item.schedule
            a.days = item.days
            if let inDays = item.inDays, let (from, to) = item.hours {
                let day = today.adding(days: inDays)
                if case .exact(let s) = StockholmTime.utc(from: .init(date: day, hour: from, minute: 0)) { a.startsAt = s }
                if case .exact(let e) = StockholmTime.utc(from: .init(date: day, hour: to, minute: 0)) { a.endsAt = e }
                a.days = day.weekday == 0 || day.weekday == 6 ? .weekends : .weekdays
            }
            a.recurrence = item.recurrence
            a.timeNeeded = item.timeNeeded
            a.online = item.online
            a.address = item.address
            a.district = item.district.map { districts[$0 % districts.count] }
            a.languages = "," + item.languages.joined(separator: ",") + ","
            a.minAge = item.minAge
            a.suitsYoung = item.young
            a.recordExtract = item.recordExtract
            a.wanted = item.wanted
            a.lastDay = today.adding(days: item.lastDay).description
            a.status = item.status
            a.returnReason = item.returnReason
            a.postedAt = seconds - item.postedDaysAgo * 86_400
            if [.published, .filled].contains(item.status) { a.publishedAt = a.postedAt + 86_400 }
            if item.status == .filled {
                a.filledAt = seconds - 10 * 86_400
                a.endedOn = today.adding(days: -10).description
            }
            a.searchText = SearchText.fold(item.title + " " + item.description)
            try await a.create(on: tx)
            for (confirmedDaysAgo, status) in item.offers {
                let i = VolunteerInterest()
                i.$assignment.id = try a.requireID()
                i.name = names[person % names.count]
                i.email = "frivillig\(person + 1).\(slug)@exempel.se"
                i.phone = person % 2 == 0 ? "070-000 00 \(10 + person)" : nil
                i.message = "Hej! Jag har tid på helger och vill gärna hjälpa till. Jag har gjort liknande saker förut."
                i.language = "sv"
                i.status = status
                let confirmed = confirmedDaysAgo.map { seconds - $0 * 86_400 }
                i.createdAt = (confirmed ?? seconds - 3600) - 600
                i.confirmBy = i.createdAt + VolunteerPolicy.confirmHours * 3600
                i.confirmedAt = confirmed
                if status.isAnswered, let confirmed {
                    i.answeredAt = confirmed + 2 * 86_400
                    i.answeredBy = "Föreningsföreträdare"
                    i.answer = status == .accepted ? "Välkommen! Vi ses första gången nästa vecka; du får mer information av oss innan."
                        : "Tack för att du hörde av dig. Den här gången har vi redan tillräckligt många, men hör gärna av dig igen."
                }
                try await i.create(on: tx)
                person += 1
            }
        }
    }
}
