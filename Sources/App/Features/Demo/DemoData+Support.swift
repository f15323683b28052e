import Fluent
import Foundation
import SamverkanCore
import Vapor

extension DemoData {
    /// The municipality's forms of support: a grant whose rules changed two months ago (so the
    /// history shows what changed), premises, the loan of equipment, and advice, in Botkyrka and
    /// Södertälje about partnerships (IOP), which their agreements name.
    static func loadSupport(municipality m: Municipality, on tx: any Database, now: Date) async throws {
        let today = ObligationCheck.localDate(now)
        let seconds = Int(now.timeIntervalSince1970)
        let partnership = ["botkyrka", "sodertalje"].contains(m.slug)
        let items: [(kind: SupportForm.Kind, name: String, who: String, how: String, deadlines: String?, versions: [(days: Int, rules: String, note: String?)])] = [
            (.grant, "Föreningsbidrag", "Ideella föreningar med säte i kommunen som är registrerade i föreningsregistret.",
             "Ansök via e-tjänsten med verksamhetsberättelse och budget.", "15 mars och 15 september",
             [(-400, "Bidraget räknas på antalet aktiva medlemmar.\n\nBidrag ges till föreningar med minst 15 medlemmar.", nil),
              (-60, "Bidraget räknas på antalet aktiva medlemmar och sammankomster.\n\nBidrag ges till föreningar med minst 10 medlemmar.",
               "Gränsen sänks från 15 till 10 medlemmar, och sammankomster räknas in.")]),
            (.premises, "Lokaler för föreningar", "Föreningar i föreningsregistret.",
             "Boka i lokalbokningen minst två veckor i förväg.", nil,
             [(-200, "Ideella föreningar betalar den lägre taxan. Lokalen lämnas städad.", nil)]),
            (.equipment, "Lån av utrustning", "Föreningar som ordnar öppna arrangemang i kommunen.",
             "Beställ via kontaktsidan; hämtas och lämnas på fritidsgården.", nil,
             [(-150, "Utrustningen lånas ut utan kostnad i upp till en vecka.", nil)]),
            (.advice, partnership ? "Rådgivning om idéburet offentligt partnerskap" : "Föreningsrådgivning",
             "Alla idéburna organisationer i kommunen.", "Boka ett samtal via kontaktsidan.", nil,
             [(-90, partnership ? "Kommunen hjälper föreningen att pröva om ett partnerskap passar, och hur det i så fall kan utformas."
                               : "Föreningskonsulenten ger råd om styrelsearbete, ekonomi och ansökningar.", nil)]),
        ]
        var taken: Set<String> = []
        for (position, item) in items.enumerated() {
            let f = SupportForm()
            f.$municipality.id = try m.requireID()
            f.kind = item.kind
            f.name = item.name
            f.slug = Articles.slug(item.name, taken: taken)
            taken.insert(f.slug)
            f.whoMayApply = item.who
            f.howToApply = item.how
            f.deadlines = item.deadlines
            f.position = position + 1
            try await f.create(on: tx)
            for v in item.versions {
                let version = SupportRuleVersion()
                version.$form.id = try f.requireID()
                version.effectiveFrom = today.adding(days: v.days).description
                version.rules = v.rules
                version.changeNote = v.note
                version.createdAt = seconds + v.days * 86_400
                try await version.create(on: tx)
            }
        }
    }
}
