import NIOCore

/// Random bytes for garbage answers and `/bytes/{n}`.
enum RandomBytes {
    /// `count` random bytes.
    static func buffer(count: Int, using generator: inout SplitMix64) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        var remaining = count
        while remaining > 0 {
            var word = generator.next()
            for _ in 0..<min(8, remaining) {
                buffer.writeInteger(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
            remaining -= 8
        }
        return buffer
    }
}
