import BarrageCore

/// Bytes a step sends: from `send` (text) or `send_hex` (hexadecimal, spaces allowed).
enum Payload {
    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> [UInt8] {
        if mapping["send"] != nil, mapping["send_hex"] != nil {
            throw mapping.node.error("give either send or send_hex, not both")
        }
        if let text = mapping["send"] { return Array(try text.string().utf8) }
        if let hex = mapping["send_hex"] {
            guard let bytes = decodeHex(try hex.string()) else {
                throw hex.error("send_hex must be pairs of hexadecimal digits, e.g. '0a ff 10'")
            }
            return bytes
        }
        return []
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = text.filter { !$0.isWhitespace }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(digits[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
