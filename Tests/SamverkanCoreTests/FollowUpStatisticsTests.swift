import SamverkanCore
import Testing

@Suite struct FollowUpStatisticsTests {
    @Test func theMeanAndDistributionLeaveDontKnowOut() {
        let s = RatingSummary(counts: [1, 0, 2, 3, 2], dontKnow: 4, minimum: 5)
        #expect(s.answered == 12)
        #expect(s.rated == 8)
        // (1 + 6 + 12 + 10) / 8
        #expect(s.mean == 29.0 / 8.0)
        #expect(s.distribution == [0.125, 0, 0.25, 0.375, 0.25])
        #expect(!s.suppressed)
    }

    @Test func belowTheMinimumNothingIsShown() {
        let s = RatingSummary(counts: [0, 0, 0, 4, 0], dontKnow: 0, minimum: 5)
        #expect(s.suppressed)
        #expect(s.mean == nil)
        #expect(s.distribution == nil)
        // "Don't know" counts towards the minimum: five people answered.
        let t = RatingSummary(counts: [0, 0, 0, 4, 0], dontKnow: 1, minimum: 5)
        #expect(!t.suppressed)
        #expect(t.mean == 4)
        #expect(RatingSummary(counts: [1, 0, 0, 0, 0], dontKnow: 0, minimum: 0).minimum == 1)
    }

    @Test func onlyDontKnowHasNoMean() {
        let s = RatingSummary(counts: [0, 0, 0, 0, 0], dontKnow: 6, minimum: 5)
        #expect(!s.suppressed)
        #expect(s.mean == nil)
        #expect(s.distribution == [0, 0, 0, 0, 0])
    }

    @Test func figuresAreWrittenTheSwedishWay() {
        #expect(RatingSummary.format(3.625) == "3,6")
        #expect(RatingSummary.format(4) == "4,0")
        #expect(RatingSummary.format(2.345, decimals: 2) == "2,35")
    }

    @Test func choiceQuestionsAreSuppressedByRespondents() {
        #expect(ChoiceSummary(options: ["a", "b"], counts: [3, 4], respondents: 4, minimum: 5).suppressed)
        #expect(!ChoiceSummary(options: ["a", "b"], counts: [3, 4], respondents: 5, minimum: 5).suppressed)
    }
}

@Suite struct CommitmentMatchingTests {
    typealias Item = CommitmentMatching.Item

    @Test func theSameTextContinuesAcrossVersions() {
        let earlier = [Item(id: "a1", text: "Se till att överenskommelsen följs upp varje år."),
                       Item(id: "a2", text: "Bidra med kunskap och erfarenhet")]
        let current = [Item(id: "b1", text: "Bidra med  kunskap och erfarenhet."),
                       Item(id: "b2", text: "se till att överenskommelsen följs upp varje år"),
                       Item(id: "b3", text: "Ett nytt åtagande")]
        let match = CommitmentMatching.match(current: current, earlier: earlier, links: [])
        #expect(match == ["b1": "a2", "b2": "a1"])
    }

    @Test func aLinkJoinsRewordedCommitmentsAndWinsOverText() {
        let earlier = [Item(id: "a1", text: "Ordna dialogmöten"), Item(id: "a2", text: "Ordna mötesplatser")]
        let current = [Item(id: "c1", text: "Ordna mötesplatser där föreningar kan träffas"), Item(id: "c2", text: "Ordna mötesplatser")]
        // Linked through a middle version: a2 → b1 → c1.
        let match = CommitmentMatching.match(current: current, earlier: earlier, links: [("a2", "b1"), ("b1", "c1")])
        #expect(match["c1"] == "a2")
        // a2 is taken by the link, so c2's identical text finds nothing left.
        #expect(match["c2"] == nil)
    }

    @Test func linksInACircleEnd() {
        let match = CommitmentMatching.match(current: [Item(id: "x", text: "t")], earlier: [Item(id: "y", text: "u")],
                                             links: [("x", "z"), ("z", "x")])
        #expect(match.isEmpty)
    }
}

@Suite struct SVGChartTests {
    @Test func barsScaleAndTextIsEscaped() {
        let svg = SVGChart.horizontalBars(id: "k1", title: "Mötesplatser <&>", description: "Medel per part",
                                          bars: [.init(label: "Idéburen sektor", value: 2.5), .init(label: "Kommunen", value: nil, shade: 1)],
                                          maximum: 5, valueText: { RatingSummary.format($0) }, missingText: "för få svar")
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.contains("<title id=\"k1-t\">Mötesplatser &lt;&amp;&gt;</title>"))
        #expect(svg.contains("aria-labelledby=\"k1-t k1-d\""))
        #expect(svg.contains("width=\"150\""))
        #expect(svg.contains("2,5"))
        #expect(svg.contains("för få svar"))
    }

    @Test func eachPartyHasOneColourAndEarlierYearsAreStripedInIt() {
        let svg = SVGChart.horizontalBars(id: "k2", title: "T", description: "D", bars: [
            .init(label: "Idéburen sektor 2026", value: 4, shade: 0), .init(label: "Kommunen 2026", value: 3, shade: 1),
            .init(label: "Idéburen sektor 2025", value: 3.5, shade: 0, earlier: true), .init(label: "Kommunen 2025", value: 2, shade: 1, earlier: true),
        ], maximum: 5, valueText: { RatingSummary.format($0) }, missingText: "")
        #expect(svg.contains(#"fill="\#(SVGChart.shades[0])" stroke="\#(SVGChart.shades[0])""#))
        #expect(svg.contains(##"fill="url(#k2-s0)" stroke="\##(SVGChart.shades[0])""##))
        #expect(svg.contains(##"fill="url(#k2-s1)" stroke="\##(SVGChart.shades[1])""##))
        #expect(svg.contains(#"<pattern id="k2-s1""#))
        #expect(SVGChart.shades.count == 2)
    }
}
