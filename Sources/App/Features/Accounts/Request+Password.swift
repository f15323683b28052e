import Fluent
import SamverkanCore
import Vapor

extension Request {
    func passwordMessage(_ problem: PasswordPolicy.Problem) -> String {
        switch problem {
        case .tooShort(let n): t("password.tooShort", String(n))
        case .tooLong(let n): t("password.tooLong", String(n))
        case .common: t("password.common")
        }
    }
}
