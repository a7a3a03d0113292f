import BarrageCore
import BarrageMetrics
import Foundation

/// One non-blocking TCP connection to a Redis server on a worker's loop: the socket, its `SocketWatcher`
/// (registered for the connection's whole life, so a round trip costs no `epoll_ctl`) and a receive buffer
/// that lives as long as the connection. Sending a request and reading its replies allocate nothing; the
/// buffer only grows (once, and stays grown) for a reply larger than it.
///
/// Confined to its VU's worker thread (a final class because it owns a descriptor and memory).
final class RedisConnection {
    /// The receive buffer's starting size.
    static let initialBufferSize = 64 * 1024

    let settings: RedisConnectionSettings
    let fd: Int32
    let watcher: SocketWatcher
    private var buffer: UnsafeMutableRawBufferPointer
    /// Received bytes not yet consumed: `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var closed = false

    private init(settings: RedisConnectionSettings, fd: Int32, worker: Worker) {
        self.settings = settings
        self.fd = fd
        watcher = SocketWatcher(fd: fd, worker: worker)
        buffer = .allocate(byteCount: Self.initialBufferSize, alignment: 16)
    }

    deinit {
        close()
        buffer.deallocate()
    }

    /// Connects the TCP socket to `settings.address`, waiting at most `timeout` ns (no handshake yet).
    static func connect(
        _ settings: RedisConnectionSettings,
        worker: Worker,
        timeout: UInt64
    ) async -> Result<RedisConnection, ErrorKind> {
        let address = settings.address
        let fd = socket(
            address.family,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue),
            0
        )
        guard fd >= 0 else { return .failure(ErrorKind.forSocketErrno(errno, connecting: true)) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connection = RedisConnection(settings: settings, fd: fd, worker: worker)
        let status = address.withSockAddr { Foundation.connect(fd, $0, $1) }
        if status == 0 { return .success(connection) }
        guard errno == EINPROGRESS else {
            let kind = ErrorKind.forSocketErrno(errno, connecting: true)
            connection.close()
            return .failure(kind)
        }
        switch await connection.watcher.waitWritable(timeoutNanoseconds: timeout) {
        case .ready, .failed:
            if let error = pendingError(fd, connecting: true) {
                connection.close()
                return .failure(error)
            }
            return .success(connection)
        case .timedOut:
            connection.close()
            return .failure(.connectTimeout)
        case .cancelled:
            connection.close()
            return .failure(.interrupted)
        }
    }

    /// Sends the handshake (HELLO/AUTH/SELECT) and reads its replies; nil when the server accepted it all.
    /// A rejected `AUTH`/`HELLO … AUTH` is `redis_auth_failed` whatever the server's prefix.
    func performHandshake(deadline: UInt64) async -> ErrorKind? {
        guard settings.handshakeReplies > 0 else { return nil }
        if let error = await send(settings.handshake, deadline: deadline) { return error }
        let outcome = await receive(
            replies: settings.handshakeReplies,
            expectation: nil,
            keepsLastReply: false,
            now: MonotonicClock.now(),
            deadline: deadline
        )
        guard let error = outcome.error else { return nil }
        let authenticatesFirst = settings.authenticates && outcome.firstFailedReply == 0
        return authenticatesFirst && error.code >= 5000 && error.code < 6000 ? .redisAuthFailed : error
    }

    /// Sends all of `bytes` before `deadline`; nil on success.
    func send(_ bytes: [UInt8], deadline: UInt64) async -> ErrorKind? {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Foundation.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                sent += count
            } else if count < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                let outcome = await watcher.waitWritable(until: deadline)
                if let error = kind(of: outcome) { return error }
            } else if count < 0, errno == EINTR {
                continue
            } else {
                return ErrorKind.forSocketErrno(errno, connecting: false)
            }
        }
        return nil
    }

    /// The outcome of reading a request's replies.
    struct Outcome {
        /// The first failure: an error reply's kind, a failed check, or a network error.
        var error: ErrorKind?
        /// The index of the reply that failed first, or -1.
        var firstFailedReply = -1
        /// Whether the connection must be dropped (the byte stream is no longer in step with the requests).
        var broken = false
        var bytesRead = 0
        /// When the first byte arrived (monotonic ns), 0 if none did.
        var firstByteAt: UInt64 = 0
        /// When the last reply was complete or reading failed (monotonic ns).
        var endedAt: UInt64 = 0
        /// The last reply as text (`RESPText`), when asked for and it was not a null.
        var lastReply: String?
    }

    /// Reads `replies` replies, checking each against `expectation`. An error reply fails the step with its
    /// Redis kind (unless the expectation is `type: error`) but the connection stays usable: every reply is
    /// read, so the stream stays in step. With `keepsLastReply` the last reply's text is in the outcome.
    /// `now` is the caller's latest clock reading.
    func receive(
        replies: Int,
        expectation: RedisExpectation?,
        keepsLastReply: Bool,
        now: UInt64,
        deadline: UInt64
    ) async -> Outcome {
        var outcome = Outcome()
        var received = 0
        var scanner = RESPScanner()
        var lastRead = now
        while received < replies {
            if end > start {
                let pending = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                switch scanner.scan(pending) {
                case .complete(let length):
                    let reply = UnsafeRawBufferPointer(rebasing: pending[0..<length])
                    if outcome.error == nil, let error = Self.judge(reply, scanner, expectation) {
                        outcome.error = error
                        outcome.firstFailedReply = received
                    }
                    if keepsLastReply, received == replies - 1 { outcome.lastReply = RESPText.text(of: reply, scanner) }
                    consume(length)
                    received += 1
                    scanner = RESPScanner()
                    continue
                case .malformed:
                    outcome.error = .protocolError
                    outcome.broken = true
                    outcome.endedAt = lastRead
                    return outcome
                case .incomplete:
                    break
                }
            }
            if end == buffer.count { makeRoom() }
            let outcomeOfWait = await watcher.waitReadable(until: deadline)
            if let error = kind(of: outcomeOfWait) {
                outcome.error = error
                outcome.broken = true
                outcome.endedAt = MonotonicClock.now()
                return outcome
            }
            let count = recv(fd, buffer.baseAddress! + end, buffer.count - end, 0)
            lastRead = MonotonicClock.now()
            if count > 0 {
                if outcome.bytesRead == 0 { outcome.firstByteAt = lastRead }
                end += count
                outcome.bytesRead += count
            } else if count == 0 {
                outcome.error = .closedByPeer
                outcome.broken = true
                outcome.endedAt = lastRead
                return outcome
            } else if errno != EAGAIN, errno != EWOULDBLOCK, errno != EINTR {
                outcome.error = ErrorKind.forSocketErrno(errno, connecting: false)
                outcome.broken = true
                outcome.endedAt = lastRead
                return outcome
            }
        }
        outcome.endedAt = lastRead
        return outcome
    }

    /// The failure a complete reply stands for, or nil when it passes.
    private static func judge(
        _ reply: UnsafeRawBufferPointer,
        _ scanner: RESPScanner,
        _ expectation: RedisExpectation?
    ) -> ErrorKind? {
        if scanner.type.isError, expectation?.type != .error {
            return RedisErrorPrefix.kind(of: UnsafeRawBufferPointer(rebasing: reply[scanner.payload]))
        }
        guard let expectation else { return nil }
        return expectation.passes(reply, scanner) ? nil : .checkFailed
    }

    private func consume(_ length: Int) {
        start += length
        if start == end {
            start = 0
            end = 0
        }
    }

    /// The buffer is full: move the pending reply to the front, or (when it fills the buffer) double the buffer.
    private func makeRoom() {
        let pending = end - start
        if start > 0 {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending)
        } else {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 16)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: pending)
            buffer.deallocate()
            buffer = larger
        }
        start = 0
        end = pending
    }

    /// The error kind for a wait that did not end `.ready`, or nil to go on with the next system call.
    /// (An error pending on the socket comes back as `.ready`; the next `recv`/`send` reports it.)
    private func kind(of outcome: WaitOutcome) -> ErrorKind? {
        switch outcome {
        case .ready: return nil
        case .timedOut: return .timeout
        case .cancelled: return .interrupted
        case .failed(let status): return ErrorKind.forSocketErrno(-status, connecting: false)
        }
    }

    /// The error pending on `fd` (`SO_ERROR`), or nil.
    private static func pendingError(_ fd: Int32, connecting: Bool) -> ErrorKind? {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error != 0 else { return nil }
        return ErrorKind.forSocketErrno(error, connecting: connecting)
    }

    /// Stops watching and closes the socket.
    func close() {
        guard !closed else { return }
        closed = true
        watcher.close()
        Foundation.close(fd)
    }
}
