import BarrageCore
import CLibUV
import CLibWebSockets

/// The worker's one libwebsockets context, running on the worker's libuv loop as a *foreign* loop: lws adds its
/// poll and timer handles to that loop and never runs or stops it, so every connection's reads, writes and
/// callbacks happen on the worker's thread, with no thread hop.
///
/// One protocol (`barrage`) receives every connection's callbacks; each connection's `WebSocketConnection` travels
/// as the connection's user pointer (per-session data size 0). The default vhost neither uses TLS nor offers
/// permessage-deflate; vhosts that do are made on first use (a TLS vhost loads the system's CA store, which takes
/// a while on the worker's thread once).
///
/// `final class`: owns the `lws_context`; confined to its worker's thread (made through `Worker.localState`,
/// destroyed when the worker stops).
final class LWSContext {
    /// The `struct lws_context *`.
    let context: OpaquePointer
    /// Vhosts by `tls * 2 + deflate`; the plain one is made with the context.
    private var vhosts: [OpaquePointer?] = [nil, nil, nil, nil]
    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let loop: UnsafeMutablePointer<uv_loop_t>
    private var destroyed = false

    /// The protocol name connections bind to locally (not the subprotocol sent to the server).
    static var protocolName: UnsafePointer<CChar> { barrage_lws_protocol_name() }

    /// Each connection's receive buffer in lws (the default is 4 KiB, most of an idle connection's memory); larger
    /// messages arrive in several callbacks and are joined by `MessageQueue`.
    static let receiveBufferSize = 2048

    /// The most lws writes to the socket in one `send()` (by default the receive buffer's size, 2 KiB). What does not
    /// go out keeps waiting in lws and is sent in chunks of this size each time the socket can take more; lws
    /// allocates nothing of this size per connection.
    static let sendChunkSize = 65536

    /// The context of `worker`, made on first use; nil when lws cannot make one (reported as `client_error`).
    static func of(_ worker: Worker) -> LWSContext? {
        let state = worker.localState(LWSContextSlot.self) { LWSContextSlot(LWSContext(loop: worker.loop)) }
        return state.context
    }

    private init?(loop: UnsafeMutablePointer<uv_loop_t>) {
        LWSContext.quietLogs
        self.loop = loop
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = LWSContext.protocolName
        // Every lws callback, for every connection of this worker.
        protocols[0].callback = { wsi, reason, user, input, length in
            guard let user, let wsi else { return lws_callback_http_dummy(wsi, reason, user, input, length) }
            // The connection is retained for lws until LWS_CALLBACK_WSI_DESTROY, which gives that reference up (maybe
            // the last one) and so holds one of its own; the other callbacks need no retain and release.
            let connection = Unmanaged<WebSocketConnection>.fromOpaque(user)
            let handled =
                reason == LWS_CALLBACK_WSI_DESTROY
                ? connection.takeUnretainedValue().handle(reason, wsi: wsi, input: input, length: length)
                : connection._withUnsafeGuaranteedRef { $0.handle(reason, wsi: wsi, input: input, length: length) }
            return handled ?? lws_callback_http_dummy(wsi, reason, user, input, length)
        }
        protocols[0].per_session_data_size = 0
        protocols[0].rx_buffer_size = LWSContext.receiveBufferSize
        protocols[0].tx_packet_size = LWSContext.sendChunkSize
        guard let made = barrage_lws_create_context(loop, protocols) else {
            protocols.deallocate()
            return nil
        }
        context = made
        guard let vhost = lws_get_vhost_by_name(made, "barrage") else {
            lws_context_destroy(made)
            protocols.deallocate()
            return nil
        }
        vhosts[0] = vhost
    }

    /// The vhost for connections with or without TLS and permessage-deflate, made on first use.
    func vhost(tls: Bool, deflate: Bool) -> OpaquePointer? {
        let index = (tls ? 2 : 0) + (deflate ? 1 : 0)
        if let made = vhosts[index] { return made }
        let name = "barrage-\(tls ? "tls" : "plain")-\(deflate ? "deflate" : "identity")"
        vhosts[index] = barrage_lws_create_vhost(context, protocols, name, tls ? 1 : 0, deflate ? 1 : 0)
        return vhosts[index]
    }

    /// lws logs errors and notices to stderr by default; a load generator reports failures as samples instead.
    private static let quietLogs: Void = lws_set_log_level(0, nil)

    /// Destroys the context when the worker stops, in the order lws 4.1 wants on a foreign loop.
    ///
    /// The first `lws_context_destroy` closes every connection's libuv handle; the close callback of the last one
    /// closes lws's own timer and idle handles, whose close callbacks come one loop turn later (the worker runs its
    /// loop once more after stopping, for close callbacks). Only after those may the second call free the context
    /// (and its `/dev/urandom` descriptor, its vhosts' TLS contexts); before it, they would read freed memory.
    ///
    /// libuv runs a turn's close callbacks in the reverse order of the `uv_close` calls. A handle of ours closed
    /// right after the first call therefore runs its close callback before lws's in this turn; it closes a second
    /// one, which thus runs after lws's static handles' callbacks in the next turn and makes the second call, if
    /// no handle is left on the loop by then (else it leaves the context: a leak, never a read of freed memory).
    func destroy() {
        guard !destroyed else { return }
        destroyed = true
        lws_context_destroy(context)
        let first = UnsafeMutablePointer<uv_idle_t>.allocate(capacity: 1)
        uv_idle_init(loop, first)
        first.pointee.data = Unmanaged.passRetained(self).toOpaque()
        uv_close(UnsafeMutableRawPointer(first).assumingMemoryBound(to: uv_handle_t.self)) { closed in
            guard let closed else { return }
            let second = UnsafeMutablePointer<uv_idle_t>.allocate(capacity: 1)
            uv_idle_init(closed.pointee.loop, second)
            second.pointee.data = closed.pointee.data
            UnsafeMutableRawPointer(closed).assumingMemoryBound(to: uv_idle_t.self).deallocate()
            uv_close(UnsafeMutableRawPointer(second).assumingMemoryBound(to: uv_handle_t.self)) { closed in
                guard let closed, let data = closed.pointee.data else { return }
                let lws = Unmanaged<LWSContext>.fromOpaque(data).takeRetainedValue()
                UnsafeMutableRawPointer(closed).assumingMemoryBound(to: uv_idle_t.self).deallocate()
                lws.finishDestroy()
            }
        }
    }

    /// The second `lws_context_destroy`, when nothing is left on the loop (lws's handles all closed).
    private func finishDestroy() {
        var left = 0
        uv_walk(loop, { _, count in count?.assumingMemoryBound(to: Int.self).pointee += 1 }, &left)
        guard left == 0 else { return }
        lws_context_destroy(context)
        protocols.deallocate()
    }
}

/// Holds the worker's context, or the failure to make one (so it is not retried per VU).
final class LWSContextSlot: WorkerLocalState {
    let context: LWSContext?

    init(_ context: LWSContext?) {
        self.context = context
    }

    func workerWillStop() { context?.destroy() }
}
