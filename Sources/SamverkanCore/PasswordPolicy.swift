/// The rules a new password must meet: long enough, not absurdly long, not a known common one.
public enum PasswordPolicy {
    public static let minimumLength = 12
    /// Long passphrases are welcome; the hash input is pre-digested, so bcrypt's 72-byte limit does not apply.
    public static let maximumLength = 256

    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case common
    }

    public static func problems(_ password: String) -> [Problem] {
        var result: [Problem] = []
        if password.count < minimumLength { result.append(.tooShort(minimum: minimumLength)) }
        if password.count > maximumLength { result.append(.tooLong(maximum: maximumLength)) }
        if isCommon(password) { result.append(.common) }
        return result
    }

    /// A password is common if it is on the list, ignoring case, or is one character repeated.
    public static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if let first = lowered.first, lowered.allSatisfy({ $0 == first }) { return true }
        return commonPasswords.contains(lowered)
    }

    /// Frequent entries of leaked-password lists that are 12 characters or longer,
    /// plus Swedish favourites; shorter ones are already refused by the length rule.
    static let commonPasswords: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456789123", "111111111111",
        "000000000000", "123123123123", "password1234", "password12345", "password123456",
        "passwordpassword", "qwertyuiopasdf", "qwertyuiop123", "qwerty123456", "qwertyuiopå",
        "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "abcdefghijkl", "abc123abc123",
        "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "administrator",
        "administrator1", "changeme1234", "trustno1trustno1", "football1234", "baseball1234",
        "superman1234", "sunshine1234", "princess1234", "monkey123456", "dragon123456",
        "master123456", "shadow123456", "michael12345", "charlie12345", "starwars1234",
        "lösenord1234", "losenord1234", "lösenord12345", "losenord12345", "lösenordlösenord",
        "sommar2024!!", "sommar123456", "vinter123456", "hösten123456", "våren1234567",
        "sverige12345", "sverige123456", "stockholm123", "stockholm1234", "göteborg1234",
        "hejsan123456", "hejhejhejhej", "qwerty123qwerty", "asdfghjkl123", "asdfghjklöä",
        "zxcvbnm12345", "samverkan123", "samverkan1234", "samverkan2026", "kommunen1234",
        "föreningen12", "forening1234", "förening1234", "överenskommelse", "overenskommelse",
        "passw0rd1234", "p@ssw0rd1234", "p@ssword1234", "password!234", "1234qwerasdf",
        "qwer1234asdf", "abcd1234efgh", "a1b2c3d4e5f6", "987654321098", "098765432109",
    ]
}
