import CCurl

/// URL checking with libcurl's own parser, so that what loads is what libcurl will request.
enum URLText {
    /// `text` parsed, `query` pairs appended (URL-encoded), and written back; or why it is not a usable
    /// http(s) URL.
    static func normalise(_ text: String, query: [(String, String)]) -> Result<String, ParseProblem> {
        guard let handle = curl_url() else {
            return .failure(ParseProblem("cannot parse URLs (libcurl out of memory)"))
        }
        defer { curl_url_cleanup(handle) }
        let parsed = curl_url_set(handle, CURLUPART_URL, text, 0)
        guard parsed == CURLUE_OK else {
            return .failure(ParseProblem("'\(text)' is not a valid URL: \(String(cString: curl_url_strerror(parsed)))"))
        }
        var scheme: UnsafeMutablePointer<CChar>?
        curl_url_get(handle, CURLUPART_SCHEME, &scheme, 0)
        let schemeText = scheme.map { String(cString: $0) } ?? ""
        curl_free(scheme)
        guard schemeText == "http" || schemeText == "https" else {
            return .failure(ParseProblem("'\(text)': the scheme must be http or https, found '\(schemeText)'"))
        }
        for (name, value) in query {
            let pair = "\(name)=\(value)"
            guard curl_url_set(handle, CURLUPART_QUERY, pair, UInt32(CURLU_APPENDQUERY | CURLU_URLENCODE)) == CURLUE_OK
            else {
                return .failure(ParseProblem("cannot add query parameter '\(name)'"))
            }
        }
        var full: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, CURLUPART_URL, &full, 0) == CURLUE_OK, let full else {
            return .failure(ParseProblem("'\(text)' cannot be written back as a URL"))
        }
        defer { curl_free(full) }
        return .success(String(cString: full))
    }
}
