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
