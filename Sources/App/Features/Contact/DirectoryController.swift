import Fluent
import SamverkanCore
import Vapor

/// The directory of one way in: the public page, and its keeping at `/admin/{kommun}/kontakt`
/// (topics by the coordinator, contact persons by the coordinator or the topic's department;
/// `ContactPolicy` decides per topic).
struct DirectoryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.GET, SiteURL.contact, access: .anyone, use: directory)
        routes.on(.GET, SiteURL.contactStatistics, access: .anyone, use: statistics)
        routes.on(.GET, SiteURL.contactAdmin, access: .staff, use: admin)
        routes.on(.GET, SiteURL.topicNew, access: .coordinator, use: newTopic)
        routes.on(.POST, SiteURL.topics, access: .coordinator, use: createTopic)
        routes.on(.GET, SiteURL.topic, access: .coordinator, use: editTopic)
        routes.on(.POST, SiteURL.topic, access: .coordinator, use: updateTopic)
        routes.on(.POST, SiteURL.topicRemove, access: .coordinator, use: removeTopic)
        routes.on(.GET, SiteURL.topicContactNew, access: .staff, use: newContact)
        routes.on(.POST, SiteURL.topicContacts, access: .staff, use: createContact)
        routes.on(.GET, SiteURL.topicContact, access: .staff, use: editContact)
        routes.on(.POST, SiteURL.topicContact, access: .staff, use: updateContact)
        routes.on(.POST, SiteURL.topicContactRemove, access: .staff, use: removeContact)
    }

    @Sendable func directory(req: Request) async throws -> View {
        let m = try await req.municipality()
        let q = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200)).trimmingCharacters(in: .whitespacesAndNewlines)
        let page = try await DirectoryPage.query(db: req.db, municipality: m, q: q, t: req.translator,
                                                 chrome: req.chrome(title: req.t("contact.title", m.name), municipality: m))
        return try await req.view.render("contact/directory", page)
    }

    @Sendable func statistics(req: Request) async throws -> View {
        let m = try await req.municipality()
        return try await req.view.render("contact/statistics", InquiryStatisticsPage.query(req, m))
    }

    // MARK: The staff's list

    struct AdminPage: Encodable {
        struct Person: Encodable { let name: String; let detail: String; let isPublic: Bool; let editURL: String?; let removeAction: String? }
        struct Row: Encodable {
            let name: String; let department: String; let target: String
            let editURL: String?; let removeAction: String?; let newContactURL: String?
            let people: [Person]?
        }
        let chrome: Chrome
        let csrf: String
        let rows: [Row]?
        let newTopicURL: String?
        let publicURL: String
    }

    @Sendable func admin(req: Request) async throws -> View {
        let m = try await req.municipality()
        let t = req.translator
        let d = try await DirectoryPage.load(m, on: req.db)
        let user = req.currentUser
        let rows = d.topics.map { topic in
            let department = topic.$department.id.flatMap { d.departments[$0] }
            let mayEdit = ContactPolicy.mayEditContacts(user, of: topic, department: department)
            let mayEditTopic = ContactPolicy.mayEditTopics(user, municipalityID: m.id)
            let people = (d.contacts[topic.id!] ?? []).map { c in
                AdminPage.Person(
                    name: c.name, detail: [c.title, c.email, c.phone].compactMap { $0 }.joined(separator: " · "), isPublic: c.isPublic,
                    editURL: mayEdit ? SiteURL.topicContact(m.slug, topic.id!, c.id!) : nil,
                    removeAction: mayEdit ? SiteURL.topicContactRemove(m.slug, topic.id!, c.id!) : nil)
            }
            return AdminPage.Row(
                name: topic.name, department: department?.name ?? t("contact.coordinatorGroup"), target: t("contact.target", String(topic.targetDays)),
                editURL: mayEditTopic ? SiteURL.topic(m.slug, topic.id!) : nil,
                removeAction: mayEditTopic ? SiteURL.topicRemove(m.slug, topic.id!) : nil,
                newContactURL: mayEdit ? SiteURL.topicContactNew(m.slug, topic.id!) : nil,
                people: people.isEmpty ? nil : people)
        }
        return try await req.view.render("contact/admin", AdminPage(
            chrome: req.chrome(title: req.t("contactAdmin.title")), csrf: req.csrfToken, rows: rows.isEmpty ? nil : rows,
            newTopicURL: ContactPolicy.mayEditTopics(user, municipalityID: m.id) ? SiteURL.topicNew(m.slug) : nil,
            publicURL: SiteURL.contact(m.slug)))
    }

    // MARK: Topics

    struct TopicValues { var name = "", description = "", department = "", targetDays = "" }

    private func renderTopic(_ req: Request, _ m: Municipality, _ v: TopicValues, errors: [String: String], topic: Topic?) async throws -> Response {
        let t = req.translator
        let departments = try await Department.query(on: req.db).filter(\.$municipality.$id == m.requireID()).sort(\.$name).all()
        let options = [FormField.Option(value: "", label: t("contact.coordinatorGroup"), selected: v.department.isEmpty)]
            + departments.map { FormField.Option(value: $0.id!.uuidString, label: $0.name, selected: v.department == $0.id!.uuidString) }
        let heading = topic == nil ? t("contactAdmin.newTopic") : t("contactAdmin.editTopic", topic!.name)
        let page = FormPage(
            chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: nil,
            action: topic.map { SiteURL.topic(m.slug, $0.id!) } ?? SiteURL.topics(m.slug), csrf: req.csrfToken,
            fields: [
                FormField(name: "name", label: t("contactAdmin.topicName"), kind: .text, value: v.name, hint: t("contactAdmin.topicNameHint"),
                          error: errors["name"], required: true, maxLength: 150),
                FormField(name: "description", label: t("contactAdmin.topicDescription"), kind: .textarea, value: v.description,
                          hint: t("contactAdmin.topicDescriptionHint"), error: errors["description"], maxLength: 2000, rows: 3),
                FormField(name: "department", label: t("contactAdmin.department"), kind: .select, hint: t("contactAdmin.departmentHint"),
                          error: errors["department"], required: true, options: options),
                FormField(name: "targetDays", label: t("contactAdmin.targetDays"), kind: .number, value: v.targetDays,
                          hint: t("contactAdmin.targetDaysHint"), error: errors["targetDays"], required: true),
            ],
            submitLabel: t("action.save"), cancelURL: SiteURL.contactAdmin(m.slug))
        return try await req.renderForm("partials/form-page", page, failed: !errors.isEmpty)
    }

    private func readTopic(_ req: Request, _ m: Municipality, into topic: Topic) async throws -> (TopicValues, [String: String]) {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let values = TopicValues(name: input["name"] ?? "", description: input["description"] ?? "",
                                 department: input["department"] ?? "", targetDays: input["targetDays"] ?? "")
        let name = check.required("name", max: 150)
        let description = check.optional("description", max: 2000)
        let days = check.integer("targetDays", in: 1...60)
        var department: UUID?
        if !values.department.isEmpty {
            // Only a department of this municipality; anything else is refused, not ignored.
            if let id = UUID(uuidString: values.department),
               try await Department.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).count() == 1 {
                department = id
            } else {
                check.fail("department", req.t("validation.choice"))
            }
        }
        if let name, check.isValid {
            let others = try await Topic.query(on: req.db).filter(\.$municipality.$id == m.requireID()).all()
            if others.contains(where: { $0.id != topic.id && SearchText.fold($0.name) == SearchText.fold(name) }) {
                check.fail("name", req.t("contactAdmin.error.exists"))
            }
        }
        if check.isValid, let name, let days {
            topic.name = name
            topic.description = description
            topic.$department.id = department
            topic.targetDays = days
        }
        return (values, check.errors)
    }

    private func topic(_ req: Request, _ m: Municipality) async throws -> Topic {
        guard let id = req.parameters.get("topic", as: UUID.self),
              let found = try await Topic.query(on: req.db).filter(\.$id == id).filter(\.$municipality.$id == m.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        return found
    }

    @Sendable func newTopic(req: Request) async throws -> Response {
        let m = try await req.municipality()
        var values = TopicValues()
        values.targetDays = String(m.answerTargetDays)
        return try await renderTopic(req, m, values, errors: [:], topic: nil)
    }

    @Sendable func createTopic(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = Topic()
        let (values, errors) = try await readTopic(req, m, into: topic)
        guard errors.isEmpty else { return try await renderTopic(req, m, values, errors: errors, topic: nil) }
        topic.$municipality.id = try m.requireID()
        topic.position = (try await Topic.query(on: req.db).filter(\.$municipality.$id == m.requireID()).max(\.$position) ?? 0) + 1
        try await topic.create(on: req.db)
        req.flash(req.t("contactAdmin.topicAdded", topic.name))
        return req.redirect(to: SiteURL.contactAdmin(m.slug))
    }

    @Sendable func editTopic(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await topic(req, m)
        return try await renderTopic(req, m, TopicValues(name: topic.name, description: topic.description ?? "",
                                                         department: topic.$department.id?.uuidString ?? "", targetDays: String(topic.targetDays)),
                                     errors: [:], topic: topic)
    }

    @Sendable func updateTopic(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await topic(req, m)
        let (values, errors) = try await readTopic(req, m, into: topic)
        guard errors.isEmpty else { return try await renderTopic(req, m, values, errors: errors, topic: topic) }
        try await topic.save(on: req.db)
        return req.savedRedirect(SiteURL.contactAdmin(m.slug))
    }

    @Sendable func removeTopic(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await topic(req, m)
        let people = try await TopicContact.query(on: req.db).filter(\.$topic.$id == topic.requireID()).count()
        if let ask = try await req.unconfirmedDeletion(
            of: topic.name, detail: people == 0 ? nil : req.t("contactAdmin.removeTopicDetail", String(people)),
            back: SiteURL.contactAdmin(m.slug), municipality: m) { return ask }
        try await req.db.writeTransaction { tx in
            try await TopicContact.query(on: tx).filter(\.$topic.$id == topic.requireID()).auditedDelete()
            try await topic.delete(on: tx)
        }
        req.flash(req.t("contactAdmin.topicRemoved", topic.name))
        return req.redirect(to: SiteURL.contactAdmin(m.slug))
    }

    // MARK: Contact persons

    struct ContactValues { var name = "", title = "", email = "", phone = "", isPublic = false }

    /// The topic of the path, when the person may keep its contacts; 403 otherwise.
    private func editableTopic(_ req: Request, _ m: Municipality) async throws -> Topic {
        let topic = try await topic(req, m)
        let department = try await topic.$department.get(on: req.db)
        guard ContactPolicy.mayEditContacts(req.currentUser, of: topic, department: department) else {
            throw Abort(.forbidden, reason: req.t("error.forbidden"))
        }
        return topic
    }

    private func contact(_ req: Request, _ topic: Topic) async throws -> TopicContact {
        guard let id = req.parameters.get("contact", as: UUID.self),
              let found = try await TopicContact.query(on: req.db).filter(\.$id == id).filter(\.$topic.$id == topic.requireID()).first() else {
            throw Abort(.notFound, reason: req.t("error.itemNotFound"))
        }
        return found
    }

    private func renderContact(_ req: Request, _ m: Municipality, _ topic: Topic, _ v: ContactValues, errors: [String: String],
                               contact: TopicContact?) async throws -> Response {
        let t = req.translator
        let heading = contact == nil ? t("contactAdmin.newContact", topic.name) : t("contactAdmin.editContact", contact!.name)
        let page = FormPage(
            chrome: req.chrome(title: heading, municipality: m), heading: heading, intro: t("contactAdmin.contactIntro"),
            action: contact.map { SiteURL.topicContact(m.slug, topic.id!, $0.id!) } ?? SiteURL.topicContacts(m.slug, topic.id!),
            csrf: req.csrfToken,
            fields: [
                FormField(name: "name", label: t("contactAdmin.contactName"), kind: .text, value: v.name, error: errors["name"], required: true, maxLength: 200),
                FormField(name: "title", label: t("contactAdmin.contactTitle"), kind: .text, value: v.title, hint: t("contactAdmin.contactTitleHint"),
                          error: errors["title"], maxLength: 200),
                FormField(name: "email", label: t("contactAdmin.contactEmail"), kind: .email, value: v.email, error: errors["email"], maxLength: 254),
                FormField(name: "phone", label: t("contactAdmin.contactPhone"), kind: .text, value: v.phone, error: errors["phone"], maxLength: 40),
                FormField(name: "public", label: t("contactAdmin.contactPublic"), kind: .checkboxes, error: errors["public"],
                          options: [.init(value: "1", label: t("contactAdmin.contactPublicOption"), selected: v.isPublic)]),
            ],
            submitLabel: t("action.save"), cancelURL: SiteURL.contactAdmin(m.slug))
        return try await req.renderForm("partials/form-page", page, failed: !errors.isEmpty)
    }

    private func readContact(_ req: Request, into contact: TopicContact) -> (ContactValues, [String: String]) {
        let input = FormInput(req)
        var check = FormValidation(input, req.translator)
        let values = ContactValues(name: input["name"] ?? "", title: input["title"] ?? "", email: input["email"] ?? "",
                                   phone: input["phone"] ?? "", isPublic: (input.lists["public"] ?? []).contains("1"))
        let name = check.required("name", max: 200)
        let title = check.optional("title", max: 200)
        let email = check.email("email")
        let phone = check.optional("phone", max: 40)
        if let phone, phone.contains(where: { !($0.isNumber || " +-()".contains($0)) }) { check.fail("phone", req.t("contactAdmin.error.phone")) }
        if values.isPublic, email == nil, phone == nil, check.isValid { check.fail("email", req.t("contactAdmin.error.reachable")) }
        if check.isValid, let name {
            contact.name = name
            contact.title = title
            contact.email = email.map(User.normalise(email:))
            contact.phone = phone
            contact.isPublic = values.isPublic
        }
        return (values, check.errors)
    }

    @Sendable func newContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        return try await renderContact(req, m, try await editableTopic(req, m), ContactValues(), errors: [:], contact: nil)
    }

    @Sendable func createContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await editableTopic(req, m)
        let contact = TopicContact()
        let (values, errors) = readContact(req, into: contact)
        guard errors.isEmpty else { return try await renderContact(req, m, topic, values, errors: errors, contact: nil) }
        contact.$topic.id = try topic.requireID()
        contact.position = (try await TopicContact.query(on: req.db).filter(\.$topic.$id == topic.requireID()).max(\.$position) ?? 0) + 1
        try await contact.create(on: req.db)
        req.flash(req.t("contactAdmin.contactAdded", contact.name, topic.name))
        return req.redirect(to: SiteURL.contactAdmin(m.slug))
    }

    @Sendable func editContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await editableTopic(req, m)
        let c = try await contact(req, topic)
        return try await renderContact(req, m, topic, ContactValues(name: c.name, title: c.title ?? "", email: c.email ?? "",
                                                                    phone: c.phone ?? "", isPublic: c.isPublic), errors: [:], contact: c)
    }

    @Sendable func updateContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await editableTopic(req, m)
        let c = try await contact(req, topic)
        let (values, errors) = readContact(req, into: c)
        guard errors.isEmpty else { return try await renderContact(req, m, topic, values, errors: errors, contact: c) }
        try await c.save(on: req.db)
        return req.savedRedirect(SiteURL.contactAdmin(m.slug))
    }

    @Sendable func removeContact(req: Request) async throws -> Response {
        let m = try await req.municipality()
        let topic = try await editableTopic(req, m)
        let c = try await contact(req, topic)
        if let ask = try await req.unconfirmedDeletion(of: c.name, back: SiteURL.contactAdmin(m.slug), municipality: m) { return ask }
        try await c.delete(on: req.db)
        req.flash(req.t("contactAdmin.contactRemoved", c.name))
        return req.redirect(to: SiteURL.contactAdmin(m.slug))
    }
}
