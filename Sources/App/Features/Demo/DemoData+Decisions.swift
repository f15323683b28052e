import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    /// Three decisions per municipality that affect the sector: one the sector was heard on in
    /// time (raised at the council's last meeting), one heard too late, one not heard at all.
    static func loadDecisions(municipality m: Municipality, agreement: Agreement, on tx: any Database, now: Date) async throws {
        let today = ObligationCheck.localDate(now)
        let mid = try m.requireID()
        let principles = try await Principle.query(on: tx).filter(\.$agreement.$id == agreement.requireID()).sort(\.$position).all()
        let council = try await Meeting.query(on: tx).filter(\.$municipality.$id == mid).filter(\.$kind == MeetingKind.council.rawValue)
            .filter(\.$startsAt < Int(now.timeIntervalSince1970)).sort(\.$startsAt, .descending).first()
        let items: [(title: String, by: String, days: Int, ref: String, summary: String, consultation: Decision.Consultation, heardDays: Int?,
                     principles: [Int], meeting: Bool)] = [
            ("Nya regler för föreningsbidrag", "Kultur- och fritidsnämnden", -45, "KFN \(today.year)/14",
             "Bidragen söks två gånger om året i stället för en, och en förening kan få stöd för att starta ny verksamhet.",
             .inTime, -80, [0, 1], true),
            ("Ändrade taxor för skollokaler", "Kommunstyrelsen", -20, "KS \(today.year)/31",
             "Ideella föreningar betalar samma taxa för skolans lokaler som för idrottshallarna från och med nästa termin.",
             .tooLate, -24, [1], false),
            ("Riktlinjer för idéburet offentligt partnerskap", "Kommunfullmäktige", -120, "KF \(today.year)/7",
             "Kommunen antar riktlinjer för när och hur ett partnerskap med en idéburen organisation kan ingås.",
             .no, nil, [0], false),
        ]
        for item in items {
            let d = Decision()
            d.$municipality.id = mid
            d.title = item.title
            d.decidedBy = item.by
            d.decidedOn = today.adding(days: item.days).description
            d.referenceNumber = item.ref
            d.summary = item.summary
            d.url = "https://\(m.slug).samverkan.example/beslut/\(item.ref.lowercased().replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "/", with: "-"))"
            d.consultation = item.consultation
            d.consultedOn = item.heardDays.map { today.adding(days: $0).description }
            d.$meeting.id = item.meeting ? council?.id : nil
            try await d.create(on: tx)
            for index in item.principles where index < principles.count {
                let p = DecisionPrinciple()
                p.$decision.id = try d.requireID()
                p.key = principles[index].key
                try await p.create(on: tx)
            }
        }
    }
}
