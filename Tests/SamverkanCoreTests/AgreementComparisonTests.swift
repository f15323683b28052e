import SamverkanCore
import Testing

@Suite struct AgreementComparisonTests {
    typealias C = AgreementDocument.Commitment
    typealias P = AgreementDocument.Principle

    func document(_ principles: [P], _ commitments: [C], rules: [AgreementDocument.Rule] = [], title: String = "Överenskommelsen") -> AgreementDocument {
        AgreementDocument(title: title, subtitle: nil, purpose: nil, parties: .init(municipality: "Kommunen", civilSociety: "Föreningarna"),
                          metadata: .init(), principles: principles, commitments: commitments, developmentAreas: [], rules: rules)
    }

    let dialog = P(key: "dialog", name: "Dialog")
    let open = P(key: "oppenhet", name: "Öppenhet")

    @Test func eachCommitmentIsAddedRemovedRewordedMovedOrTheSame() {
        let old = document([dialog, open], [
            C(key: "a", party: .municipality, text: "Kommunen bjuder in till dialog två gånger om året.", principles: ["dialog"]),
            C(key: "b", party: .civilSociety, text: "Föreningarna sprider information till sina medlemmar.", principles: ["oppenhet"]),
            C(key: "c", party: .both, text: "Parterna följer upp överenskommelsen varje år.", principles: ["dialog"]),
            C(key: "d", party: .municipality, text: "Kommunen publicerar beslut som rör sektorn.", principles: ["oppenhet"]),
        ])
        let new = document([dialog, open], [
            C(key: "a", party: .municipality, text: "Kommunen bjuder in till dialog tre gånger om året.", principles: ["dialog"]),
            C(key: "b", party: .civilSociety, text: "Föreningarna sprider information till sina medlemmar.", principles: ["dialog", "oppenhet"]),
            C(key: "c", party: .both, text: "parterna följer upp överenskommelsen varje år", principles: ["dialog"]),
            C(key: "e", party: .both, text: "Parterna ordnar en gemensam utbildning.", principles: ["dialog"]),
        ])
        let result = AgreementComparison.compare(old, new)
        #expect(result.count(.reworded) == 1)
        #expect(result.count(.moved) == 1)
        #expect(result.count(.added) == 1)
        #expect(result.count(.removed) == 1)
        #expect(result.unchanged == 1, "a capital and a full stop are no change")
        let reworded = result.commitments.first { $0.kinds == [.reworded] }
        #expect(reworded?.words == [.init(.same, "Kommunen bjuder in till dialog"), .init(.removed, "två"), .init(.added, "tre"), .init(.same, "gånger om året.")])
        #expect(result.commitments.first { $0.kinds == [.removed] }?.old?.key == "d")
        #expect(result.commitments.first { $0.kinds == [.added] }?.new?.key == "e")
    }

    @Test func aCommitmentWithANewKeyButTheSameTextOrALinkIsTheSameCommitment() {
        let old = document([dialog], [
            C(key: "gammal", party: .both, text: "Parterna träffas varje år.", principles: ["dialog"]),
            C(key: "x", party: .both, text: "Något helt annat.", principles: ["dialog"]),
        ])
        let new = document([dialog], [
            C(key: "ny", party: .both, text: "Parterna träffas varje år.", principles: ["dialog"]),
            C(key: "y", party: .municipality, text: "En ny lydelse av samma löfte.", principles: ["dialog"]),
        ])
        let unlinked = AgreementComparison.compare(old, new)
        #expect(unlinked.unchanged == 1)
        #expect(unlinked.count(.added) == 1 && unlinked.count(.removed) == 1)
        let linked = AgreementComparison.compare(old, new, links: [("x", "y")])
        #expect(linked.count(.added) == 0 && linked.count(.removed) == 0)
        #expect(linked.commitments.first?.kinds == [.reworded, .party])
    }

    @Test func aRenamedPrincipleIsNotAMoveAndRulesAndDetailsAreCompared() {
        let old = document([dialog, open], [C(key: "a", party: .both, text: "Text.", principles: ["oppenhet"])],
                           rules: [.meetingsPerYear(kind: .dialogue, minimum: 2, note: nil)])
        let renamed = P(key: "oppenhet", name: "Öppenhet och insyn", description: "Ny beskrivning")
        let added = P(key: "mod", name: "Mod")
        let new = document([renamed, added], [C(key: "a", party: .both, text: "Text.", principles: ["oppenhet"])],
                           rules: [.meetingsPerYear(kind: .dialogue, minimum: 3, note: nil), .followUp(everyMonths: 12, note: nil)],
                           title: "Överenskommelsen 2027")
        let result = AgreementComparison.compare(old, new)
        #expect(result.commitments.isEmpty)
        #expect(result.unchanged == 1)
        #expect(result.principles.map(\.kinds) == [[.renamed, .described], [.added], [.removed]])
        #expect(result.addedRules.count == 2 && result.removedRules.count == 1)
        #expect(result.fields == [.init(field: "title", old: "Överenskommelsen", new: "Överenskommelsen 2027")])
        #expect(AgreementComparison.compare(new, new).isEmpty)
    }

    @Test func wordDiffsKeepEveryWordOnceInOrder() {
        let cases = [("", "ny text"), ("gammal text", ""), ("a b c d", "a x c y d"), ("samma", "samma")]
        for (a, b) in cases {
            let d = WordDiff.diff(a, b)
            #expect(d.filter { $0.kind != .added }.map(\.text).joined(separator: " ") == a)
            #expect(d.filter { $0.kind != .removed }.map(\.text).joined(separator: " ") == b)
        }
        let long = Array(repeating: "ord", count: WordDiff.maximumWords + 1).joined(separator: " ")
        #expect(WordDiff.diff(long, "kort").map(\.kind) == [.removed, .added])
    }
}
