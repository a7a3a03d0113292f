/// A stable, categorised reason a sample failed, in the spirit of k6's error codes.
///
/// Kinds live in numeric bands (connect 1000s, DNS 1100s, TLS 1200s, timeout 1300s, protocol 1400s,
/// check 1500s, server 1600s, generator 1900s) so that reports and thresholds can rely on them. A protocol adds its
/// own kinds in an extension with a code in a band it owns (see docs/adding-a-protocol.md); it never edits
/// the core. Two kinds are equal when their codes are equal: recording a sample hashes one integer. The
/// name is a `StaticString`, so a kind (and the `Sample` that carries it) is plain data: copying one costs
/// no reference counting.
public struct ErrorKind: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable numeric identifier.
    public let code: UInt16
    /// The stable snake_case name, as written in the source.
    public let staticName: StaticString

    /// Makes a kind; give each kind one `static let` so its code is defined once.
    public init(code: UInt16, name: StaticString) {
        self.code = code
        self.staticName = name
    }

    /// The stable snake_case name used in reports, thresholds and result.json.
    public var name: String { staticName.description }

    public static func == (lhs: ErrorKind, rhs: ErrorKind) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    public var description: String { name }
}

extension ErrorKind {
    /// The peer actively refused the connection (ECONNREFUSED).
    public static let connectRefused = ErrorKind(code: 1001, name: "connect_refused")
    /// Connecting did not finish within the step's timeout.
    public static let connectTimeout = ErrorKind(code: 1002, name: "connect_timeout")
    /// No route to the peer, or the network is down (ENETUNREACH, EHOSTUNREACH).
    public static let unreachable = ErrorKind(code: 1003, name: "unreachable")
    /// The peer reset the connection (ECONNRESET, EPIPE).
    public static let connectionReset = ErrorKind(code: 1004, name: "connection_reset")
    /// The peer closed the connection before the step had its answer.
    public static let closedByPeer = ErrorKind(code: 1005, name: "closed_by_peer")
    /// The generator ran out of a local resource (file descriptors, ephemeral ports).
    public static let localResource = ErrorKind(code: 1006, name: "local_resource")
    /// A name could not be resolved.
    public static let dns = ErrorKind(code: 1101, name: "dns")
    /// A TLS handshake or certificate failure.
    public static let tls = ErrorKind(code: 1201, name: "tls")
    /// The step did not complete within its timeout.
    public static let timeout = ErrorKind(code: 1301, name: "timeout")
    /// The peer answered something the protocol does not allow.
    public static let protocolError = ErrorKind(code: 1401, name: "protocol_error")
    /// The answer arrived but a check on it failed.
    public static let checkFailed = ErrorKind(code: 1501, name: "check_failed")
    /// An `extract:` entry found nothing in the response and has no default.
    public static let extractionFailed = ErrorKind(code: 1502, name: "extraction_failed")
    /// The step was cut short because the run stopped (graceful stop expired, or interrupted).
    public static let interrupted = ErrorKind(code: 1901, name: "interrupted")
    /// The client itself failed (threw or reported an internal problem); the VU goes on.
    public static let clientError = ErrorKind(code: 1902, name: "client_error")
    /// A system call failed for a reason no other kind describes.
    public static let unknown = ErrorKind(code: 1999, name: "unknown")
}
