/// Bearer tokens for `POST /login` and `GET /me`: stateless, so logging in a million times keeps memory flat.
///
/// A token is the user name in hex, a dot, and a keyed hash of it; the key is random per server, so tokens do not
/// outlive it. This is a test fixture, not security: any user logs in with the password ``password``.
public struct LoginTokens: Sendable {
    /// The one password every user has.
    public static let password = "secret"

    private let key: UInt64

    /// Creates a token minter with a random key.
    public init() {
        var generator = SystemRandomNumberGenerator()
        key = generator.next()
    }

    /// A token for `user`.
    public func token(for user: String) -> String {
        let name = user.utf8.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        return "\(name).\(String(mac(user), radix: 16))"
    }

    /// The user a token belongs to, or nil when it is not one this server issued.
    public func user(for token: Substring) -> String? {
        guard let dot = token.lastIndex(of: ".") else { return nil }
        let hex = Array(token[..<dot].utf8)
        guard hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        var index = 0
        while index < hex.count {
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
            index += 2
        }
        let user = String(decoding: bytes, as: UTF8.self)
        guard String(mac(user), radix: 16) == token[token.index(after: dot)...] else { return nil }
        return user
    }

    private func mac(_ user: String) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(key)
        hasher.combine(user)
        return UInt64(bitPattern: Int64(hasher.finalize()))
    }
}
