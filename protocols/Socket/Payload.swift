import BarrageCore

/// Bytes a step sends: from `send` (text) or `send_hex` (hexadecimal, spaces allowed).
enum Payload {
    /// The `send` text as a template when it reads variables (`${…}`); nil when the payload is constant.
    static func template(_ mapping: ConfigMapping) throws(ConfigError) -> Template? {
        guard let text = mapping["send"] else { return nil }
        let template = try text.template()
        return template.isConstant ? nil : template
    }

    static func parse(_ mapping: ConfigMapping) throws(ConfigError) -> [UInt8] {
        if mapping["send"] != nil, mapping["send_hex"] != nil {
            throw mapping.node.error("give either send or send_hex, not both")
        }
        if let text = mapping["send"] {
            let template = try text.template()
            return Array((template.constantText ?? template.description).utf8)
        }
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
