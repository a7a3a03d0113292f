/// A reply's bytes as the text extractions read: UTF-8 (invalid bytes replaced), without the delimiter that
/// ended it.
enum ReplyText {
    static func text(of bytes: UnsafeRawBufferPointer, delimiter: [UInt8]) -> String {
        var count = bytes.count
        if !delimiter.isEmpty, count >= delimiter.count,
            bytes[(count - delimiter.count)..<count].elementsEqual(delimiter)
        {
            count -= delimiter.count
        }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<count]), as: UTF8.self)
    }
}
