import BarrageMetrics

#if canImport(Glibc)
import Glibc
#endif

extension ErrorKind {
    /// The kind for an `errno` from a socket call (`connect`, `send`, `recv`, `SO_ERROR`), shared by every
    /// protocol that drives sockets itself. `connecting` tells a connect timeout from a read timeout.
    public static func forSocketErrno(_ code: Int32, connecting: Bool = false) -> ErrorKind {
        switch code {
        case ECONNREFUSED: .connectRefused
        case ETIMEDOUT: connecting ? .connectTimeout : .timeout
        case ENETUNREACH, EHOSTUNREACH, ENETDOWN, EHOSTDOWN: .unreachable
        case ECONNRESET, EPIPE, ECONNABORTED: .connectionReset
        case EMFILE, ENFILE, EADDRNOTAVAIL, ENOBUFS, ENOMEM: .localResource
        default: .unknown
        }
    }
}
