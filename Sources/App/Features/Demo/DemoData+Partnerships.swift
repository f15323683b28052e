import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    /// One or two partnerships per municipality with organisations of its register, tied to the
    /// first commitments of its agreement; one public with its contribution, one not public (the
    /// coordinator sees it), and a follow-up due within two weeks so the reminder shows.
    static func loadPartnerships(municipality m: Municipality, agreement: Agreement, files: FileStore?, on tx: any Database, now: Date) async throws {
        let today = ObligationCheck.localDate(now)
        let mid = try m.requireID()
        let organisations = try await Organisation.query(on: tx).filter(\.$municipality.$id == mid).filter(\.$status == .approved).sort(\.$name).limit(2).all()
        guard let first = organisations.first else { return }
        let departments = try await Department.query(on: tx).filter(\.$municipality.$id == mid).all()
        let commitments = try await Commitment.query(on: tx).filter(\.$agreement.$id == agreement.requireID()).sort(\.$position).limit(3).all()
        let social = departments.first { $0.name.hasPrefix("Social") } ?? departments.first
        let culture = departments.first { $0.name.hasPrefix("Kultur") } ?? departments.first
        let items: [(org: Organisation, title: String, purpose: String, department: Department?, start: Int, end: Int?, contribution: String,
                     status: Partnership.Status, isPublic: Bool, contributionPublic: Bool, followUp: Int?, commitments: [Int])] = [
            (first, "Läxhjälp och fritid för unga", "Unga får stöd med skolarbetet och en meningsfull fritid, tre kvällar i veckan.",
             social, -300, 430, "250 000 kronor per år och en lokal i kommunens fritidsgård", .active, true, true, 10, [0, 1]),
            (organisations.last ?? first, "Mötesplats för nyanlända", "En mötesplats där nyanlända övar svenska och får kontakt med föreningslivet.",
             culture, 30, nil, "Lokal och en samordnare på halvtid", .planned, false, false, nil, [2]),
        ]
        for item in items.prefix(organisations.count >= 2 ? 2 : 1) {
            let p = Partnership()
            p.$municipality.id = mid
            p.$organisation.id = try item.org.requireID()
            p.$department.id = item.department?.id
            p.title = item.title
            p.purpose = item.purpose
            p.startsOn = today.adding(days: item.start).description
            p.endsOn = item.end.map { today.adding(days: $0).description }
            p.contribution = item.contribution
            p.status = item.status
            p.isPublic = item.isPublic
            p.contributionPublic = item.contributionPublic
            p.nextFollowUpOn = item.followUp.map { today.adding(days: $0).description }
            // The public one has its signed agreement attached.
            if item.isPublic, let files {
                let pdf = SimplePDF.document(lines: ["Överenskommelse om partnerskap", item.title, "Parter: kommunen och \(item.org.name)"])
                let written = try files.write(ByteBuffer(bytes: pdf))
                p.documentStoredName = written.storedName
                p.documentSHA256 = written.sha256
                p.documentName = "overenskommelse-om-partnerskap.pdf"
            }
            try await p.create(on: tx)
            for index in item.commitments where index < commitments.count {
                let c = PartnershipCommitment()
                c.$partnership.id = try p.requireID()
                c.key = commitments[index].key
                try await c.create(on: tx)
            }
        }
    }
}
