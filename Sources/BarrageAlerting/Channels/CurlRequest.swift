import CCurl
import Foundation

/// One blocking libcurl transfer (easy interface) for an alert: an HTTP POST or an SMTP message.
///
/// Alerts are rare and sent from a channel's own thread, so the easy interface's blocking `perform` is the
/// right tool; the handle lives for one delivery and is cleaned up in `deinit`.
final class CurlRequest {
    /// Why a transfer could not be set up or did not complete.
    struct Failure: Error {
        var message: String
        var isRetryable: Bool
    }

    private static let initialised: Bool = curl_global_init(barrage_CURL_GLOBAL_DEFAULT) == CURLE_OK

    private let easy: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    private var upload: Upload?

    /// The bytes an upload reads (an SMTP message), and how far it has read.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    /// A transfer to `url` that gives up after `timeout` nanoseconds.
    init(url: String, timeout: UInt64) throws(Failure) {
        guard Self.initialised, let easy = curl_easy_init() else {
            throw Failure(message: "libcurl could not be initialised", isRetryable: false)
        }
        self.easy = easy
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let milliseconds = Int(max(1, timeout / 1_000_000))
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer))
        try set(CURLOPT_URL, url)
        // Threads: no signals for timeouts (libcurl would use SIGALRM for DNS otherwise).
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TIMEOUT_MS, milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)
        // The answer's body is not needed: drop it.
        let discard: barrage_curl_write_callback = { _, size, count, _ in size * count }
        guard barrage_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, discard) == CURLE_OK else {
            throw Failure(message: "libcurl refused the write callback", isRetryable: false)
        }
    }

    deinit {
        curl_easy_cleanup(easy)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws(Failure) {
        guard barrage_curl_easy_setopt_long(easy, option, value) == CURLE_OK else {
            throw Failure(message: "libcurl refused option \(option.rawValue)", isRetryable: false)
        }
    }

    /// Sets a text option (libcurl copies it).
    func set(_ option: CURLoption, _ value: String) throws(Failure) {
        guard barrage_curl_easy_setopt_pointer(easy, option, value) == CURLE_OK else {
            throw Failure(message: "libcurl refused option \(option.rawValue)", isRetryable: false)
        }
    }

    /// Sets a pointer option.
    private func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws(Failure) {
        guard barrage_curl_easy_setopt_pointer(easy, option, pointer) == CURLE_OK else {
            throw Failure(message: "libcurl refused option \(option.rawValue)", isRetryable: false)
        }
    }

    /// Sets a list option (headers, mail recipients); the list lives as long as the request.
    func set(_ option: CURLoption, list values: [String]) throws(Failure) {
        var list: UnsafeMutablePointer<curl_slist>?
        for value in values {
            guard let next = curl_slist_append(list, value) else {
                if let list { curl_slist_free_all(list) }
                throw Failure(message: "out of memory building a libcurl list", isRetryable: false)
            }
            list = next
        }
        guard let list else { return }
        lists.append(list)
        try set(option, pointer: UnsafeRawPointer(list))
    }

    /// POSTs `body` (libcurl copies it).
    func post(_ body: [UInt8]) throws(Failure) {
        try set(CURLOPT_POSTFIELDSIZE, body.count)
        let copied = body.withUnsafeBytes { buffer in
            barrage_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress)
        }
        guard copied == CURLE_OK else { throw Failure(message: "libcurl refused the body", isRetryable: false) }
    }

    /// Uploads `bytes` (an SMTP message) through a read callback.
    func upload(_ bytes: [UInt8]) throws(Failure) {
        let source = Upload(bytes)
        upload = source
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_READDATA, pointer: UnsafeRawPointer(Unmanaged.passUnretained(source).toOpaque()))
        let read: barrage_curl_write_callback = { buffer, size, count, user in
            guard let buffer, let user else { return 0 }
            let source = Unmanaged<Upload>.fromOpaque(user).takeUnretainedValue()
            let length = min(size * count, source.bytes.count - source.offset)
            source.bytes.withUnsafeBufferPointer { bytes in
                UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + source.offset, byteCount: length)
            }
            source.offset += length
            return length
        }
        guard barrage_curl_easy_setopt_write_callback(easy, CURLOPT_READFUNCTION, read) == CURLE_OK else {
            throw Failure(message: "libcurl refused the read callback", isRetryable: false)
        }
    }

    /// Runs the transfer; returns the HTTP status (0 for other protocols).
    func perform() throws(Failure) -> Int {
        let code = curl_easy_perform(easy)
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            let retryable = ![CURLE_LOGIN_DENIED, CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL].contains(code)
            throw Failure(message: reason, isRetryable: retryable)
        }
        var status = 0
        _ = barrage_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return status
    }
}
