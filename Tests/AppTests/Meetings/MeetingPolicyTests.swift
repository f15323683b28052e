@testable import App
import Foundation
import Testing

/// The per-object decisions about meetings, without HTTP.
@Suite struct MeetingPolicyTests {
    static let here = UUID(), elsewhere = UUID(), club = UUID(), otherClub = UUID()

    static func user(_ role: Role, in municipality: UUID?) -> User {
        let user = User(email: "x@exempel.se", name: "X", passwordHash: "x", role: role, municipalityID: municipality, verifiedAt: nil)
        user.id = UUID()
        return user
    }

    static func registration(by registeredBy: UUID?, for organisation: UUID?) -> MeetingRegistration {
        let r = MeetingRegistration()
        r.$registeredBy.id = registeredBy
        r.$organisation.id = organisation
        return r
    }

    @Test func whoMayCancelARegistration() {
        let rep = Self.user(.representative, in: Self.here)
        let resident = Self.registration(by: nil, for: nil)
        let theirs = Self.registration(by: rep.id, for: nil)
        let clubs = Self.registration(by: UUID(), for: Self.club)
        // The person who registered, and a representative of the organisation it is for.
        #expect(MeetingPolicy.mayCancel(theirs, by: rep, representing: [], municipalityID: Self.here))
        #expect(MeetingPolicy.mayCancel(clubs, by: rep, representing: [Self.club], municipalityID: Self.here))
        #expect(!MeetingPolicy.mayCancel(clubs, by: rep, representing: [Self.otherClub], municipalityID: Self.here))
        #expect(!MeetingPolicy.mayCancel(resident, by: rep, representing: [Self.club], municipalityID: Self.here))
        // The municipality's staff, not another municipality's, and nobody logged out.
        #expect(MeetingPolicy.mayCancel(resident, by: Self.user(.officer, in: Self.here), representing: [], municipalityID: Self.here))
        #expect(!MeetingPolicy.mayCancel(resident, by: Self.user(.coordinator, in: Self.elsewhere), representing: [], municipalityID: Self.here))
        #expect(MeetingPolicy.mayCancel(resident, by: Self.user(.platformAdmin, in: nil), representing: [], municipalityID: Self.here))
        #expect(!MeetingPolicy.mayCancel(resident, by: nil, representing: [], municipalityID: Self.here))
        // Staff may cancel, but it is not their own registration: the public page does not list it.
        #expect(!MeetingPolicy.isOwn(resident, by: Self.user(.officer, in: Self.here), representing: []))
    }

    @Test func administeringAndKinds() {
        #expect(MeetingPolicy.mayAdminister(Self.user(.officer, in: Self.here), municipalityID: Self.here))
        #expect(!MeetingPolicy.mayAdminister(Self.user(.representative, in: Self.here), municipalityID: Self.here))
        #expect(!MeetingPolicy.mayManageKinds(Self.user(.officer, in: Self.here), municipalityID: Self.here))
        #expect(MeetingPolicy.mayManageKinds(Self.user(.coordinator, in: Self.here), municipalityID: Self.here))
        #expect(!MeetingPolicy.mayManageKinds(Self.user(.coordinator, in: Self.elsewhere), municipalityID: Self.here))
    }

    @Test func representativesRegisterForTheirOrganisationsExceptAtCouncilMeetings() {
        let dialogue = Meeting(), council = Meeting()
        dialogue.audience = .organisations
        council.audience = .council
        let rep = Self.user(.representative, in: Self.here)
        #expect(MeetingPolicy.registersForOrganisations(rep, meeting: dialogue, municipalityID: Self.here))
        #expect(!MeetingPolicy.registersForOrganisations(rep, meeting: council, municipalityID: Self.here))
        #expect(!MeetingPolicy.registersForOrganisations(Self.user(.representative, in: Self.elsewhere), meeting: dialogue, municipalityID: Self.here))
        #expect(!MeetingPolicy.registersForOrganisations(Self.user(.officer, in: Self.here), meeting: dialogue, municipalityID: Self.here))
        #expect(!MeetingPolicy.registersForOrganisations(nil, meeting: dialogue, municipalityID: Self.here))
    }
}
