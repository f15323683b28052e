import Fluent
import SamverkanCore
import Vapor

/// A page with a heading, a message and one link: confirmations after a form.
struct MessagePage: Encodable, Sendable {
    let chrome: Chrome
    let heading: String
    let message: String
    let linkURL: String
    let linkLabel: String
}

extension Request {
    /// A message page as the answer, with `status` (404 for a link that no longer works).
    func messagePage(heading: String, message: String, linkURL: String, linkLabel: String,
                     status: HTTPStatus = .ok) async throws -> Response {
        let response = try await view.render("partials/message", MessagePage(
            chrome: chrome(title: heading), heading: heading, message: message, linkURL: linkURL, linkLabel: linkLabel))
            .encodeResponse(for: self)
        response.status = status
        return response
    }
}
