import Foundation

/// Finds the end of one RESP2/RESP3 reply in received bytes, without copying or allocating: it walks the
/// wire format in place and remembers the top-level value's type and payload, which is all a check needs.
///
/// Resumable: when the bytes end inside the reply, `scan` returns `.incomplete` and the next call (given the
/// same reply's bytes, now longer, from the same first byte) goes on where the last stopped. Offsets are
/// relative to the reply's first byte, so the caller may move the bytes in between.
struct RESPScanner {
    /// How a scan ended.
    enum Result: Equatable {
        /// The reply is complete and `length` bytes long.
        case complete(length: Int)
        /// More bytes are needed.
        case incomplete
        /// The bytes are not RESP: the connection cannot be trusted any more.
        case malformed
    }

    /// The top-level value's type, once its header was read.
    private(set) var type: RESPType = .null
    /// Whether the top-level value is a null (`$-1`, `*-1`, `_`).
    private(set) var isNull = false
    /// The top-level scalar's payload, relative to the reply's first byte (empty for aggregates).
    private(set) var payload: Range<Int> = 0..<0

    /// Bytes of the reply already walked (complete values only).
    private var offset = 0
    /// Values still to be read before the reply is complete.
    private var remaining = 1
    private var sawTop = false

    /// The largest aggregate or blob length accepted (Redis's own limit for a bulk string is 512 MB).
    static let maximumLength = 1 << 30

    /// Walks `bytes`, the reply's bytes received so far (from its first byte).
    mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Result {
        guard let base = bytes.baseAddress else { return .incomplete }
        let count = bytes.count
        while remaining > 0 {
            guard offset < count else { return .incomplete }
            guard let newline = memchr(base + offset, 10, count - offset) else { return .incomplete }
            let lineFeed = base.distance(to: UnsafeRawPointer(newline))
            guard lineFeed > offset, bytes[lineFeed - 1] == 13 else { return .malformed }
            guard let type = RESPType(rawValue: bytes[offset]) else { return .malformed }
            let text = (offset + 1)..<(lineFeed - 1)
            // The top-level value starts when only it is left to read (attributes before it are not it).
            let startsTop = !sawTop && remaining == 1 && type != .attribute
            var next = lineFeed + 1
            var payload = text
            var isNull = type == .null
            switch type {
            case .simpleString, .error, .integer, .double, .boolean, .bigNumber, .null:
                remaining -= 1
            case .bulkString, .blobError, .verbatimString:
                guard let length = Self.integer(bytes, text) else { return .malformed }
                if length < 0 {
                    isNull = true
                    payload = next..<next
                } else {
                    guard length <= Self.maximumLength else { return .malformed }
                    guard next + length + 2 <= count else { return .incomplete }
                    guard bytes[next + length] == 13, bytes[next + length + 1] == 10 else { return .malformed }
                    payload = next..<(next + length)
                    next += length + 2
                }
                remaining -= 1
            case .array, .set, .push, .map, .attribute:
                guard let length = Self.integer(bytes, text), length <= Self.maximumLength else { return .malformed }
                payload = next..<next
                if length < 0 {
                    isNull = true
                    remaining -= 1
                } else if type == .map {
                    remaining += 2 * length - 1
                } else if type == .attribute {
                    // Attributes precede the reply they describe: that reply is still to come.
                    remaining += 2 * length
                } else {
                    remaining += length - 1
                }
            }
            if startsTop {
                sawTop = true
                self.type = type
                self.isNull = isNull
                self.payload = payload
            }
            offset = next
        }
        return .complete(length: offset)
    }

    /// The decimal integer in `bytes[range]` (an optional `-` and digits), or nil.
    private static func integer(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound, range.upperBound - index <= 18 else { return nil }
        var value = 0
        while index < range.upperBound {
            let digit = Int(bytes[index]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return negative ? -value : value
    }
}
