/// How a VU's connection to one Redis server is made: where, and what is sent before the first command
/// (`HELLO 3`, `AUTH`, `SELECT`). Steps with equal settings share the VU's connection.
///
/// A final class (immutable, so `Sendable`): steps compare it by identity first, which is one pointer compare
/// per step in the common case of one step definition or one settings object.
public final class RedisConnectionSettings: Sendable, Equatable {
    /// The server.
    public let address: RedisAddress
    /// The ACL user for `AUTH` (nil: the default user).
    public let username: String?
    /// The database `SELECT`ed after connecting (0: none sent).
    public let database: Int
    /// The RESP version: 2, or 3 (`HELLO 3` on connect).
    public let protocolVersion: Int
    /// Whether a password is sent (the password itself is kept out of descriptions).
    public var authenticates: Bool { password != nil }
    /// The encoded handshake commands, sent in one write after connecting (empty: none).
    let handshake: [UInt8]
    /// How many replies the handshake gets.
    let handshakeReplies: Int
    private let password: String?

    init(address: RedisAddress, username: String?, password: String?, database: Int, protocolVersion: Int) {
        self.address = address
        self.username = username
        self.password = password
        self.database = database
        self.protocolVersion = protocolVersion
        var commands: [[[UInt8]]] = []
        var credentials: [[UInt8]] = []
        if let password {
            if let username { credentials.append(Array(username.utf8)) }
            credentials.append(Array(password.utf8))
        }
        if protocolVersion == 3 {
            var hello = [Array("HELLO".utf8), Array("3".utf8)]
            if !credentials.isEmpty {
                hello.append(Array("AUTH".utf8))
                hello.append(credentials.count == 2 ? credentials[0] : Array("default".utf8))
                hello.append(credentials[credentials.count - 1])
            }
            commands.append(hello)
        } else if !credentials.isEmpty {
            commands.append([Array("AUTH".utf8)] + credentials)
        }
        if database != 0 { commands.append([Array("SELECT".utf8), Array(String(database).utf8)]) }
        handshake = RESPEncoder.encode(commands)
        handshakeReplies = commands.count
    }

    public static func == (lhs: RedisConnectionSettings, rhs: RedisConnectionSettings) -> Bool {
        lhs === rhs
            || (lhs.address == rhs.address && lhs.username == rhs.username && lhs.password == rhs.password
                && lhs.database == rhs.database && lhs.protocolVersion == rhs.protocolVersion)
    }
}
