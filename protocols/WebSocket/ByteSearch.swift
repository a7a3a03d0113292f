import Glibc

/// Searching raw message bytes without making a `String` of them.
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `haystack`, or nil.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        needle.withUnsafeBytes { firstIndex(of: $0, in: haystack) }
    }

    /// The offset of the first occurrence of `needle` in `haystack`, or nil; an empty needle is found at 0.
    static func firstIndex(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Int? {
        if needle.isEmpty { return 0 }
        guard let base = haystack.baseAddress, let wanted = needle.baseAddress, needle.count <= haystack.count else {
            return nil
        }
        let first = Int32(wanted.load(as: UInt8.self))
        var offset = 0
        let last = haystack.count - needle.count
        while offset <= last {
            guard let found = memchr(base + offset, first, last - offset + 1) else { return nil }
            offset = UnsafeRawPointer(found) - base
            if memcmp(found, wanted, needle.count) == 0 { return offset }
            offset += 1
        }
        return nil
    }

    /// Whether `text`'s UTF-8 occurs in `haystack`; no allocation for a native string.
    static func contains(_ text: String, in haystack: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { firstIndex(of: UnsafeRawBufferPointer($0), in: haystack) != nil }
    }

    /// Whether `haystack` is exactly `text`'s UTF-8.
    static func equals(_ text: String, _ haystack: UnsafeRawBufferPointer) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == haystack.count
                && (utf8.isEmpty || memcmp(utf8.baseAddress!, haystack.baseAddress!, utf8.count) == 0)
        }
    }
}
