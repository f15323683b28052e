import Fluent
import Vapor

/// Who a meeting is for: who may register and who gets its invitation.
enum MeetingAudience {
    /// The organisations a user may register people for, for this meeting. Empty for residents.
    static func organisations(of user: User?, for meeting: Meeting, in m: Municipality, on db: any Database) async throws -> [Organisation] {
        guard let user, MeetingPolicy.registersForOrganisations(user, meeting: meeting, municipalityID: m.id) else { return [] }
        var query = Organisation.query(on: db)
            .join(OrganisationRepresentative.self, on: \Organisation.$id == \OrganisationRepresentative.$organisation.$id)
            .filter(OrganisationRepresentative.self, \.$user.$id == (try user.requireID()))
            .filter(\.$municipality.$id == (try m.requireID())).filter(\.$status == .approved)
        if meeting.audience == .signatories { query = query.filter(\.$signatorySince != nil) }
        return try await query.sort(\.$name).all()
    }

    /// Whether `email` belongs to a member of the council sitting today.
    static func sitsOnCouncil(_ email: String, in m: Municipality, on db: any Database, today: String) async throws -> Bool {
        let normalised = User.normalise(email: email)
        guard let council = try await Council.query(on: db).filter(\.$municipality.$id == m.requireID()).first() else { return false }
        return try await CouncilMember.query(on: db).filter(\.$council.$id == council.requireID()).all()
            .contains { $0.email.map(User.normalise(email:)) == normalised && $0.sits(on: today) }
    }

    /// Every address the invitation goes to: representatives of the organisations in the audience,
    /// and the council's sitting members (for every audience, as the council runs the dialogue).
    static func recipients(of meeting: Meeting, in m: Municipality, on db: any Database, today: String) async throws -> [String] {
        var emails: [String] = []
        if meeting.audience != .council {
            var query = User.query(on: db)
                .join(OrganisationRepresentative.self, on: \User.$id == \OrganisationRepresentative.$user.$id)
                .join(Organisation.self, on: \OrganisationRepresentative.$organisation.$id == \Organisation.$id)
                .filter(Organisation.self, \.$municipality.$id == (try m.requireID()))
                .filter(Organisation.self, \.$status == .approved)
                .filter(\.$emailVerifiedAt != nil)
            if meeting.audience == .signatories { query = query.filter(Organisation.self, \.$signatorySince != nil) }
            emails += try await query.all().map(\.email)
        }
        if let council = try await Council.query(on: db).filter(\.$municipality.$id == m.requireID()).first() {
            emails += try await CouncilMember.query(on: db).filter(\.$council.$id == council.requireID()).all()
                .filter { $0.sits(on: today) }.compactMap(\.email)
        }
        var seen = Set<String>()
        return emails.map(User.normalise(email:)).filter { seen.insert($0).inserted }
    }
}
