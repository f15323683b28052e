@testable import App
import Foundation
import Testing

/// Who may manage an organisation's own pages and review applications, without HTTP.
@Suite struct RegisterPolicyTests {
    static let here = MeetingPolicyTests.here, elsewhere = MeetingPolicyTests.elsewhere
    static func user(_ role: Role, in municipality: UUID?) -> User { MeetingPolicyTests.user(role, in: municipality) }

    @Test func anOrganisationsPagesAreForItsRepresentativesAndItsMunicipalitysStaff() {
        #expect(RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.representative, in: Self.here), represents: true))
        #expect(!RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.representative, in: Self.here), represents: false))
        // A representative registered in another municipality does not reach this one's organisations.
        #expect(!RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.representative, in: Self.elsewhere), represents: true))
        #expect(RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.officer, in: Self.here), represents: false))
        #expect(!RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.coordinator, in: Self.elsewhere), represents: false))
        #expect(RegisterPolicy.mayManage(organisationIn: Self.here, user: Self.user(.platformAdmin, in: nil), represents: false))
    }

    @Test func onlyTheCoordinatorReviews() {
        #expect(RegisterPolicy.mayReview(Self.user(.coordinator, in: Self.here), municipalityID: Self.here))
        #expect(!RegisterPolicy.mayReview(Self.user(.officer, in: Self.here), municipalityID: Self.here))
        #expect(!RegisterPolicy.mayReview(nil, municipalityID: Self.here))
    }

    @Test func onlyARepresentativesAccountOfTheSameMunicipalityIsAddedByInvitation() {
        #expect(RegisterPolicy.mayBeInvited(Self.user(.representative, in: Self.here), municipalityID: Self.here))
        #expect(!RegisterPolicy.mayBeInvited(Self.user(.representative, in: Self.elsewhere), municipalityID: Self.here))
        #expect(!RegisterPolicy.mayBeInvited(Self.user(.officer, in: Self.here), municipalityID: Self.here))
        #expect(!RegisterPolicy.mayBeInvited(Self.user(.platformAdmin, in: nil), municipalityID: Self.here))
    }
}
