import Fluent
import SamverkanCore
import Vapor

/// Demo directories of one way in: six to seven topics per municipality, each with the department
/// that answers (the agreement's coordinator for the agreement itself) and contact persons, one of
/// them not shown publicly. The demo officer works at the department of culture and leisure and
/// keeps its contacts.
extension DemoData {
    static let officerDepartment = "Kultur- och fritidsförvaltningen"

    struct DemoTopic {
        let name: String
        let description: String
        let department: String?
        let days: Int
        let people: [(name: String, title: String, isPublic: Bool)]
    }

    static func topics(for slug: String) -> [DemoTopic] {
        var list: [DemoTopic] = [
            .init(name: "Föreningsbidrag och andra stöd", description: "Vilka bidrag som finns, hur man söker och när besked kommer.",
                  department: "Kultur- och fritidsförvaltningen", days: 5,
                  people: [("Lina Berg", "Föreningskonsulent", true), ("Omar Haddad", "Bidragshandläggare", true)]),
            .init(name: "Lokaler och samlingsplatser", description: "Att hyra skollokaler, föreningslokaler och idrottshallar kvällar och helger.",
                  department: "Kultur- och fritidsförvaltningen", days: 5, people: [("Karin Sjöberg", "Lokalbokare", true)]),
            .init(name: "Idéburet offentligt partnerskap (IOP)", description: "När en förening och kommunen vill bygga ett långsiktigt partnerskap kring ett gemensamt mål.",
                  department: "Kommunledningsförvaltningen", days: 10, people: [("Jonas Ek", "Utvecklingsstrateg", true)]),
            .init(name: "Överenskommelsen och samverkan", description: "Frågor om överenskommelsen, att ansluta sig, dialogmötena och samrådet.",
                  department: nil, days: 5, people: []),
            .init(name: "Frivilliga och volontärer", description: "Att hitta frivilliga, samordna insatser och frågor om frivilligt arbete.",
                  department: "Socialförvaltningen", days: 5,
                  people: [("Maria Lindqvist", "Volontärsamordnare", true), ("Erik Nyström", "Enhetschef", false)]),
            .init(name: "Arrangemang och tillstånd", description: "Att ordna ett evenemang på allmän plats: tillstånd, avspärrningar och tider.",
                  department: "Samhällsbyggnadsförvaltningen", days: 8, people: [("Sofia Holm", "Handläggare", true)]),
        ]
        switch slug {
        case "orebro":
            list.append(.init(name: "Föreningsregistret", description: "Att registrera föreningen hos kommunen och hålla uppgifterna aktuella.",
                              department: "Kultur- och fritidsförvaltningen", days: 3, people: [("Anna Wikström", "Registeransvarig", true)]))
        case "sodertalje":
            list.append(.init(name: "Information på flera språk", description: "Översättningar och tolkning när föreningen vill nå fler invånare.",
                              department: "Kommunledningsförvaltningen", days: 10, people: [("Ahmad Karimi", "Kommunikatör", true)]))
        case "boras":
            list.append(.init(name: "Praktik och arbetsmarknad", description: "Samarbeten kring praktikplatser och arbetsträning i föreningar.",
                              department: "Arbetsmarknadsförvaltningen", days: 5, people: [("Petra Olsson", "Arbetsmarknadskonsulent", true)]))
        case "eslov":
            list.append(.init(name: "Skola och föreningsliv", description: "Föreningar som vill samarbeta med skolor och fritidshem.",
                              department: "Utbildningsförvaltningen", days: 5, people: [("Henrik Dahl", "Samordnare för skola och fritid", true)]))
        default:
            break
        }
        return list
    }

    static func loadContact(slug: String, municipality m: Municipality, on tx: any Database) async throws {
        let mid = try m.requireID()
        let departments = try await Department.query(on: tx).filter(\.$municipality.$id == mid).all()
        for (index, demo) in topics(for: slug).enumerated() {
            let topic = Topic()
            topic.$municipality.id = mid
            topic.$department.id = demo.department.flatMap { name in departments.first { $0.name == name }?.id }
            topic.name = demo.name
            topic.description = demo.description
            topic.targetDays = demo.days
            topic.position = index + 1
            try await topic.create(on: tx)
            for (position, person) in demo.people.enumerated() {
                let contact = TopicContact()
                contact.$topic.id = try topic.requireID()
                contact.name = person.name
                contact.title = person.title
                let local = SearchText.fold(person.name).replacingOccurrences(of: " ", with: ".")
                contact.email = "\(local)@\(slug).samverkan.example"
                contact.phone = "0" + String(100 + slug.count * 7) + "-12 3\(index) \(40 + position)"
                contact.isPublic = person.isPublic
                contact.position = position + 1
                try await contact.create(on: tx)
            }
        }
    }
}
