import Fluent
import SamverkanCore
import Vapor

/// `/{kommun}/kontakt`: whom to contact about what. Topics grouped by the department that
/// answers, each with its response-time target and the contact persons marked public; searched by
/// word with case and diacritics ignored (in Swedish; a translated topic is found by its Swedish
/// words too). Three queries (four in another language than Swedish), whatever the size of the directory (a
/// municipality's directory is small enough to search in memory).
struct DirectoryPage: Encodable, Sendable {
    struct Person: Encodable, Sendable { let name: String; let title: String?; let email: String?; let phone: String? }
    struct TopicRow: Encodable, Sendable {
        let anchor: String
        let name: String
        let description: String?
        /// The language of the name and description (a translation, or Swedish).
        let lang: String?
        let target: String
        let people: [Person]?
        let fallback: String?
        let askURL: String
    }
    struct Group: Encodable, Sendable {
        let heading: String
        let email: String?
        let topics: [TopicRow]
    }

    let chrome: Chrome
    let heading: String
    let intro: String
    let q: String
    let action: String
    let count: String
    let groups: [Group]?
    let nothing: String?
    let contactLine: String?
    let askURL: String
    let statisticsURL: String

    struct Directory: Sendable {
        let departments: [UUID: Department]
        let topics: [Topic]
        let contacts: [UUID: [TopicContact]]
    }

    static func load(_ m: Municipality, on db: any Database) async throws -> Directory {
        let mid = try m.requireID()
        let departments = try await Department.query(on: db).filter(\.$municipality.$id == mid).all()
        let topics = try await Topic.query(on: db).filter(\.$municipality.$id == mid).sort(\.$position).sort(\.$name).all()
        let contacts = topics.isEmpty ? [] : try await TopicContact.query(on: db).filter(\.$topic.$id ~~ topics.compactMap(\.id))
            .sort(\.$position).sort(\.$name).all()
        return Directory(departments: Dictionary(uniqueKeysWithValues: departments.compactMap { d in d.id.map { ($0, d) } }),
                         topics: topics, contacts: Dictionary(grouping: contacts, by: { $0.$topic.id }))
    }

    /// Whether every word of the query is found in what the public sees of the topic.
    static func matches(_ words: [String], _ topic: Topic, _ d: Directory) -> Bool {
        guard !words.isEmpty else { return true }
        let people = (d.contacts[topic.id!] ?? []).filter(\.isPublic).flatMap { [$0.name, $0.title ?? ""] }
        let text = SearchText.fold(([topic.name, topic.description ?? "", topic.$department.id.flatMap { d.departments[$0]?.name } ?? ""]
            + people).joined(separator: " "))
        return words.allSatisfy { text.contains($0) }
    }

    static func query(db: any Database, municipality m: Municipality, q: String, t: Translator, chrome: Chrome) async throws -> DirectoryPage {
        let d = try await load(m, on: db)
        let texts = try await TranslatedTexts.load(.topic, ids: d.topics.compactMap(\.id), language: t.locale, on: db)
        let words = SearchText.fold(q).split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).map(String.init)
        let shown = d.topics.filter { matches(words, $0, d) }
        let contactLine = [m.contactName, m.contactEmail, m.contactPhone].compactMap { $0 }.joined(separator: ", ")
        // The coordinator's topics first, then the departments by name.
        let byDepartment = Dictionary(grouping: shown, by: { $0.$department.id })
        let keys = byDepartment.keys.sorted { a, b in
            switch (a, b) {
            case (nil, _): return b != nil
            case (_, nil): return false
            case let (x?, y?): return (d.departments[x]?.name ?? "") < (d.departments[y]?.name ?? "")
            }
        }
        let groups: [Group] = keys.map { key in
            let department = key.flatMap { d.departments[$0] }
            return Group(
                heading: department?.name ?? t("contact.coordinatorGroup"), email: department?.email ?? m.contactEmail,
                topics: (byDepartment[key] ?? []).map { topic in
                    let people = (d.contacts[topic.id!] ?? []).filter(\.isPublic)
                        .map { Person(name: $0.name, title: $0.title, email: $0.email, phone: $0.phone) }
                    let name = texts.text(topic.id, "name", topic.name), about = texts.text(topic.id, "description", optional: topic.description)
                    return TopicRow(anchor: "amne-\(topic.id!.uuidString.prefix(8).lowercased())", name: name.text, description: about?.text,
                                    lang: about.map { $0.lang == name.lang ? name.lang : "sv" } ?? name.lang,
                                    target: t("contact.target", String(topic.targetDays)), people: people.isEmpty ? nil : people,
                                    fallback: people.isEmpty ? t("contact.viaDepartment") : nil,
                                    askURL: SiteURL.ask(m.slug) + "?amne=\(topic.id!.uuidString)")
                })
        }
        return DirectoryPage(
            chrome: chrome, heading: t("contact.heading"), intro: t("contact.intro", m.name), q: q, action: SiteURL.contact(m.slug),
            count: t("contact.count", String(shown.count)), groups: groups.isEmpty ? nil : groups,
            nothing: groups.isEmpty ? t(d.topics.isEmpty ? "contact.empty" : "contact.noMatch") : nil,
            contactLine: contactLine.isEmpty ? nil : contactLine, askURL: SiteURL.ask(m.slug), statisticsURL: SiteURL.contactStatistics(m.slug))
    }
}
