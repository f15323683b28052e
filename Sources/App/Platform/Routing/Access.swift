import Fluent
import Vapor

/// Who may reach a route. Every route is registered with one (see `RoutesBuilder.on(_:_:access:use:)`),
/// and a test checks the table of all routes against these decisions.
enum Access: String, Sendable, CaseIterable {
    /// Anyone, logged in or not.
    case anyone
    /// Any logged-in user.
    case signedIn
    /// The coordinator or an officer of the municipality named in the path, or a platform administrator.
    case staff
    /// A representative of the organisation named in the path (`:org`), or the municipality's staff.
    case organisationMember
    /// The municipality's staff, or a representative of the organisation that arranges the meeting
    /// named in the path (`:meeting`): the sector runs the trainings it invites to.
    case arranger
    /// A member of the joint council of the municipality named in the path, or its staff.
    case council
    /// The coordinator of the municipality named in the path, or a platform administrator.
    case coordinator
    /// Platform administrators only.
    case platformAdmin
}

extension Request {
    private struct MunicipalityKey: StorageKey { typealias Value = Municipality }

    /// The municipality named by `:kommun`, loaded once per request; 404 when unknown.
    func municipality() async throws -> Municipality {
        if let cached = storage[MunicipalityKey.self] { return cached }
        guard let slug = parameters.get("kommun"),
              let found = try await Municipality.query(on: db).filter(\.$slug == slug.lowercased()).first() else {
            throw Abort(.notFound, reason: t("error.municipalityNotFound"))
        }
        storage[MunicipalityKey.self] = found
        // A language the municipality does not offer shows its public pages in Swedish; the staff
        // pages keep the person's choice.
        if !found.offeredLanguages.contains(locale), !url.path.hasPrefix(SiteURL.admin() + "/") { locale = .default }
        // The audit trail files changes under the municipality of the path (the platform
        // administrator has none of their own).
        if logger[metadataKey: AuditActor.userKey] != nil, let id = found.id {
            logger[metadataKey: AuditActor.municipalityKey] = .string(id.uuidString)
        }
        return found
    }

    /// The municipality of the path when this request has already loaded it (the page's chrome
    /// reads it without a query).
    var loadedMunicipality: Municipality? {
        get { storage[MunicipalityKey.self] }
        set { storage[MunicipalityKey.self] = newValue }
    }

    private struct OrganisationKey: StorageKey { typealias Value = Organisation }

    /// The organisation of the path when this request has already loaded it.
    var loadedOrganisation: Organisation? { storage[OrganisationKey.self] }

    /// The organisation named by `:org`, within the municipality of the path; 404 otherwise.
    func organisation() async throws -> Organisation {
        if let cached = storage[OrganisationKey.self] { return cached }
        let m = try await municipality()
        let found = try await find(Organisation.self, "org", in: m, notFound: "error.organisationNotFound")
        storage[OrganisationKey.self] = found
        return found
    }

    /// The organisations the logged-in user represents (none for anyone else).
    func representedOrganisationIDs() async throws -> Set<UUID> {
        guard let user = currentUser, user.role == .representative else { return [] }
        return Set(try await OrganisationRepresentative.query(on: db).filter(\.$user.$id == user.requireID()).all()
            .map(\.$organisation.id))
    }

    /// Whether the logged-in user represents this organisation.
    func represents(_ organisation: Organisation) async throws -> Bool {
        guard let user = currentUser, user.role == .representative else { return false }
        return try await OrganisationRepresentative.query(on: db)
            .filter(\.$organisation.$id == organisation.requireID()).filter(\.$user.$id == user.requireID())
            .count() > 0
    }
}

/// Enforces an `Access` decision on the server for every request of a route.
struct AccessMiddleware: ShortcutMiddleware {
    let access: Access

    /// Pages anyone may read need no check; anonymous forms still meet the rate limit.
    func passesUntouched(_ request: Request) -> Bool { access == .anyone && request.method != .POST }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard access != .anyone else {
            // Anonymous forms are limited per client address; people who are logged in are not.
            if request.method == .POST, request.currentUser == nil {
                try await FormRateLimit.check(request, bucket: request.route?.path.string ?? request.url.path)
            }
            return try await next.respond(to: request)
        }
        guard let user = request.currentUser else {
            return request.redirect(to: SiteURL.login(next: request.url.path), redirectType: .normal)
        }
        // A logged-in person's form: every change it makes is logged as theirs (`Features/Audit`).
        if request.method == .POST { return try await AuditTrail.around(request, user: user) { try await self.check(request, user, next) } }
        return try await check(request, user, next)
    }

    private func check(_ request: Request, _ user: User, _ next: any AsyncResponder) async throws -> Response {
        switch access {
        case .anyone, .signedIn:
            break
        case .platformAdmin:
            guard user.role == .platformAdmin else { throw Abort(.forbidden, reason: request.t("error.forbidden")) }
        case .coordinator:
            let municipality = try await request.municipality()
            guard user.isCoordinator(of: municipality.id) else { throw Abort(.forbidden, reason: request.t("error.forbidden")) }
        case .staff:
            let municipality = try await request.municipality()
            guard user.isStaff(of: municipality.id) else { throw Abort(.forbidden, reason: request.t("error.forbidden")) }
        case .arranger:
            let municipality = try await request.municipality()
            // The meeting is looked up only for the municipality's own representatives, so
            // another municipality's user gets 403, not 404.
            let asRepresentative = !user.isStaff(of: municipality.id) && user.$municipality.id == municipality.id
            let meeting = asRepresentative ? try? await MeetingQueries.find(request, municipality) : nil
            let representing = asRepresentative ? try await request.representedOrganisationIDs() : []
            guard TrainingPolicy.mayRun(meeting, user: user, municipalityID: municipality.id, representing: representing) else {
                throw Abort(.forbidden, reason: request.t("error.forbidden"))
            }
        case .council:
            let municipality = try await request.municipality()
            guard WorkspacePolicy.may(.council, user: user, municipalityID: municipality.id) else {
                throw Abort(.forbidden, reason: request.t("error.forbidden"))
            }
        case .organisationMember:
            let municipality = try await request.municipality()
            // The organisation is looked up only for its own municipality's representatives, so
            // another municipality's user gets 403, not 404.
            let represents = !user.isStaff(of: municipality.id) && user.$municipality.id == municipality.id
                ? try await request.represents(request.organisation()) : false
            guard RegisterPolicy.mayManage(organisationIn: municipality.id, user: user, represents: represents) else {
                throw Abort(.forbidden, reason: request.t("error.forbidden"))
            }
        }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    /// Registers a route together with its access decision.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: [PathComponent], access: Access,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = grouped(AccessMiddleware(access: access)).on(method, path, use: handler)
        route.userInfo["access"] = access
        return route
    }

    /// The same for a handler that answers without waiting: it runs on the request's event loop,
    /// with no task of its own (the benchmark's bare route).
    @discardableResult
    func on(_ method: HTTPMethod, _ path: [PathComponent], access: Access,
            respond handler: @Sendable @escaping (Request) throws -> Response) -> Route {
        let route = grouped(AccessMiddleware(access: access)).on(method, path, use: handler)
        route.userInfo["access"] = access
        return route
    }
}

extension Request {
    /// The logged-in person; 401 when there is none (routes behind login never get that far).
    func requireUser() throws -> User {
        guard let user = currentUser else { throw Abort(.unauthorized) }
        return user
    }
}
