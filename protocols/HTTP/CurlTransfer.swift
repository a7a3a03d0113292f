import BarrageCore
import BarrageMetrics
import CCurl
import Glibc

/// One VU's libcurl easy handle for one step, configured once from the step and reused for every request,
/// so its options cost nothing per request and its connections stay alive (no `curl_easy_reset`).
///
/// `perform()` adds the handle to the worker's `CurlMulti` and suspends the VU's task; the multi resumes it
/// from the loop callback that saw the transfer finish.
///
/// `final class`: owns the `CURL` handle and what it points at (URL handle, header list, MIME body);
/// confined to its VU's worker thread.
final class CurlTransfer: LoopHandle, @unchecked Sendable {
    /// How a request ended.
    enum Outcome {
        /// libcurl finished it with this code (`CURLE_OK` or an error).
        case finished(CURLcode)
        /// The run is aborting: the transfer was cancelled.
        case interrupted
        /// libcurl would not start it.
        case notStarted
    }

    /// The `CURL *`.
    let easy: UnsafeMutableRawPointer
    private let multi: CurlMulti
    private let urlHandle: OpaquePointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var mime: OpaquePointer?
    /// The suspended request. `@exclusivity(unchecked)`, like `finishedAt`: worker thread only, no overlapping access.
    @exclusivity(unchecked) private var waiter: UnsafeContinuation<Outcome, Never>?
    private var closed = false
    private var counted = false
    /// The step's checks, kept here so that a request needs nothing from the step.
    let expectation: HTTPExpectation
    /// The step's parts rendered per request.
    private let templates: HTTPTemplates
    /// Whether the next response's body is kept (for a check or an extraction).
    var keepsBody = false
    /// The response body, kept only when a check needs it (up to `bodyLimit` bytes).
    var body: [UInt8] = []
    /// When libcurl reported the transfer finished, monotonic ns.
    @exclusivity(unchecked) private(set) var finishedAt: UInt64 = 0

    /// The most of a body kept for checks; the rest is counted and dropped.
    static let bodyLimit = 16 << 20

    /// Makes and configures the handle, or nil when libcurl cannot make one. `share` is the VU's share handle
    /// (its cookies and, for per-VU connections, its connection cache).
    init?(step: HTTPStep, keepsBody: Bool, multi: CurlMulti, share: UnsafeMutableRawPointer?, worker: Worker) {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.multi = multi
        expectation = step.expectation
        templates = step.templates
        self.keepsBody = keepsBody
        urlHandle = step.templates.url == nil ? curl_url() : nil
        super.init(worker: worker)
        let urlSet = urlHandle.map { curl_url_set($0, CURLUPART_URL, step.url, 0) == CURLUE_OK } ?? true
        guard urlSet, step.templates.url != nil || urlHandle != nil, configure(step, share: share) else {
            close()
            return nil
        }
        multi.addTransfer()
        counted = true
    }

    private func setLong(_ option: CURLoption, _ value: Int) -> Bool {
        barrage_curl_easy_setopt_long(easy, option, value) == CURLE_OK
    }

    private func setText(_ option: CURLoption, _ value: String) -> Bool {
        // libcurl copies string options.
        barrage_curl_easy_setopt_pointer(easy, option, value) == CURLE_OK
    }

    private func configure(_ step: HTTPStep, share: UnsafeMutableRawPointer?) -> Bool {
        let context = Unmanaged.passUnretained(self).toOpaque()
        let multiContext = Unmanaged.passUnretained(multi).toOpaque()
        var ok = true
        ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context) == CURLE_OK
        if let urlHandle {
            ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_CURLU, UnsafeRawPointer(urlHandle)) == CURLE_OK
        }
        // No signals (6 rt_sigaction a request otherwise) and no proxy lookup in the environment (5 getenv).
        ok = ok && setLong(CURLOPT_NOSIGNAL, 1)
        ok = ok && setText(CURLOPT_NOPROXY, "*")
        // Sockets: ours to watch from open to close (see CurlSocketPoll).
        ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, multiContext) == CURLE_OK
        ok =
            ok
            && barrage_curl_easy_setopt_opensocket_callback(easy) { context, _, address in
                guard let address else { return barrage_CURL_SOCKET_BAD }
                let fd = socket(
                    address.pointee.family,
                    address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue),
                    address.pointee.protocol
                )
                if fd >= 0 { Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue().opened(fd) }
                return fd >= 0 ? fd : barrage_CURL_SOCKET_BAD
            } == CURLE_OK
        ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_CLOSESOCKETDATA, multiContext) == CURLE_OK
        ok =
            ok
            && barrage_curl_easy_setopt_closesocket_callback(easy) { context, fd in
                Unmanaged<CurlMulti>.fromOpaque(context!).takeUnretainedValue().closed(fd)
                return 0
            } == CURLE_OK
        // The body: kept for checks and extractions, or counted by libcurl (CURLINFO_SIZE_DOWNLOAD_T) and
        // dropped.
        if step.expectation.needsBody || keepsBody {
            ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context) == CURLE_OK
            ok =
                ok
                && barrage_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, owner in
                    let length = size * count
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(owner!).takeUnretainedValue()
                    let room = CurlTransfer.bodyLimit - transfer.body.count
                    if room > 0, transfer.keepsBody, let data {
                        transfer.body.append(
                            contentsOf: UnsafeRawBufferPointer(start: data, count: min(room, length))
                        )
                    }
                    return length
                } == CURLE_OK
        } else {
            ok =
                ok
                && barrage_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { _, size, count, _ in
                    size * count
                } == CURLE_OK
        }

        // Method and body.
        switch step.method {
        case "GET": ok = ok && setLong(CURLOPT_HTTPGET, 1)
        case "HEAD": ok = ok && setLong(CURLOPT_NOBODY, 1)
        case "POST": break
        default: ok = ok && setText(CURLOPT_CUSTOMREQUEST, step.method)
        }
        switch step.body {
        case .none:
            if step.method == "POST" {
                ok = ok && setLong(CURLOPT_POSTFIELDSIZE, 0)
                ok = ok && setText(CURLOPT_COPYPOSTFIELDS, "")
            }
        case .bytes(let bytes, _):
            ok = ok && setLong(CURLOPT_POSTFIELDSIZE, bytes.count)
            ok =
                ok
                && bytes.withUnsafeBytes { raw in
                    // COPYPOSTFIELDS copies the bytes once, now.
                    barrage_curl_easy_setopt_pointer(
                        easy,
                        CURLOPT_COPYPOSTFIELDS,
                        raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
                    ) == CURLE_OK
                }
        case .multipart(let fields):
            guard let made = curl_mime_init(easy) else { return false }
            mime = made
            for field in fields {
                guard let part = curl_mime_addpart(made) else { return false }
                curl_mime_name(part, field.name)
                switch field.value {
                case .text(let text): curl_mime_data(part, text, text.utf8.count)
                case .file(let path): ok = ok && curl_mime_filedata(part, path) == CURLE_OK
                }
            }
            ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_MIMEPOST, UnsafeRawPointer(made)) == CURLE_OK
        }
        if !step.body.isEmpty, step.method != "POST" {
            // A custom method keeps the POST body; GET with a body needs the method restated.
            ok = ok && setText(CURLOPT_CUSTOMREQUEST, step.method)
        }

        for header in step.headers {
            guard let list = curl_slist_append(headerList, header) else { return false }
            headerList = list
        }
        if let headerList {
            ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList) == CURLE_OK
        }

        ok = ok && setLong(CURLOPT_FOLLOWLOCATION, step.followRedirects ? 1 : 0)
        ok = ok && setLong(CURLOPT_MAXREDIRS, step.maxRedirects)
        ok = ok && setLong(CURLOPT_TIMEOUT_MS, Int(step.timeout / 1_000_000))
        ok = ok && setLong(CURLOPT_CONNECTTIMEOUT_MS, Int(step.connectTimeout / 1_000_000))

        let version: Int
        switch step.version {
        case .http1_0: version = CURL_HTTP_VERSION_1_0
        case .http1_1: version = CURL_HTTP_VERSION_1_1
        case .http2: version = CURL_HTTP_VERSION_2TLS
        case .http2PriorKnowledge: version = CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE
        }
        ok = ok && setLong(CURLOPT_HTTP_VERSION, version)

        if step.tls.insecure {
            ok = ok && setLong(CURLOPT_SSL_VERIFYPEER, 0)
            ok = ok && setLong(CURLOPT_SSL_VERIFYHOST, 0)
        }
        if let ca = step.tls.caFile { ok = ok && setText(CURLOPT_CAINFO, ca) }
        if let cert = step.tls.certificateFile { ok = ok && setText(CURLOPT_SSLCERT, cert) }
        if let key = step.tls.keyFile { ok = ok && setText(CURLOPT_SSLKEY, key) }

        switch step.auth {
        case .basic(let user, let password):
            ok = ok && setLong(CURLOPT_HTTPAUTH, barrage_CURLAUTH_BASIC)
            ok = ok && setText(CURLOPT_USERNAME, user)
            ok = ok && setText(CURLOPT_PASSWORD, password)
        case .bearer(let token):
            ok = ok && setLong(CURLOPT_HTTPAUTH, barrage_CURLAUTH_BEARER)
            ok = ok && setText(CURLOPT_XOAUTH2_BEARER, token)
        case nil:
            break
        }

        if step.compressed { ok = ok && setText(CURLOPT_ACCEPT_ENCODING, "") }

        // Cookies: the engine on, its jar the VU's (through the share handle).
        ok = ok && setText(CURLOPT_COOKIEFILE, "")
        if let share { ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_SHARE, share) == CURLE_OK }
        switch step.connection {
        case .perVU:
            break
        case .shared:
            // HTTP/2: wait for a connection that can take another stream rather than open one more.
            ok = ok && setLong(CURLOPT_PIPEWAIT, 1)
        case .perRequest:
            ok = ok && setLong(CURLOPT_FRESH_CONNECT, 1)
            ok = ok && setLong(CURLOPT_FORBID_REUSE, 1)
        }
        if step.version == .http2PriorKnowledge, CurlGlobal.breaksPriorKnowledgeReuse {
            // libcurl < 8.0 fails every request on a reused prior-knowledge connection: a connection per request.
            ok = ok && setLong(CURLOPT_FRESH_CONNECT, 1)
            ok = ok && setLong(CURLOPT_FORBID_REUSE, 1)
        }
        return ok
    }

    /// Sets the parts of the request that read variables, rendered from `scope`; false when libcurl refuses
    /// one (a rendered URL that does not parse, say).
    func render(_ scope: VariableScope) -> Bool {
        guard !templates.isEmpty else { return true }
        var ok = true
        if let url = templates.renderURL(scope) { ok = ok && setText(CURLOPT_URL, url) }
        if let headers = templates.headers {
            curl_slist_free_all(headerList)
            headerList = nil
            for header in headers {
                let line = header.name + ": " + header.value.render(scope)
                guard let list = curl_slist_append(headerList, line) else { return false }
                headerList = list
            }
            ok = ok && barrage_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerList) == CURLE_OK
        }
        if let text = templates.renderBody(scope) {
            let bytes = Array(text.utf8)
            ok = ok && setLong(CURLOPT_POSTFIELDSIZE, bytes.count)
            ok =
                ok
                && bytes.withUnsafeBytes { raw in
                    barrage_curl_easy_setopt_pointer(
                        easy,
                        CURLOPT_COPYPOSTFIELDS,
                        raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)
                    ) == CURLE_OK
                }
        }
        if let bearer = templates.bearer { ok = ok && setText(CURLOPT_XOAUTH2_BEARER, bearer.render(scope)) }
        if let basic = templates.basic {
            ok = ok && setText(CURLOPT_USERNAME, basic.user.render(scope))
            ok = ok && setText(CURLOPT_PASSWORD, basic.password.render(scope))
        }
        return ok
    }

    /// Sends the request and waits for the response, through the worker's loop.
    func perform() async -> Outcome {
        if mustNotWait || closed { return .interrupted }
        body.removeAll(keepingCapacity: true)
        return await withWorkerContinuation { continuation in
            waiter = continuation
            if !multi.start(easy) {
                waiter = nil
                continuation.resume(returning: .notStarted)
            }
        }
    }

    /// Called by the multi when libcurl finished the transfer (the handle is already removed from it).
    func finish(_ code: CURLcode) {
        finishedAt = MonotonicClock.now()
        resume(.finished(code))
    }

    private func resume(_ outcome: Outcome) {
        guard let waiter else { return }
        self.waiter = nil
        waiter.resume(returning: outcome)
    }

    override func interrupt(abort: Bool) {
        guard abort, waiter != nil else { return }
        multi.cancel(easy)
        finishedAt = MonotonicClock.now()
        resume(.interrupted)
    }

    // MARK: What libcurl measured

    /// A `long` fact about the last transfer.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        barrage_curl_easy_getinfo_long(easy, info, &value)
        return value
    }

    /// A `curl_off_t` fact about the last transfer (the `_T` times are microseconds).
    func largeInfo(_ info: CURLINFO) -> Int {
        var value: curl_off_t = 0
        barrage_curl_easy_getinfo_off_t(easy, info, &value)
        return value
    }

    /// The last response's header `name` (the last one if repeated), or nil.
    func header(_ name: String) -> String? {
        var found: UnsafeMutablePointer<curl_header>?
        guard curl_easy_header(easy, name, 0, UInt32(CURLH_HEADER), -1, &found) == CURLHE_OK, let found,
            let value = found.pointee.value
        else {
            return nil
        }
        return String(cString: value)
    }

    // MARK: Closing

    /// Releases the handle and what it points at. A pending request ends as interrupted.
    func close() {
        guard !closed else { return }
        closed = true
        if waiter != nil {
            multi.cancel(easy)
            resume(.interrupted)
        }
        unregister()
        curl_easy_cleanup(easy)
        if let urlHandle { curl_url_cleanup(urlHandle) }
        curl_slist_free_all(headerList)
        headerList = nil
        if let mime { curl_mime_free(mime) }
        mime = nil
        if counted { multi.removeTransfer() }
    }
}
