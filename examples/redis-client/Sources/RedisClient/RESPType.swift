/// The type of a RESP2/RESP3 value, named by its first byte on the wire.
public enum RESPType: UInt8, Sendable {
    /// `+OK`
    case simpleString = 43  // +
    /// `-ERR message`
    case error = 45  // -
    /// `:42`
    case integer = 58  // :
    /// `$3\r\nfoo`; `$-1` is RESP2's null.
    case bulkString = 36  // $
    /// `*2\r\n…`; `*-1` is RESP2's null array.
    case array = 42  // *
    /// RESP3 `_`
    case null = 95  // _
    /// RESP3 `#t` / `#f`
    case boolean = 35  // #
    /// RESP3 `,3.14`
    case double = 44  // ,
    /// RESP3 `(3492890328409238509324850943850943825024385`
    case bigNumber = 40  // (
    /// RESP3 `!21\r\nSYNTAX invalid syntax`
    case blobError = 33  // !
    /// RESP3 `=15\r\ntxt:Some string`
    case verbatimString = 61  // =
    /// RESP3 `%2\r\n…` (key, value pairs)
    case map = 37  // %
    /// RESP3 `|1\r\n…`: attributes that precede a reply
    case attribute = 124  // |
    /// RESP3 `~2\r\n…`
    case set = 126  // ~
    /// RESP3 `>2\r\n…`: out-of-band data
    case push = 62  // >

    /// Whether the value is an error reply (`-` or `!`).
    var isError: Bool { self == .error || self == .blobError }

    /// Whether the value's payload is a length-prefixed blob.
    var isBlob: Bool { self == .bulkString || self == .blobError || self == .verbatimString }

    /// Whether the value holds other values.
    var isAggregate: Bool {
        self == .array || self == .map || self == .set || self == .push || self == .attribute
    }
}
