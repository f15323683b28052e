import Fluent
import Foundation
import Vapor

/// Around every form a logged-in person sends to a route behind login: the person is made the
/// actor of the request's database work, and one entry records the route, the address and the
/// answer, whether it was done, refused or failed.
enum AuditTrail {
    static func around(_ request: Request, user: User, _ body: () async throws -> Response) async throws -> Response {
        AuditActor.set(user, on: request)
        do {
            let response = try await body()
            try await record(request, user: user, status: response.status)
            return response
        } catch {
            let status = (error as? any AbortError)?.status ?? .internalServerError
            try? await record(request, user: user, status: status)
            throw error
        }
    }

    private static func record(_ request: Request, user: User, status: HTTPStatus) async throws {
        let event = AuditEvent()
        event.createdAt = request.clock.now
        event.municipalityID = request.loadedMunicipality?.id ?? user.$municipality.id
        event.userID = user.id
        event.actorName = user.name
        event.kind = .request
        event.route = request.route.map { "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/") }
        event.path = String(request.url.path.prefix(500))
        event.status = Int(status.code)
        try await event.create(on: request.db)
    }
}
