import Vapor

/// A refusal a person can be told about: a catalogue key and its arguments, so that the error
/// page, a form and the command line each say it in the reader's language. Each feature has one
/// enum of these. Unhandled, it reaches the error page with `status`.
protocol DomainError: Error, Sendable {
    var key: String { get }
    var arguments: [String] { get }
    var status: HTTPResponseStatus { get }
}

extension DomainError {
    var arguments: [String] { [] }
    var status: HTTPResponseStatus { .conflict }
}

extension Catalogue {
    func text(_ error: any DomainError, _ locale: Language) -> String {
        text(error.key, locale, error.arguments)
    }
}

extension Request {
    /// The message of a domain error in this request's language.
    func t(_ error: any DomainError) -> String {
        application.catalogue.text(error, locale)
    }
}
