/// Random (version 4) UUIDs as text, drawn from a VU's own generator.
enum UUIDText {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A new random UUID, lower-case, e.g. `1b4e28ba-2fa1-41d2-883f-0016d3cca427`.
    static func random(using generator: inout SplitMix64) -> String {
        var high = generator.next()
        var low = generator.next()
        high = (high & ~0xF000) | 0x4000
        low = (low & ~(0xC000 << 48)) | (0x8000 << 48)
        var bytes = [UInt8]()
        bytes.reserveCapacity(36)
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 8 || index == 12 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hexDigits[Int((high >> UInt64(shift)) & 0xF)])
        }
        for (index, shift) in stride(from: 60, through: 0, by: -4).enumerated() {
            if index == 0 || index == 4 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hexDigits[Int((low >> UInt64(shift)) & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
