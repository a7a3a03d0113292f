import BarrageCore
import BarrageMetrics
import Foundation

/// One non-blocking TCP connection on a worker's loop, with a fixed receive buffer that lives as long as
/// the connection: sending and reading a reply allocate nothing.
///
/// Confined to its VU's worker thread.
final class TCPConnection {
    /// Receive buffer size; a reply longer than this is counted in full but checks see its last part.
    static let bufferSize = 64 * 1024

    let address: SocketAddress
    let fd: Int32
    let watcher: SocketWatcher
    /// The VU iteration that made it (for the per-iteration policy).
    var iteration: Int
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var closed = false

    private init(address: SocketAddress, fd: Int32, worker: Worker, iteration: Int) {
        self.address = address
        self.fd = fd
        self.iteration = iteration
        watcher = SocketWatcher(fd: fd, worker: worker)
        buffer = .allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Connects to `address`, waiting at most `timeout` ns.
    static func connect(
        to address: SocketAddress,
        worker: Worker,
        iteration: Int,
        timeout: UInt64
    ) async -> Result<TCPConnection, ErrorKind> {
        let fd = socket(
            address.family,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard fd >= 0 else { return .failure(ErrorKind.forSocketErrno(errno, connecting: true)) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connection = TCPConnection(address: address, fd: fd, worker: worker, iteration: iteration)
        let status = address.withSockAddr { Foundation.connect(fd, $0, $1) }
        if status == 0 { return .success(connection) }
        guard errno == EINPROGRESS else {
            let kind = ErrorKind.forSocketErrno(errno, connecting: true)
            connection.close()
            return .failure(kind)
        }
        switch await connection.watcher.waitWritable(timeoutNanoseconds: timeout) {
        case .ready, .failed:
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == 0 { return .success(connection) }
            connection.close()
            return .failure(ErrorKind.forSocketErrno(error, connecting: true))
        case .timedOut:
            connection.close()
            return .failure(.connectTimeout)
        case .cancelled:
            connection.close()
            return .failure(.interrupted)
        }
    }

    /// Sends all of `payload` before `deadline`; nil on success.
    func send(_ payload: [UInt8], deadline: UInt64) async -> ErrorKind? {
        var sent = 0
        while sent < payload.count {
            let count = payload.withUnsafeBytes { bytes in
                Foundation.send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                if let error = kind(of: await watcher.waitWritable(until: deadline)) {
                    return error
                }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return ErrorKind.forSocketErrno(errno)
            }
        }
        return nil
    }

    /// The outcome of reading one reply.
    struct Reply {
        var error: ErrorKind?
        var bytesRead = 0
        /// When the first byte arrived (monotonic ns), 0 if none did.
        var firstByteAt: UInt64 = 0
        /// When the reply was complete or the read failed (monotonic ns).
        var endedAt: UInt64 = 0
    }

    /// Reads one reply as `mode` says, then runs `inspect` on the kept bytes of it (before they are consumed).
    /// `now` is the caller's latest clock reading, so the common one-read reply costs one clock read in all.
    func receive(
        _ mode: ReadMode,
        now: UInt64,
        deadline: UInt64,
        inspect: (UnsafeRawBufferPointer) -> Bool
    ) async -> Reply {
        var reply = Reply()
        if mode == .none {
            reply.endedAt = now
            return reply
        }
        var scanned = start
        var discarded = 0
        var lastRead = now
        while true {
            if let replyEnd = completeReply(mode, scanned: &scanned, discarded: discarded, atEOF: false) {
                let passed = inspect(UnsafeRawBufferPointer(rebasing: buffer[start..<replyEnd]))
                consume(upTo: replyEnd)
                if !passed { reply.error = .checkFailed }
                reply.endedAt = lastRead
                return reply
            }
            if end == buffer.count { makeRoom(mode, scanned: &scanned, discarded: &discarded) }
            if let error = kind(of: await watcher.waitReadable(until: deadline)) {
                reply.error = error
                reply.endedAt = MonotonicClock.now()
                return reply
            }
            let count = recv(fd, buffer.baseAddress! + end, buffer.count - end, 0)
            lastRead = MonotonicClock.now()
            if count > 0 {
                if reply.bytesRead == 0 { reply.firstByteAt = lastRead }
                end += count
                reply.bytesRead += count
            } else if count == 0 {
                if mode == .close {
                    let passed = inspect(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                    consume(upTo: end)
                    if !passed { reply.error = .checkFailed }
                } else {
                    reply.error = .closedByPeer
                }
                reply.endedAt = lastRead
                return reply
            } else if errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
                reply.error = ErrorKind.forSocketErrno(errno)
                reply.endedAt = lastRead
                return reply
            }
        }
    }

    /// The end of a complete reply in the buffer, if there is one.
    private func completeReply(_ mode: ReadMode, scanned: inout Int, discarded: Int, atEOF: Bool) -> Int? {
        switch mode {
        case .none: return start
        case .any: return end > start ? end : nil
        case .length(let length):
            let needed = length - discarded
            return end - start >= needed ? start + needed : nil
        case .close: return nil
        case .until(let delimiter):
            let from = max(start, scanned - (delimiter.count - 1))
            let region = UnsafeRawBufferPointer(rebasing: buffer[from..<end])
            scanned = end
            return ByteSearch.firstIndex(of: delimiter, in: region).map { from + $0 + delimiter.count }
        }
    }

    /// The buffer is full: move pending bytes to the front, or drop the older part of a long reply.
    private func makeRoom(_ mode: ReadMode, scanned: inout Int, discarded: inout Int) {
        if start > 0 {
            let pending = end - start
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending)
            scanned -= start
            start = 0
            end = pending
            return
        }
        let keep = mode == .any ? end : max(0, mode.delimiter.count - 1)
        let dropped = end - keep
        buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + dropped, byteCount: keep)
        discarded += dropped
        scanned = max(0, scanned - dropped)
        end = keep
    }

    private func consume(upTo replyEnd: Int) {
        start = replyEnd
        if start == end {
            start = 0
            end = 0
        }
    }

    /// The error kind for a wait that did not end `.ready`, or nil to go on with the next system call.
    /// (An error pending on the socket comes back as `.ready`; the next `recv`/`send` reports it.)
    func kind(of outcome: WaitOutcome) -> ErrorKind? {
        switch outcome {
        case .ready: return nil
        case .timedOut: return .timeout
        case .cancelled: return .interrupted
        case .failed(let status): return ErrorKind.forSocketErrno(-status)
        }
    }

    /// Stops watching and closes the socket.
    func close() {
        guard !closed else { return }
        closed = true
        watcher.close()
        Foundation.close(fd)
    }
}
