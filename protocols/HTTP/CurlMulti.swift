import BarrageCore
import CCurl
import CLibUV
import Glibc

/// The worker's one libcurl multi handle, driven by the worker's libuv loop through libcurl's multi_socket
/// API (`CURLMOPT_SOCKETFUNCTION`, `CURLMOPT_TIMERFUNCTION`).
///
/// libcurl tells which sockets to watch and when to call it back; readiness and the timer call
/// `curl_multi_socket_action`, and finished transfers are read with `curl_multi_info_read` and handed to their
/// `CurlTransfer`, which resumes its VU's task on this same thread: no thread hop, no lock.
///
/// `final class`: owns the `CURLM` and libuv handles; confined to its worker's thread (made through
/// `Worker.localState`, released in `workerWillStop`).
final class CurlMulti: WorkerLocalState {
    /// The `CURLM *`.
    let handle: UnsafeMutableRawPointer
    private let loop: UnsafeMutablePointer<uv_loop_t>
    private let timer: UnsafeMutablePointer<uv_timer_t>
    /// Poll handles by file descriptor. The mutable state below is unchecked for exclusivity: confined to the
    /// worker's thread, and no access overlaps (the dynamic checks cost runtime calls per socket event).
    @exclusivity(unchecked) private var polls: [CurlSocketPoll?] = []
    private var transfers = 0
    private var maxConnections = 0
    private var stopped = false
    @exclusivity(unchecked) private var running: Int32 = 0

    /// The multi handle of `worker`, made on first use. Worker thread only.
    static func of(_ worker: Worker) -> CurlMulti {
        worker.localState(CurlMulti.self) { CurlMulti(loop: worker.loop) }
    }

    private init(loop: UnsafeMutablePointer<uv_loop_t>) {
        CurlGlobal.ensureInitialised()
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed") }
        handle = multi
        self.loop = loop
        timer = .allocate(capacity: 1)
        uv_timer_init(loop, timer)
        let context = Unmanaged.passUnretained(self).toOpaque()
        timer.pointee.data = context
        barrage_curl_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, context)
        barrage_curl_multi_setopt_socket_callback(multi) { _, fd, what, context, _ in
            Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue().watch(fd, what: what)
            return 0
        }
        barrage_curl_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, context)
        barrage_curl_multi_setopt_timer_callback(multi) { _, milliseconds, context in
            Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue().schedule(milliseconds: milliseconds)
            return 0
        }
        setMaxConnections(64)
    }

    // MARK: Transfers

    /// Counts a transfer (an easy handle) that may run on this multi, so that the connection cache never
    /// holds fewer connections than transfers can run at once (fewer costs a new connection per request).
    func addTransfer() {
        transfers += 1
        if transfers * 2 > maxConnections { setMaxConnections(transfers * 4) }
    }

    /// Forgets a transfer counted by `addTransfer()`.
    func removeTransfer() {
        transfers -= 1
    }

    private func setMaxConnections(_ count: Int) {
        maxConnections = count
        barrage_curl_multi_setopt_long(handle, CURLMOPT_MAXCONNECTS, count)
    }

    /// Starts `easy`; its completion arrives through `CurlTransfer.finish`. Returns false if libcurl refused it.
    func start(_ easy: UnsafeMutableRawPointer) -> Bool {
        !stopped && curl_multi_add_handle(handle, easy) == CURLM_OK
    }

    /// Stops `easy` before it finished (the run is aborting).
    func cancel(_ easy: UnsafeMutableRawPointer) {
        if !stopped { curl_multi_remove_handle(handle, easy) }
    }

    // MARK: Sockets

    /// libcurl opened a socket for a connection (`CURLOPT_OPENSOCKETFUNCTION`): its poll handle lives until
    /// `closed(_:)`.
    func opened(_ fd: Int32) {
        guard !stopped else { return }
        let slot = Int(fd)
        if slot >= polls.count { polls.append(contentsOf: repeatElement(nil, count: slot + 1 - polls.count)) }
        polls[slot]?.close()
        polls[slot] = CurlSocketPoll(fd: fd, isConnection: true, multi: self, loop: loop)
    }

    /// libcurl closes a socket (`CURLOPT_CLOSESOCKETFUNCTION`): release its poll handle, then close it.
    func closed(_ fd: Int32) {
        let slot = Int(fd)
        if slot < polls.count, let poll = polls[slot] {
            polls[slot] = nil
            if !stopped { poll.close() }
        }
        Glibc.close(fd)
    }

    /// `CURLMOPT_SOCKETFUNCTION`: what libcurl wants to know about `fd` now.
    private func watch(_ fd: Int32, what: Int32) {
        guard !stopped else { return }
        let slot = Int(fd)
        var poll = slot < polls.count ? polls[slot] : nil
        if what == CURL_POLL_REMOVE {
            guard let poll else { return }
            poll.wanted = 0
            if !poll.isConnection {
                polls[slot] = nil
                poll.close()
            } else if poll.registered & Int32(UV_WRITABLE.rawValue) != 0 {
                // A writable registration would report at once, again and again: drop it.
                poll.register(0)
            }
            return
        }
        if poll == nil {
            if slot >= polls.count { polls.append(contentsOf: repeatElement(nil, count: slot + 1 - polls.count)) }
            poll = CurlSocketPoll(fd: fd, isConnection: false, multi: self, loop: loop)
            polls[slot] = poll
        }
        guard let poll else { return }
        poll.wanted = what
        var events: Int32 = 0
        if what & CURL_POLL_IN != 0 { events |= Int32(UV_READABLE.rawValue) }
        if what & CURL_POLL_OUT != 0 { events |= Int32(UV_WRITABLE.rawValue) }
        poll.register(events)
    }

    /// A poll handle reported readiness.
    func socketReady(_ poll: CurlSocketPoll, status: Int32, events: Int32) {
        guard poll.wanted != 0 else {
            // A kept-alive connection between requests became readable (the server closed it, or sent
            // something unasked). Level-triggered polling would spin: stop until libcurl asks again.
            poll.register(0)
            return
        }
        var flags: Int32 = 0
        if status < 0 {
            flags = CURL_CSELECT_ERR
        } else {
            if events & Int32(UV_READABLE.rawValue | UV_DISCONNECT.rawValue) != 0 { flags |= CURL_CSELECT_IN }
            if events & Int32(UV_WRITABLE.rawValue) != 0 { flags |= CURL_CSELECT_OUT }
        }
        curl_multi_socket_action(handle, poll.fd, flags, &running)
        collectFinished()
    }

    // MARK: Timer

    /// `CURLMOPT_TIMERFUNCTION`: call libcurl back in `milliseconds` (-1: never).
    private func schedule(milliseconds: Int) {
        guard !stopped else { return }
        if milliseconds < 0 {
            uv_timer_stop(timer)
            return
        }
        uv_timer_start(
            timer,
            { timer in
                guard let data = timer?.pointee.data else { return }
                Unmanaged<CurlMulti>.fromOpaque(data).takeUnretainedValue().timerFired()
            },
            UInt64(milliseconds),
            0
        )
    }

    private func timerFired() {
        curl_multi_socket_action(handle, barrage_CURL_SOCKET_TIMEOUT, 0, &running)
        collectFinished()
    }

    /// Hands every finished transfer to its `CurlTransfer`.
    private func collectFinished() {
        var pending: Int32 = 0
        while let message = curl_multi_info_read(handle, &pending) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            var owner: UnsafeMutableRawPointer?
            barrage_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &owner)
            curl_multi_remove_handle(handle, easy)
            if let owner { Unmanaged<CurlTransfer>.fromOpaque(owner).takeUnretainedValue().finish(result) }
        }
    }

    // MARK: Stopping

    func workerWillStop() {
        guard !stopped else { return }
        // Connections in the multi's own cache are closed here, through `closed(_:)`.
        curl_multi_cleanup(handle)
        stopped = true
        for poll in polls { poll?.close() }
        polls.removeAll()
        let raw = UnsafeMutableRawPointer(timer).assumingMemoryBound(to: uv_handle_t.self)
        raw.pointee.data = nil
        uv_close(raw) { closed in
            closed?.deallocate()
        }
    }
}
