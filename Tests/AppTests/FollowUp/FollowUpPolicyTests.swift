@testable import App
import Foundation
import Testing

/// The per-object decisions about the follow-up and the annual report, without HTTP.
@Suite struct FollowUpPolicyTests {
    static let here = MeetingPolicyTests.here, elsewhere = MeetingPolicyTests.elsewhere
    static func user(_ role: Role, in municipality: UUID?) -> User { MeetingPolicyTests.user(role, in: municipality) }

    @Test(arguments: [
        (FollowUpRound.Status.draft, false, false), (.open, false, false), (.closed, false, true), (.published, true, true),
    ])
    func theReportIsForEveryoneOncePublishedAndForStaffOnceClosed(status: FollowUpRound.Status, visitor: Bool, staff: Bool) {
        #expect(FollowUpPolicy.maySeeReport(status, user: nil, municipalityID: Self.here) == visitor)
        #expect(FollowUpPolicy.maySeeReport(status, user: Self.user(.representative, in: Self.here), municipalityID: Self.here) == visitor)
        #expect(FollowUpPolicy.maySeeReport(status, user: Self.user(.officer, in: Self.here), municipalityID: Self.here) == staff)
        #expect(FollowUpPolicy.maySeeReport(status, user: Self.user(.officer, in: Self.elsewhere), municipalityID: Self.here) == visitor)
        #expect(FollowUpPolicy.mayListRound(status, user: nil, municipalityID: Self.here) == (status == .published))
        #expect(FollowUpPolicy.mayListRound(status, user: Self.user(.coordinator, in: Self.here), municipalityID: Self.here))
    }

    @Test func onlyTheOrganisationsRepresentativesAnswer() {
        let club = UUID()
        #expect(FollowUpPolicy.mayAnswer(for: club, user: Self.user(.representative, in: Self.here), representing: [club]))
        #expect(!FollowUpPolicy.mayAnswer(for: club, user: Self.user(.representative, in: Self.here), representing: [UUID()]))
        #expect(!FollowUpPolicy.mayAnswer(for: club, user: Self.user(.coordinator, in: Self.here), representing: [club]))
        #expect(!FollowUpPolicy.mayAnswer(for: club, user: nil, representing: [club]))
    }

    @Test func theAnnualReportIsPublicOncePublished() {
        #expect(AnnualReportPolicy.maySee(publishedAt: Date(), user: nil, municipalityID: Self.here))
        #expect(!AnnualReportPolicy.maySee(publishedAt: nil, user: nil, municipalityID: Self.here))
        #expect(AnnualReportPolicy.maySee(publishedAt: nil, user: Self.user(.officer, in: Self.here), municipalityID: Self.here))
        #expect(!AnnualReportPolicy.maySee(publishedAt: nil, user: Self.user(.officer, in: Self.elsewhere), municipalityID: Self.here))
        #expect(AnnualReportPolicy.mayEdit(Self.user(.coordinator, in: Self.here), municipalityID: Self.here))
        #expect(!AnnualReportPolicy.mayEdit(Self.user(.officer, in: Self.here), municipalityID: Self.here))
    }
}
