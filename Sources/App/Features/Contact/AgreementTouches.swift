import Fluent
import SamverkanCore
import Vapor

/// What of the agreement in force an inquiry can be linked to: its principles and commitments,
/// each named by a tag ("principle:dialog", "commitment:c3") that holds across versions.
struct AgreementTouches: Sendable {
    struct Choice: Sendable { let tag: String; let label: String }

    let principles: [Choice]
    let commitments: [Choice]

    var tags: Set<String> { Set((principles + commitments).map(\.tag)) }

    /// The names of the tags, in the agreement's order; a tag the agreement no longer has is left out.
    func names(of tags: Set<String>) -> [String] {
        (principles + commitments).filter { tags.contains($0.tag) }.map(\.label)
    }

    /// Three queries: the agreement in force, its principles and its commitments.
    static func load(_ m: Municipality, on db: any Database) async throws -> AgreementTouches {
        guard let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == m.requireID())
            .filter(\.$status == .inForce).first() else { return .init(principles: [], commitments: []) }
        let id = try agreement.requireID()
        let principles = try await Principle.query(on: db).filter(\.$agreement.$id == id).sort(\.$position).all()
        let commitments = try await Commitment.query(on: db).filter(\.$agreement.$id == id).sort(\.$position).all()
        return .init(
            principles: principles.map { .init(tag: InquiryTouch.tag(.principle, $0.key), label: $0.name) },
            commitments: commitments.map { c in
                let text = c.text.count > 120 ? String(c.text.prefix(117)) + "…" : c.text
                return .init(tag: InquiryTouch.tag(.commitment, c.key), label: text)
            })
    }

    /// The council's next meeting that is not cancelled, if one is planned.
    static func nextCouncilMeeting(_ m: Municipality, on db: any Database, now: Int) async throws -> Meeting? {
        try await Meeting.query(on: db).filter(\.$municipality.$id == m.requireID()).filter(\.$kind == MeetingKind.council.rawValue)
            .filter(\.$status == .scheduled).filter(\.$startsAt > now).sort(\.$startsAt).first()
    }
}

extension InquiryTouch {
    static func tag(_ kind: Kind, _ key: String) -> String { "\(kind.rawValue):\(key)" }
    var tag: String { Self.tag(kind, key) }

    convenience init?(_ inquiry: Inquiry, tag: String) {
        let parts = tag.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let kind = Kind(rawValue: parts[0]), let id = inquiry.id else { return nil }
        self.init()
        self.$inquiry.id = id
        self.kind = kind
        self.key = parts[1]
    }
}
