import Fluent
import Vapor

extension Request {
    /// The agreement version named by `:kommun` and `:version`; always of the authorised municipality.
    func agreementVersion() async throws -> (Municipality, Agreement) {
        let m = try await municipality()
        guard let number = parameters.get("version", as: Int.self),
              let agreement = try await Agreement.query(on: db).filter(\.$municipality.$id == m.requireID())
                .filter(\.$version == number).first() else {
            throw Abort(.notFound, reason: t("error.versionNotFound"))
        }
        return (m, agreement)
    }

    /// Like `agreementVersion()`, but refuses versions that are no longer editable.
    func editableAgreementVersion() async throws -> (Municipality, Agreement) {
        let (m, agreement) = try await agreementVersion()
        guard agreement.isEditable else { throw Abort(.conflict, reason: t("error.notEditable")) }
        return (m, agreement)
    }
}
