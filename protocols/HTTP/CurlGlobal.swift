import CCurl

/// libcurl's process-wide initialisation, done once before the first handle is made.
///
/// `curl_global_init` is not thread-safe against itself; a `static let` runs it exactly once, whichever worker
/// gets there first.
enum CurlGlobal {
    private static let initialised: Bool = curl_global_init(barrage_CURL_GLOBAL_DEFAULT) == CURLE_OK

    /// Whether this libcurl fails every reuse of an HTTP/2 prior-knowledge connection with "Error in the HTTP2
    /// framing layer" (curl/curl#10634, fixed in 8.0.0; Debian 12 ships 7.88.1).
    static let breaksPriorKnowledgeReuse = barrage_curl_version_num() < 0x08_00_00

    /// Makes sure libcurl is initialised; traps if it cannot be (no TLS library: nothing would work).
    static func ensureInitialised() {
        precondition(initialised, "curl_global_init failed")
    }
}
