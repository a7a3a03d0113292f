/// Encodes commands as RESP arrays of bulk strings, the form every Redis command takes on the wire.
/// Steps encode once, at load time: executing a step writes bytes that already exist.
enum RESPEncoder {
    /// Appends `*N\r\n$len\r\narg\r\n…` for `arguments` to `bytes`.
    static func append(_ arguments: [[UInt8]], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "*"))
        bytes.append(contentsOf: String(arguments.count).utf8)
        bytes.append(contentsOf: [13, 10])
        for argument in arguments {
            bytes.append(UInt8(ascii: "$"))
            bytes.append(contentsOf: String(argument.count).utf8)
            bytes.append(contentsOf: [13, 10])
            bytes.append(contentsOf: argument)
            bytes.append(contentsOf: [13, 10])
        }
    }

    /// The encoding of several commands, back to back (a pipeline).
    static func encode(_ commands: [[[UInt8]]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for command in commands { append(command, to: &bytes) }
        return bytes
    }
}
