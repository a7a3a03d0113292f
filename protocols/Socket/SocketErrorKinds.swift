import BarrageCore
import BarrageMetrics
import Foundation

extension ErrorKind {
    /// A UDP request whose reply did not arrive within the step's timeout: counted as loss. (Socket band 3000s.)
    public static let datagramLost = ErrorKind(code: 3001, name: "datagram_lost")
}

/// Maps an `errno` from a socket call to the error kind reports use.
enum SocketErrno {
    /// The error pending on socket `fd` (`SO_ERROR`, which reading clears), or nil when there is none.
    static func pendingError(_ fd: Int32) -> ErrorKind? {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0, error != 0 else { return nil }
        return kind(error)
    }

    static func kind(_ code: Int32, connecting: Bool = false) -> ErrorKind {
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
