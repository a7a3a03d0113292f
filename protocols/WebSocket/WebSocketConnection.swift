import BarrageCore
import BarrageMetrics
import CLibWebSockets
import Glibc

/// One WebSocket connection (an lws `struct lws *`) of one VU, with the state its steps wait on.
///
/// lws calls `handle(_:wsi:input:length:)` from the worker's loop when the handshake finishes or fails, a message
/// piece or a pong arrives, the socket can take more, or the connection closes; each records what happened and
/// wakes the VU's task if it waits (`wait(until:)`). The task then looks at the state and decides: no work is done
/// for a step inside lws's callbacks, and there is one suspension per awaited event.
///
/// Sends write straight to the socket from the VU's task (`lws_write` outside the WRITEABLE callback): asking
/// for a WRITEABLE callback per message costs a `uv_poll_start` (epoll_ctl) each way. lws keeps what the kernel
/// did not take and sends it when the socket drains; a send waits for that first (`lws_partial_buffered`).
///
/// Life: the object is retained for lws from `open` until lws destroys the connection (`LWS_CALLBACK_WSI_DESTROY`),
/// so a callback never meets a freed object. `abandon()` closes the connection at once.
///
/// `final class`: owns the connection, a timer and buffers; confined to its VU's worker thread.
final class WebSocketConnection: LoopHandle, @unchecked Sendable {
    /// Where the connection is in its life.
    enum State {
        case connecting, open, closing, closed
    }

    /// What ended a wait.
    enum Wake {
        /// Something happened on the connection: look at its state.
        case event
        /// The deadline passed.
        case timedOut
        /// The run is aborting.
        case cancelled
    }

    private(set) var state = State.connecting
    /// Why the connection failed or ended, nil while it is fine or after a close this side asked for.
    private(set) var failure: ErrorKind?
    /// The HTTP status of a refused handshake, or the close code of a connection the server closed (1006 when it
    /// closed without a close frame).
    private(set) var failureStatus: UInt16 = 0
    /// Messages received and not consumed yet.
    let messages = MessageQueue()
    /// Pongs received.
    private(set) var pongs = 0
    /// How many of `messages.dropped` a step has reported (`messages_dropped`).
    var reportedDrops = 0
    /// When the last message consumed by a step arrived, monotonic ns (0: none yet).
    var previousArrival: UInt64 = 0
    /// When the last send that no `expect` has matched yet left, monotonic ns.
    var unansweredSendAt: UInt64?
    /// CLOCK_REALTIME minus CLOCK_MONOTONIC, ns, when the connection opened: turns arrival times into wall-clock
    /// times for one-way lag without reading the clock per message.
    let realtimeOffset: Int64

    private let lws: LWSContext
    private var wsi: OpaquePointer?
    private var retainedForLWS = false
    private var headers: [(name: String, value: String)] = []
    private var secure = false
    /// Whether the TCP connection was made (lws's `LWS_CALLBACK_WSI_CREATE` for a client comes then).
    private var tcpConnected = false
    private var closeRequested = false
    private let deadline: DeadlineTimer
    private var waiter: UnsafeContinuation<Wake, Never>?
    private var released = false
    private var sendBuffer: UnsafeMutableRawPointer?
    private var sendCapacity = 0
    private static let headroom = barrage_lws_pre()

    /// Makes a connection object on `worker`; `open` starts connecting.
    init(lws: LWSContext, worker: Worker) {
        self.lws = lws
        realtimeOffset = Int64(bitPattern: WallClock.now()) &- Int64(bitPattern: MonotonicClock.now())
        deadline = DeadlineTimer(worker: worker)
        super.init(worker: worker)
        deadline.expired = { [unowned self] in self.resume(.timedOut) }
    }

    deinit {
        release()
        sendBuffer?.deallocate()
    }

    // MARK: Opening

    /// Starts the handshake with the step's URL, headers and subprotocol; returns the error kind when it fails
    /// before any I/O (a bad URL, lws refusing), else nil and `state` is `.connecting` until lws says more.
    func open(_ options: WebSocketConnectOptions) -> ErrorKind? {
        let url: WebSocketURL
        switch WebSocketURL.parse(options.url) {
        case .success(let parsed): url = parsed
        case .failure: return fail(.clientError, status: 0)
        }
        guard let vhost = lws.vhost(tls: url.secure, deflate: options.compression) else {
            return fail(.clientError, status: 0)
        }
        headers = options.headers
        secure = url.secure
        messages.limit = options.maxQueued
        var info = lws_client_connect_info()
        info.context = lws.context
        info.vhost = vhost
        info.port = Int32(url.port)
        info.ietf_version_or_minus_one = -1
        info.local_protocol_name = LWSContext.protocolName
        if url.secure {
            var flags = LCCSCF_USE_SSL.rawValue
            if options.insecure {
                flags |=
                    LCCSCF_ALLOW_SELFSIGNED.rawValue | LCCSCF_SKIP_SERVER_CERT_HOSTNAME_CHECK.rawValue
                    | LCCSCF_ALLOW_EXPIRED.rawValue | LCCSCF_ALLOW_INSECURE.rawValue
            }
            info.ssl_connection = Int32(flags)
        }
        // lws copies these strings into the connection before lws_client_connect_via_info returns.
        let address = strdup(url.host)
        let path = strdup(url.path)
        let host = strdup(url.hostHeader)
        let subprotocol = options.subprotocol.map { strdup($0) }
        defer {
            free(address)
            free(path)
            free(host)
            if let subprotocol { free(subprotocol) }
        }
        info.address = UnsafePointer(address)
        info.path = UnsafePointer(path)
        info.host = UnsafePointer(host)
        info.origin = UnsafePointer(host)
        if let subprotocol { info.protocol = UnsafePointer(subprotocol) }
        info.userdata = Unmanaged.passRetained(self).toOpaque()
        retainedForLWS = true
        state = .connecting
        let made = lws_client_connect_via_info(&info)
        if made == nil {
            // lws may have reported the failure (and destroyed the connection) already.
            if retainedForLWS {
                retainedForLWS = false
                Unmanaged.passUnretained(self).release()
            }
            return state == .closed ? failure : fail(.connectRefused, status: 0)
        }
        if state == .connecting { wsi = made }
        return state == .closed ? failure : nil
    }

    // MARK: Waiting

    /// Waits until lws reports something on this connection, or until `deadline` (monotonic ns). The deadline is
    /// a lazily armed `DeadlineTimer`: a round trip costs no timer start and stop.
    func wait(until deadline: UInt64) async -> Wake {
        if mustNotWait || released { return .cancelled }
        guard self.deadline.begin(until: deadline) else { return .timedOut }
        return await withWorkerContinuation { continuation in waiter = continuation }
    }

    private func resume(_ wake: Wake) {
        guard let waiter else { return }
        deadline.end()
        self.waiter = nil
        waiter.resume(returning: wake)
    }

    override func interrupt(abort: Bool) {
        if abort { resume(.cancelled) }
    }

    // MARK: Sending

    /// Sends one message (`opcode` text, binary or ping) of `text`'s UTF-8, waiting first while lws still holds
    /// part of an earlier one. Returns nil when lws took it.
    func send(_ text: String, opcode: lws_write_protocol, until deadline: UInt64) async -> ErrorKind? {
        while state == .open, let wsi, lws_partial_buffered(wsi) != 0 {
            lws_callback_on_writable(wsi)
            switch await wait(until: deadline) {
            case .event: continue
            case .timedOut: return .timeout
            case .cancelled: return .interrupted
            }
        }
        guard state == .open, let wsi else { return failure ?? .notConnected }
        var text = text
        let count = text.utf8.count
        let headroom = WebSocketConnection.headroom
        if headroom + count > sendCapacity {
            sendBuffer?.deallocate()
            sendCapacity = max(headroom + count, 256)
            sendBuffer = .allocate(byteCount: sendCapacity, alignment: 16)
        }
        // lws masks the payload in place and writes the frame header into the headroom: refill every time.
        let payload = sendBuffer! + headroom
        text.withUTF8 { utf8 in
            if let base = utf8.baseAddress { memcpy(payload, base, count) }
        }
        let written = lws_write(wsi, payload.assumingMemoryBound(to: UInt8.self), count, opcode)
        if written < Int32(count) { return fail(.connectionReset, status: 0) }
        return nil
    }

    // MARK: Closing

    /// Sends a close frame with `code` and `reason`; lws then waits for the server's close and `state` becomes
    /// `.closed`. The reason is read here only.
    func startClose(code: UInt16, reason: String) {
        guard state == .open, let wsi else { return }
        var reason = reason
        reason.withUTF8 { utf8 in
            lws_close_reason(
                wsi,
                lws_close_status(UInt32(code)),
                UnsafeMutablePointer(mutating: utf8.baseAddress),
                utf8.count
            )
        }
        closeRequested = true
        state = .closing
        lws_callback_on_writable(wsi)
    }

    /// Closes the connection now (no close handshake) and releases the timer; the object is done.
    func abandon() {
        if let wsi {
            self.wsi = nil
            barrage_lws_kill_now(wsi)
        }
        state = .closed
        messages.removeAll()
        release()
    }

    private func release() {
        guard !released else { return }
        released = true
        resume(.cancelled)
        unregister()
        deadline.close()
    }

    @discardableResult
    private func fail(_ kind: ErrorKind, status: UInt16) -> ErrorKind {
        if failure == nil {
            failure = kind
            failureStatus = status
        }
        state = .closed
        return kind
    }

    // MARK: lws callbacks

    /// Handles one lws callback for this connection; nil for reasons it leaves to lws's default handler.
    func handle(
        _ reason: lws_callback_reasons,
        wsi: OpaquePointer,
        input: UnsafeMutableRawPointer?,
        length: Int
    ) -> Int32? {
        switch reason {
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
            guard let input else { return 0 }
            for header in headers {
                let failed = header.value.withCString { value in
                    barrage_lws_append_header(
                        wsi,
                        "\(header.name):",
                        value,
                        Int32(strlen(value)),
                        input,
                        length
                    )
                }
                if failed != 0 { return -1 }
            }
            return 0
        case LWS_CALLBACK_WSI_CREATE:
            tcpConnected = true
            return 0
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            self.wsi = wsi
            state = .open
            resume(.event)
            return 0
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            let text = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            let status = UInt16(clamping: max(0, lws_http_client_http_response(wsi)))
            fail(
                ConnectionFailure.kind(of: text, status: status, secure: secure, connected: tcpConnected),
                status: status
            )
            self.wsi = nil
            resume(.event)
            return 0
        case LWS_CALLBACK_CLIENT_RECEIVE:
            messages.append(input, count: length)
            if lws_is_final_fragment(wsi) != 0 {
                messages.complete(binary: lws_frame_is_binary(wsi) != 0, at: MonotonicClock.now())
                resume(.event)
            }
            return 0
        case LWS_CALLBACK_CLIENT_RECEIVE_PONG:
            pongs += 1
            resume(.event)
            return 0
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            // Returning -1 makes lws send the close frame set by `lws_close_reason` and await the server's.
            if closeRequested { return -1 }
            resume(.event)
            return 0
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            var code: UInt16 = 1005
            if let input, length >= 2 {
                let bytes = input.assumingMemoryBound(to: UInt8.self)
                code = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
            }
            if !closeRequested { fail(.closedByPeer, status: code) }
            return 0
        case LWS_CALLBACK_CLIENT_CLOSED:
            if !closeRequested, failure == nil { fail(.closedByPeer, status: 1006) }
            state = .closed
            self.wsi = nil
            resume(.event)
            return 0
        case LWS_CALLBACK_WSI_DESTROY:
            // lws closed the connection without saying why before: during the handshake that is the server closing
            // or resetting it (lws's own handshake timeouts are set beyond every step's), or a refused connect.
            if state == .connecting {
                fail(tcpConnected ? .closedByPeer : .connectRefused, status: 0)
            } else if state != .closed {
                fail(.closedByPeer, status: 1006)
            }
            self.wsi = nil
            resume(.event)
            if retainedForLWS {
                retainedForLWS = false
                Unmanaged.passUnretained(self).release()
            }
            return 0
        default:
            return nil
        }
    }
}
