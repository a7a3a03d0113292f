import Foundation

/// A complete reply as the text an `extract:` reads (`ResponseField.body`):
///
/// - a simple, bulk or verbatim string: its text as is (a verbatim string without its `txt:` format);
/// - an integer, double or big number: its digits as the server wrote them; a boolean: `true` / `false`;
/// - an error reply: its text (`WRONGTYPE Operation against…`), for steps that expect `type: error`;
/// - a null (`$-1`, `*-1`, RESP3 `_`): nil, so the extraction takes its `default:` or fails the step;
/// - an array, set or push: a JSON array, and a RESP3 map: a JSON object (keys as strings), so that a JSON
///   path reads it: `$[0]` of `LRANGE`, `$.field` of RESP3 `HGETALL`. Inside them strings and errors are JSON
///   strings, numbers are numbers (a double that is `inf` or `nan` is a string), nulls are `null`. Attributes
///   are left out.
///
/// Bytes that are not UTF-8 are replaced (U+FFFD). Only called for a step that extracts, so it may allocate.
enum RESPText {
    /// The text of `reply`, which `scanner` has found complete; nil for a null.
    static func text(of reply: UnsafeRawBufferPointer, _ scanner: RESPScanner) -> String? {
        if scanner.isNull { return nil }
        if scanner.type.isAggregate {
            var writer = JSONWriter(reply: reply)
            guard writer.value(at: 0) != nil else { return nil }
            return String(decoding: writer.output, as: UTF8.self)
        }
        var payload = UnsafeRawBufferPointer(rebasing: reply[scanner.payload])
        switch scanner.type {
        case .verbatimString where payload.count >= 4:
            payload = UnsafeRawBufferPointer(rebasing: payload[4...])
        case .boolean:
            return payload.first == UInt8(ascii: "t") ? "true" : "false"
        default:
            break
        }
        return String(decoding: payload, as: UTF8.self)
    }

    /// Walks one complete reply, writing it as JSON.
    private struct JSONWriter {
        let reply: UnsafeRawBufferPointer
        var output: [UInt8] = []

        init(reply: UnsafeRawBufferPointer) {
            self.reply = reply
        }

        /// Writes the value at `offset` (skipping attributes before it) and returns the offset after it, or nil
        /// when the bytes are not the RESP the scanner accepted.
        mutating func value(at offset: Int, writing: Bool = true) -> Int? {
            guard let (type, line, next) = header(at: offset) else { return nil }
            switch type {
            case .simpleString, .error:
                if writing { string(line) }
                return next
            case .integer, .bigNumber:
                if writing { output.append(contentsOf: reply[line]) }
                return next
            case .double:
                if writing {
                    let text = reply[line]
                    let isNumber = text.allSatisfy { byte in
                        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                            || Array("-+.eE".utf8).contains(byte)
                    }
                    if isNumber { output.append(contentsOf: text) } else { string(line) }
                }
                return next
            case .boolean:
                if writing {
                    output.append(contentsOf: Array((reply[line].first == UInt8(ascii: "t") ? "true" : "false").utf8))
                }
                return next
            case .null:
                if writing { output.append(contentsOf: Array("null".utf8)) }
                return next
            case .bulkString, .blobError, .verbatimString:
                guard let length = integer(line) else { return nil }
                if length < 0 {
                    if writing { output.append(contentsOf: Array("null".utf8)) }
                    return next
                }
                guard next + length + 2 <= reply.count else { return nil }
                var payload = next..<(next + length)
                if type == .verbatimString, length >= 4 { payload = (next + 4)..<(next + length) }
                if writing { string(payload) }
                return next + length + 2
            case .array, .set, .push:
                guard let count = integer(line) else { return nil }
                if count < 0 {
                    if writing { output.append(contentsOf: Array("null".utf8)) }
                    return next
                }
                if writing { output.append(UInt8(ascii: "[")) }
                var position = next
                for index in 0..<count {
                    if writing, index > 0 { output.append(UInt8(ascii: ",")) }
                    guard let after = value(at: position, writing: writing) else { return nil }
                    position = after
                }
                if writing { output.append(UInt8(ascii: "]")) }
                return position
            case .map:
                guard let count = integer(line), count >= 0 else { return nil }
                if writing { output.append(UInt8(ascii: "{")) }
                var position = next
                for index in 0..<count {
                    if writing, index > 0 { output.append(UInt8(ascii: ",")) }
                    guard let afterKey = key(at: position, writing: writing),
                        let afterValue = value(at: afterKey, writing: writing)
                    else { return nil }
                    position = afterValue
                }
                if writing { output.append(UInt8(ascii: "}")) }
                return position
            case .attribute:
                // Metadata about the value that follows: skipped, then the value itself.
                guard let count = integer(line), count >= 0 else { return nil }
                var position = next
                for _ in 0..<(2 * count) {
                    guard let after = value(at: position, writing: false) else { return nil }
                    position = after
                }
                return value(at: position, writing: writing)
            }
        }

        /// Writes a map's key as a JSON string (`"field":`): a string key as its text, any other as its JSON.
        private mutating func key(at offset: Int, writing: Bool) -> Int? {
            guard writing else { return value(at: offset, writing: false) }
            let start = output.count
            guard let next = value(at: offset) else { return nil }
            if output[start] != UInt8(ascii: "\"") {
                let written = Array(output[start...])
                output.removeSubrange(start...)
                written.withUnsafeBytes { string(of: $0) }
            }
            output.append(UInt8(ascii: ":"))
            return next
        }

        /// The type, the header line's text (after the type byte, before CR LF) and the offset after the line.
        private func header(at offset: Int) -> (RESPType, Range<Int>, Int)? {
            guard offset < reply.count, let type = RESPType(rawValue: reply[offset]),
                let base = reply.baseAddress,
                let newline = memchr(base + offset, 10, reply.count - offset)
            else { return nil }
            let lineFeed = base.distance(to: UnsafeRawPointer(newline))
            guard lineFeed > offset else { return nil }
            return (type, (offset + 1)..<(lineFeed - 1), lineFeed + 1)
        }

        private func integer(_ range: Range<Int>) -> Int? {
            Int(String(decoding: UnsafeRawBufferPointer(rebasing: reply[range]), as: UTF8.self))
        }

        /// Writes `reply[range]` as a JSON string.
        private mutating func string(_ range: Range<Int>) {
            string(of: UnsafeRawBufferPointer(rebasing: reply[range]))
        }

        /// Writes `bytes` as a JSON string: quotes, backslashes and control characters escaped.
        private mutating func string(of bytes: UnsafeRawBufferPointer) {
            output.append(UInt8(ascii: "\""))
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 10: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 13: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 9: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0..<32:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: Array("\\u00".utf8))
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 15)])
                default: output.append(byte)
                }
            }
            output.append(UInt8(ascii: "\""))
        }
    }
}
