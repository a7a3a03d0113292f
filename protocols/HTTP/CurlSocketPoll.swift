import CLibUV

/// The `uv_poll_t` of one socket libcurl uses, on the worker's loop.
///
/// A socket libcurl opened for a connection keeps its poll handle from `CURLOPT_OPENSOCKETFUNCTION` to
/// `CURLOPT_CLOSESOCKETFUNCTION`: when libcurl says `CURL_POLL_REMOVE` between two requests on a kept-alive
/// connection, the registration stays (libcurl asks for reading again right after; obeying costs 3–6
/// `epoll_ctl` a request, measured; see docs/http.md). Other sockets (the resolver's wake-up pair) are
/// released on `CURL_POLL_REMOVE`, because libcurl closes them without telling.
///
/// `final class`: owns a libuv handle; confined to its worker's thread.
final class CurlSocketPoll {
    /// The socket.
    let fd: Int32
    /// Whether libcurl opened it through our open-socket callback (and will close it through ours).
    let isConnection: Bool
    /// The `CURL_POLL_*` events libcurl waits for now; 0 after `CURL_POLL_REMOVE`.
    var wanted: Int32 = 0
    /// The `UV_READABLE`/`UV_WRITABLE` events the poll handle is started with; 0 when stopped.
    var registered: Int32 = 0
    /// The libuv handle; its `data` points at this object.
    let handle: UnsafeMutablePointer<uv_poll_t>
    /// The multi handle it reports to. Unowned: the multi owns every poll.
    unowned(unsafe) let multi: CurlMulti

    init?(fd: Int32, isConnection: Bool, multi: CurlMulti, loop: UnsafeMutablePointer<uv_loop_t>) {
        self.fd = fd
        self.isConnection = isConnection
        self.multi = multi
        handle = .allocate(capacity: 1)
        guard uv_poll_init_socket(loop, handle, fd) == 0 else {
            handle.deallocate()
            return nil
        }
        handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Polls for `events` (libuv flags), changing the registration only if it differs.
    func register(_ events: Int32) {
        guard registered != events else { return }
        registered = events
        if events == 0 {
            uv_poll_stop(handle)
            return
        }
        uv_poll_start(handle, events) { handle, status, events in
            guard let data = handle?.pointee.data else { return }
            let poll = Unmanaged<CurlSocketPoll>.fromOpaque(data).takeUnretainedValue()
            poll.multi.socketReady(poll, status: status, events: events)
        }
    }

    /// Stops polling and frees the handle once libuv is done with it.
    func close() {
        uv_poll_stop(handle)
        registered = 0
        let raw = UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)
        raw.pointee.data = nil
        uv_close(raw) { closed in
            closed?.deallocate()
        }
    }
}
