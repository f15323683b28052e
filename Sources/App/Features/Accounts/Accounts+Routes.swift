import Foundation

/// Logging in and out.
extension SiteURL {
    static let login = SiteURL("logga-in")
    static let logout = SiteURL("logga-ut")

    /// The login page, which goes on to `next` (a local path) after a successful login.
    static func login(next: String?) -> String {
        guard let next, let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) else {
            return login()
        }
        return login() + "?next=" + encoded
    }
}
