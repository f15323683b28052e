import Fluent
import SamverkanCore
import Vapor

/// The follow-up questionnaire as one respondent fills it in: the commitments grouped by
/// principle, each on a labelled 1–5 scale with "don't know" and a comment, then the extra questions.
struct QuestionnairePage: Encodable {
    struct Option: Encodable { let value: String; let label: String; let checked: Bool; let id: String }
    struct Question: Encodable {
        let id: String
        let number: Int
        let text: String
        let owner: String?
        let isRated: Bool
        let isText: Bool
        let isSingle: Bool
        let isMultiple: Bool
        let options: [Option]
        let comment: String
        let error: String?
        let commentError: String?
    }
    struct Section: Encodable { let name: String; let questions: [Question] }

    let chrome: Chrome
    let csrf: String
    let action: String
    let respondent: String
    let year: Int
    let closesOn: String
    let sections: [Section]
    let extras: [Question]?
    let editable: Bool
    let statusText: String
    let errorSummary: [FormPage.ErrorLink]?
    /// After "Skicka in" with questions left open: which ones, and a way to submit anyway.
    let unanswered: [FormPage.ErrorLink]?
    let unansweredText: String?
    let reportURL: String?

    static func build(chrome: Chrome, csrf: String, action: String, respondent: String, round: FollowUpRound,
                      questions: [FollowUpQuestion], principles: [Principle], owners: [UUID: String],
                      entries: [UUID: FollowUpAnswers.Entry], errors: [String: String], response: FollowUpResponse,
                      today: String, t: Translator, unanswered: [FollowUpQuestion] = [], reportURL: String?) -> QuestionnairePage {
        let editable = response.status != .submitted && round.takesAnswers(today: today)
        func question(_ q: FollowUpQuestion) -> Question {
            let id = q.id!.uuidString
            let entry = entries[q.id!] ?? FollowUpAnswers.Entry()
            var options: [Option]
            switch q.kind {
            case .commitment, .rating:
                options = (1...5).map { Option(value: String($0), label: t("followUp.scale.\($0)"), checked: entry.rating == $0, id: "q-\(id)-\($0)") }
                options.append(Option(value: FollowUpAnswers.dontKnow, label: t("followUp.dontKnow"), checked: entry.dontKnow, id: "q-\(id)-vetej"))
            case .single, .multiple:
                options = q.optionList.enumerated().map { Option(value: String($0.offset), label: $0.element,
                                                                 checked: entry.choices.contains($0.offset), id: "q-\(id)-\($0.offset)") }
            case .text:
                options = []
            }
            return Question(id: id, number: q.position, text: q.text,
                            owner: q.$commitment.id.flatMap { owners[$0] }.map { t("followUp.owner.\($0)") },
                            isRated: q.isRated, isText: q.kind == .text, isSingle: q.kind == .single, isMultiple: q.kind == .multiple,
                            options: options, comment: entry.text ?? "", error: errors["q-\(id)"], commentError: errors["c-\(id)"])
        }
        let sections: [Section] = principles.compactMap { p in
            let list = questions.filter { $0.kind == .commitment && $0.$principle.id == p.id }.map(question)
            return list.isEmpty ? nil : Section(name: p.name, questions: list)
        }
        let extras = questions.filter { $0.kind != .commitment }.map(question)
        let status: String
        switch (response.status, editable) {
        case (.submitted, _): status = t("questionnaire.submitted", response.submittedAt.map { ObligationCheck.localDate($0).description } ?? "")
        case (_, false) where round.status == .open && today < round.opensOn:
            status = t("questionnaire.notYetOpen", round.opensOn, round.closesOn)
        case (_, false): status = t("questionnaire.closed", round.closesOn)
        case (.draft, true): status = t("questionnaire.draft", round.closesOn)
        case (.invited, true): status = t("questionnaire.notStarted", round.closesOn)
        }
        return QuestionnairePage(
            chrome: chrome, csrf: csrf, action: action, respondent: respondent, year: round.year, closesOn: round.closesOn,
            sections: sections, extras: extras.isEmpty ? nil : extras, editable: editable, statusText: status,
            errorSummary: errors.isEmpty ? nil : errors.sorted { $0.key < $1.key }.map { FormPage.ErrorLink(fieldID: $0.key, message: $0.value) },
            unanswered: unanswered.isEmpty ? nil : unanswered.map { FormPage.ErrorLink(fieldID: "q-\($0.id!.uuidString)", message: "\($0.position). \($0.text)") },
            unansweredText: unanswered.isEmpty ? nil : t("questionnaire.unanswered", String(unanswered.count), String(questions.count)),
            reportURL: reportURL)
    }
}
