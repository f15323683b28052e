import Fluent
import Foundation
import SamverkanCore
import Vapor

/// A decision of the municipality that affects civil society: which body decided, when, its
/// reference number, what it says, a link or a PDF, the principles of the agreement it touches,
/// and whether the sector was consulted before it (in time, too late, not at all), with the
/// council meeting where it was raised. The share consulted in time is the agreement's evidence.
final class Decision: Model, @unchecked Sendable {
    static let schema = "decisions"

    enum Consultation: String, Codable, CaseIterable, Sendable { case inTime, tooLate, no }

    @ID(key: .id) var id: UUID?
    @Parent(key: "municipality_id") var municipality: Municipality
    @Field(key: "title") var title: String
    /// The body that decided (a nämnd, the council, the executive board).
    @Field(key: "decided_by") var decidedBy: String
    @Field(key: "decided_on") var decidedOn: String
    @OptionalField(key: "reference_number") var referenceNumber: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "url") var url: String?
    @OptionalField(key: "pdf_stored_name") var pdfStoredName: String?
    @OptionalField(key: "pdf_name") var pdfName: String?
    @OptionalField(key: "pdf_sha256") var pdfSHA256: String?
    @Field(key: "consultation") var consultation: Consultation
    @OptionalField(key: "consulted_on") var consultedOn: String?
    /// The council meeting where it was raised with the sector.
    @OptionalParent(key: "meeting_id") var meeting: Meeting?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var year: Int? { CalendarDate(decidedOn)?.year }
}

/// A principle of the agreement a decision touches, by its key (it holds across versions).
final class DecisionPrinciple: Model, @unchecked Sendable {
    static let schema = "decision_principles"

    @ID(key: .id) var id: UUID?
    @Parent(key: "decision_id") var decision: Decision
    @Field(key: "key") var key: String

    init() {}
}

extension Decision: MunicipalityScoped { static var municipalityKey: KeyPath<Decision, FieldProperty<Decision, UUID>> { \.$municipality.$id } }

/// The year's share of decisions on which the sector was consulted in time.
struct ConsultationFigures: Sendable, Encodable {
    let year: Int
    let decisions: Int
    let inTime: Int
    var percent: Int? { decisions == 0 ? nil : (inTime * 100 + decisions / 2) / decisions }

    init(year: Int, _ all: [Decision]) {
        let of = all.filter { $0.year == year }
        self.year = year
        decisions = of.count
        inTime = of.filter { $0.consultation == .inTime }.count
    }

    func text(_ t: Translator) -> String {
        percent.map { t("decisions.share", String(inTime), String(decisions), String($0), String(year)) } ?? t("decisions.shareNone", String(year))
    }
}
