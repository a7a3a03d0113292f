/// Why the target server could not start, with what to do about it.
public enum TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host is not a loopback address and non-loopback hosts were not allowed.
    case nonLoopbackHost(String)
    /// A port outside 0...65535.
    case invalidPort(TargetListener, Int)
    /// A thread count below 1.
    case invalidThreadCount(Int)
    /// A negative or non-finite tick rate.
    case invalidTickRate(Double)
    /// A fault given on the command line or in the configuration is not valid.
    case invalidFaults(FaultValidationError)
    /// A listener could not bind (port in use, address not available, …).
    case bindFailed(TargetListener, host: String, port: Int, reason: String)

    /// A message saying what is wrong and what to do.
    public var description: String {
        switch self {
        case .nonLoopbackHost(let host):
            "host \(host) is not a loopback address; load goes to loopback only (127.0.0.0/8, ::1, localhost), "
                + "pass --allow-non-loopback to bind it anyway"
        case .invalidPort(let listener, let port):
            "--\(listener.rawValue) \(port): a port must be from 0 to 65535 (0 picks a free one)"
        case .invalidThreadCount(let threads):
            "--threads \(threads): must be at least 1"
        case .invalidTickRate(let rate):
            "--tick-rate \(rate): must be a non-negative number of messages per second"
        case .invalidFaults(let error):
            "invalid fault: \(error)"
        case .bindFailed(let listener, let host, let port, let reason):
            "could not listen for \(listener.rawValue) on \(host):\(port): \(reason); "
                + "pick another port with --\(listener.rawValue) PORT, or 0 for a free one"
        }
    }
}
