import Vapor

/// The catalogue bound to one language, for query functions that build page text without a request.
struct Translator: Sendable {
    let catalogue: Catalogue
    let locale: Language

    func callAsFunction(_ key: String, _ arguments: String...) -> String {
        catalogue.text(key, locale, arguments)
    }
}

extension Request {
    var translator: Translator { Translator(catalogue: application.catalogue, locale: locale) }
}
