/// Encodes commands as RESP arrays of bulk strings, the form every Redis command takes on the wire.
/// A step whose arguments are constant is encoded once, at load time: executing it writes bytes that already
/// exist. A step with templated arguments is encoded per execution into the session's reused buffer.
enum RESPEncoder {
    /// Appends `*N\r\n$len\r\narg\r\n…` for `arguments` to `bytes`.
    static func append(_ arguments: [[UInt8]], to bytes: inout [UInt8]) {
        appendArrayHeader(count: arguments.count, to: &bytes)
        for argument in arguments { appendBulk(argument, to: &bytes) }
    }

    /// Appends `*count\r\n`, the header of a command of `count` arguments.
    static func appendArrayHeader(count: Int, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "*"))
        appendDecimal(count, to: &bytes)
        bytes.append(contentsOf: [13, 10])
    }

    /// Appends `$len\r\nargument\r\n`, one argument as a bulk string.
    static func appendBulk<Bytes: Collection<UInt8>>(_ argument: Bytes, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "$"))
        appendDecimal(argument.count, to: &bytes)
        bytes.append(contentsOf: [13, 10])
        bytes.append(contentsOf: argument)
        bytes.append(contentsOf: [13, 10])
    }

    /// Appends the decimal digits of `value` (not negative) without making a `String`.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// The encoding of several commands, back to back (a pipeline).
    static func encode(_ commands: [[[UInt8]]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for command in commands { append(command, to: &bytes) }
        return bytes
    }
}
