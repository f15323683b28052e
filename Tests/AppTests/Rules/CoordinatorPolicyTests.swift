@testable import App
import Foundation
import Testing

/// The decisions kept for a municipality's coordinator (rules, council, the plan's period), without HTTP.
@Suite struct CoordinatorPolicyTests {
    static let here = MeetingPolicyTests.here, elsewhere = MeetingPolicyTests.elsewhere
    static func user(_ role: Role, in municipality: UUID?) -> User { MeetingPolicyTests.user(role, in: municipality) }

    @Test(arguments: [
        (Role.coordinator, true), (.officer, false), (.representative, false), (.platformAdmin, true),
    ])
    func theCoordinatorEdits(role: Role, allowed: Bool) {
        let user = Self.user(role, in: role == .platformAdmin ? nil : Self.here)
        #expect(RulesPolicy.mayRecord(user, municipalityID: Self.here) == allowed)
        #expect(CouncilPolicy.mayEdit(user, municipalityID: Self.here) == allowed)
        #expect(ActionPlanPolicy.mayEditPeriod(user, municipalityID: Self.here) == allowed)
        // Never in another municipality (a platform administrator excepted).
        let away = Self.user(role, in: role == .platformAdmin ? nil : Self.elsewhere)
        #expect(RulesPolicy.mayRecord(away, municipalityID: Self.here) == (role == .platformAdmin))
        #expect(!RulesPolicy.mayRecord(nil, municipalityID: Self.here))
    }

    @Test func officersAreNotWarnedOfRules() {
        #expect(RulesPolicy.watchesRules(Self.user(.coordinator, in: Self.here)))
        #expect(!RulesPolicy.watchesRules(Self.user(.officer, in: Self.here)))
    }
}
