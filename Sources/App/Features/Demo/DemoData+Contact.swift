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

extension DemoData {
    /// A handful of inquiries in every state, so a new user sees the queue, an overdue one, one
    /// waiting for its inquirer, answers, and one that waits for the coordinator to route it.
    static func loadInquiries(slug: String, municipality m: Municipality, officer: User, coordinator: User, representative: User,
                              files: FileStore?, on tx: any Database, now: Date) async throws {
        let mid = try m.requireID()
        let topics = try await Topic.query(on: tx).filter(\.$municipality.$id == mid).all()
        func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
        let today = StockholmTime.local(fromUTC: Int(now.timeIntervalSince1970)).date
        /// Noon, `workingDays` working days before today.
        func received(_ workingDays: Int) -> Int {
            var day = today
            var left = workingDays
            while left > 0 { day = day.adding(days: -1); if WorkingDays.isWorkingDay(day) { left -= 1 } }
            if case .exact(let t) = StockholmTime.utc(from: .init(date: day, hour: 12, minute: 0)) { return t }
            return Int(now.timeIntervalSince1970) - workingDays * 86_400
        }
        struct Step { let kind: InquiryEvent.Kind; let after: Int; let by: User?; let text: String?; let hidden: Bool }
        let cases: [(topic: String?, kind: Inquiry.Kind, status: Inquiry.Status, subject: String, body: String, name: String, email: String,
                     user: User?, age: Int, assignee: User?, reference: String?, steps: [Step])] = [
            ("Föreningsbidrag och andra stöd", .question, .new, "Bidrag till en sommaraktivitet",
             "Vi vill ordna en vecka med aktiviteter för barn i sommar. Vilket bidrag kan vi söka, och när?",
             representative.name, representative.email, representative, 1, nil, nil, []),
            ("Lokaler och samlingsplatser", .clarification, .assigned, "Vem får hyra skolans matsal?",
             "Får en ideell förening hyra skolans matsal en lördag, och gäller samma taxa som för idrottshallen?",
             "Nils Persson", "nils.persson@exempel.se", nil, 9, officer, nil,
             [Step(kind: .assigned, after: 1, by: officer, text: nil, hidden: true),
              Step(kind: .note, after: 2, by: officer, text: "Taxan för matsalar ses över; hör med lokalbokningen.", hidden: true)]),
            ("Frivilliga och volontärer", .question, .waiting, "Försäkring för frivilliga",
             "Är våra frivilliga försäkrade när de hjälper till på kommunens äldreboende?",
             "Amira Saleh", "amira.saleh@exempel.se", nil, 4, coordinator, nil,
             [Step(kind: .askedForMore, after: 1, by: coordinator, text: "Vilket äldreboende gäller det, och är de frivilliga medlemmar i er förening?", hidden: false)]),
            ("Idéburet offentligt partnerskap (IOP)", .suggestion, .answered, "Partnerskap kring läxhjälp",
             "Vi har drivit läxhjälp i fem år och vill pröva ett partnerskap med kommunen.",
             "Elin Strand", "elin.strand@exempel.se", nil, 12, nil, nil,
             [Step(kind: .answer, after: 3, by: coordinator,
                   text: "Tack för förslaget! Vi bjuder in er till ett första samtal om ett idéburet offentligt partnerskap i nästa månad.", hidden: false)]),
            ("Arrangemang och tillstånd", .complaint, .closed, "Besked om torgtillstånd dröjde",
             "Vi fick beskedet om tillstånd för vår marknad dagen före, trots att vi sökt i god tid.",
             "Johan Lind", "johan.lind@exempel.se", nil, 20, nil, "KS \(today.year)/\(40 + slug.count)",
             [Step(kind: .reassigned, after: 1, by: coordinator, text: "Till Arrangemang och tillstånd: tillståndet är deras.", hidden: true),
              Step(kind: .registered, after: 1, by: coordinator, text: "KS \(today.year)/\(40 + slug.count)", hidden: true),
              Step(kind: .answer, after: 4, by: coordinator, text: "Vi beklagar. Handläggningen är ändrad så att beskedet kommer senast två veckor före.", hidden: false),
              Step(kind: .closed, after: 5, by: coordinator, text: nil, hidden: false)]),
            (nil, .friction, .new, "Svårt att veta vem som svarar",
             "Vi skickar ofta samma fråga till tre förvaltningar innan någon tar den.",
             "Karin Öberg", "karin.oberg@exempel.se", nil, 2, nil, nil, []),
        ]
        for c in cases {
            let inquiry = Inquiry()
            inquiry.$municipality.id = mid
            let t = c.topic.flatMap(topic)
            inquiry.$topic.id = t?.id
            inquiry.$department.id = t?.$department.id
            inquiry.kind = c.kind
            inquiry.status = c.status
            inquiry.subject = c.subject
            inquiry.body = c.body
            inquiry.inquirerName = c.name
            inquiry.inquirerEmail = c.email
            inquiry.$user.id = c.user?.id
            inquiry.$assignee.id = c.assignee?.id
            inquiry.receivedAt = received(c.age)
            inquiry.verifiedAt = inquiry.receivedAt
            inquiry.targetDays = t?.targetDays ?? m.answerTargetDays
            inquiry.referenceNumber = c.reference
            try await inquiry.create(on: tx)
            var events = [InquiryEvent(inquiry, .received, at: inquiry.receivedAt, author: c.user, name: c.name)]
            for s in c.steps {
                let at = inquiry.receivedAt + s.after * 86_400
                events.append(InquiryEvent(inquiry, s.kind, at: at, author: s.by, name: s.by?.name ?? c.name, text: s.text, internal: s.hidden))
                if s.kind == .answer { Inquiries.recordFirstAnswer(inquiry, at: at, events: events) }
                if s.kind == .closed { inquiry.closedAt = at }
            }
            try await events.create(on: tx)
            inquiry.dueOn = Inquiries.due(inquiry, events: events, today: today).description
            try await inquiry.save(on: tx)
            // The question about the school's dining hall came with the association's booking wishes.
            if c.kind == .clarification, let files {
                let pdf = SimplePDF.document(lines: ["Önskade tider i matsalen", "Lördagar 10–16, september till maj"])
                let written = try files.write(ByteBuffer(bytes: pdf))
                let a = InquiryAttachment()
                a.$inquiry.id = try inquiry.requireID()
                a.originalName = "onskade-tider.pdf"
                a.contentType = "application/pdf"
                a.storedName = written.storedName
                a.sha256 = written.sha256
                a.size = written.size
                a.createdAt = inquiry.receivedAt
                try await a.create(on: tx)
            }
        }
        try await loadAnsweredHistory(municipality: m, topics: topics, coordinator: coordinator, today: today, received: received, on: tx)
    }

    /// A year of answered and closed inquiries, so the statistics and the response-time figures
    /// have something to show (a few answered later than their target).
    static func loadAnsweredHistory(municipality m: Municipality, topics: [Topic], coordinator: User, today: CalendarDate,
                                    received: (Int) -> Int, on tx: any Database) async throws {
        guard !topics.isEmpty else { return }
        let subjects = ["Fråga om ansökan", "Hur bokar vi en lokal?", "Tider för redovisning", "Vem kan vi prata med?",
                        "Förslag om samarbete", "Återkoppling efter möte"]
        let names = ["Anna Berg", "Omar Haddad", "Lena Nyström", "Peter Ek", "Sara Lund", "Mikael Holm", "Fatima Ali", "Jonas Sjö"]
        let sorted = topics.sorted { $0.position < $1.position }
        var inquiries: [Inquiry] = []
        for i in 0..<36 {
            let topic = sorted[i % sorted.count]
            let inquiry = Inquiry()
            inquiry.$municipality.id = try m.requireID()
            inquiry.$topic.id = topic.id
            inquiry.$department.id = topic.$department.id
            inquiry.kind = i % 5 == 4 ? .suggestion : .question
            inquiry.status = .closed
            inquiry.subject = subjects[i % subjects.count]
            inquiry.body = "Exempel på en besvarad fråga."
            inquiry.inquirerName = names[i % names.count]
            inquiry.inquirerEmail = SearchText.fold(names[i % names.count]).replacingOccurrences(of: " ", with: ".") + "@exempel.se"
            inquiry.receivedAt = received(25 + i * 6)
            inquiry.verifiedAt = inquiry.receivedAt
            inquiry.targetDays = topic.targetDays
            inquiries.append(inquiry)
        }
        try await inquiries.create(on: tx)
        var events: [InquiryEvent] = []
        for (i, inquiry) in inquiries.enumerated() {
            let start = StockholmTime.local(fromUTC: inquiry.receivedAt).date
            // One in six takes longer than its target.
            let took = i % 6 == 5 ? inquiry.targetDays + 2 : 1 + i % max(1, inquiry.targetDays)
            let answered = StockholmTime.startOfDay(WorkingDays.due(from: start, days: took)) + 14 * 3600
            let steps = [InquiryEvent(inquiry, .received, at: inquiry.receivedAt, author: nil, name: inquiry.inquirerName),
                         InquiryEvent(inquiry, .answer, at: answered, author: coordinator, name: coordinator.name,
                                      text: "Tack för frågan. Här är vårt svar, med en kontakt för fortsättningen."),
                         InquiryEvent(inquiry, .closed, at: answered + 3 * 86_400, author: coordinator, name: coordinator.name)]
            Inquiries.recordFirstAnswer(inquiry, at: answered, events: steps)
            inquiry.closedAt = answered + 3 * 86_400
            inquiry.dueOn = Inquiries.due(inquiry, events: steps, today: today).description
            events += steps
        }
        try await events.create(on: tx)
        for inquiry in inquiries { try await inquiry.save(on: tx) }
    }
}
