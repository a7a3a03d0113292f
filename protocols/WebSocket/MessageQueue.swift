import Glibc

/// Messages a connection received and a step has not consumed yet, kept in one byte buffer that belongs to the
/// connection: receiving allocates nothing in steady state.
///
/// lws hands a message over in one or more pieces (its receive buffer is smaller than a large message, and
/// fragmented messages come frame by frame); pieces are appended until the message's last byte. When every
/// queued message has been consumed the buffer starts over from its beginning. A connection nobody reads from
/// keeps at most `limit` messages: older ones are dropped (and counted).
///
/// `final class`: owns memory; confined to its connection's worker thread.
final class MessageQueue {
    /// One complete message in the buffer.
    struct Record {
        /// Where its bytes start in the buffer.
        var offset: Int
        /// How many bytes.
        var length: Int
        /// Whether it came as a binary message.
        var binary: Bool
        /// When its last piece arrived, monotonic ns.
        var arrivedAt: UInt64
    }

    /// The most messages kept unread by default.
    static let defaultLimit = 4096
    /// The most messages kept unread (the connect step's `max_queued`).
    var limit = MessageQueue.defaultLimit
    /// The largest message kept; a larger one is dropped (and counted).
    static let maximumMessageBytes = 16 << 20

    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    /// End of the bytes in use; bytes from `partialStart` on belong to a message still arriving.
    private var end = 0
    private var partialStart = 0
    private var partialTooLarge = false
    private var records: [Record] = []
    private var head = 0
    /// Messages dropped because the queue was full or they were too large.
    private(set) var dropped = 0

    deinit { storage?.deallocate() }

    /// Whether a complete message waits.
    var isEmpty: Bool { head == records.count }

    /// The oldest unread message.
    var first: Record? { head < records.count ? records[head] : nil }

    /// The bytes of `record`, valid until the queue changes.
    func bytes(of record: Record) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.map { $0 + record.offset }, count: record.length)
    }

    /// Consumes the oldest unread message.
    func removeFirst() {
        guard head < records.count else { return }
        head += 1
        if head == records.count { restart() }
    }

    /// Forgets everything, also a message still arriving (the connection closed).
    func removeAll() {
        head = records.count
        partialStart = end
        partialTooLarge = false
        restart()
    }

    /// Appends a piece of the message now arriving.
    func append(_ bytes: UnsafeRawPointer?, count: Int) {
        guard count > 0, let bytes, !partialTooLarge else { return }
        if end - partialStart + count > MessageQueue.maximumMessageBytes {
            partialTooLarge = true
            end = partialStart
            return
        }
        reserve(count)
        memcpy(storage! + end, bytes, count)
        end += count
    }

    /// The message now arriving is complete.
    func complete(binary: Bool, at time: UInt64) {
        defer {
            partialStart = end
            partialTooLarge = false
        }
        if partialTooLarge {
            dropped += 1
            return
        }
        if records.count - head >= limit {
            dropped += 1
            head += 1
        }
        records.append(Record(offset: partialStart, length: end - partialStart, binary: binary, arrivedAt: time))
    }

    /// Starts the buffer over when nothing unread is left (keeping a message still arriving).
    private func restart() {
        let partial = end - partialStart
        if partial > 0, let storage { memmove(storage, storage + partialStart, partial) }
        end = partial
        partialStart = 0
        records.removeAll(keepingCapacity: true)
        head = 0
    }

    /// Makes room for `count` more bytes: first by moving unread bytes to the front, then by growing.
    private func reserve(_ count: Int) {
        if end + count <= capacity { return }
        if head > 0, let storage {
            let from = head < records.count ? records[head].offset : partialStart
            memmove(storage, storage + from, end - from)
            for index in head..<records.count { records[index].offset -= from }
            records.removeFirst(head)
            head = 0
            end -= from
            partialStart -= from
            if end + count <= capacity { return }
        }
        var grown = max(capacity * 2, 256)
        while grown < end + count { grown *= 2 }
        let made = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 16)
        if let storage {
            memcpy(made, storage, end)
            storage.deallocate()
        }
        storage = made
        capacity = grown
    }
}
