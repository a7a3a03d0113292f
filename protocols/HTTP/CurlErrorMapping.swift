import BarrageMetrics
import CCurl
import Glibc

/// Maps a transfer's `CURLcode` (with the OS error libcurl saw, and whether a connection was made) to the
/// error kind reports use: the core's kinds where they fit, the HTTP band otherwise.
enum CurlErrorMapping {
    /// The kind for a failed transfer; `osErrno` is `CURLINFO_OS_ERRNO`, `connected` whether the connect phase
    /// finished.
    static func kind(_ code: CURLcode, osErrno: Int, connected: Bool) -> ErrorKind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .dns
        case CURLE_COULDNT_CONNECT:
            switch Int32(osErrno) {
            case ETIMEDOUT: return .connectTimeout
            case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN: return .unreachable
            case EMFILE, ENFILE, EADDRNOTAVAIL, ENOBUFS, ENOMEM: return .localResource
            default: return .connectRefused
            }
        case CURLE_OPERATION_TIMEDOUT:
            return connected ? .timeout : .connectTimeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR:
            return Int32(osErrno) == ETIMEDOUT ? .timeout : .connectionReset
        case CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE:
            return .closedByPeer
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_BAD_CONTENT_ENCODING,
            CURLE_UNSUPPORTED_PROTOCOL, CURLE_HTTP3, CURLE_RANGE_ERROR:
            return .protocolError
        case CURLE_TOO_MANY_REDIRECTS:
            return .tooManyRedirects
        case CURLE_READ_ERROR, CURLE_FILE_COULDNT_READ_FILE:
            return .requestBody
        case CURLE_OUT_OF_MEMORY:
            return .localResource
        default:
            return .curlError
        }
    }
}
