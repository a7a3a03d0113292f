import BarrageMetrics

extension ErrorKind {
    /// More redirects than `max_redirects` allows (`CURLE_TOO_MANY_REDIRECTS`). (HTTP band 2000s.)
    public static let tooManyRedirects = ErrorKind(code: 2001, name: "too_many_redirects")
    /// The request body could not be read (a multipart file vanished or is unreadable).
    public static let requestBody = ErrorKind(code: 2002, name: "request_body")
    /// A libcurl failure no other kind describes; the sample's step still counts it.
    public static let curlError = ErrorKind(code: 2003, name: "curl_error")
    /// The server answered 4xx and the step does not accept that status.
    public static let http4xx = ErrorKind(code: 2004, name: "http_4xx")
    /// The server answered 5xx and the step does not accept that status.
    public static let http5xx = ErrorKind(code: 2005, name: "http_5xx")
    /// The server answered 1xx–3xx and the step's status check does not accept it.
    public static let httpStatus = ErrorKind(code: 2006, name: "http_status")
}
