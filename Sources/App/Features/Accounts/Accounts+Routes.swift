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

/// A forgotten password, a new verification link, and a person's own account.
extension SiteURL {
    static let forgotPassword = SiteURL("glomt-losenord")
    static let resetPassword = SiteURL("nytt-losenord", ":token")
    static let resendVerification = SiteURL("skicka-bekraftelse")
    static let account = SiteURL("konto")
    static let accountPassword = SiteURL("konto", "losenord")
    static let accountEmail = SiteURL("konto", "e-post")
    static let accountLanguage = SiteURL("konto", "sprak")
    static let confirmEmailChange = SiteURL("bekrafta-ny-adress", ":token")
}

/// The municipality's accounts, kept by its coordinator, and the link an invited officer opens.
extension SiteURL {
    static let accountsAdmin = SiteURL("admin", ":kommun", "konton")
    static let accountDeactivate = SiteURL("admin", ":kommun", "konton", ":user", "inaktivera")
    static let accountReactivate = SiteURL("admin", ":kommun", "konton", ":user", "aktivera")
    static let activateAccount = SiteURL("aktivera-konto", ":token")
}
