/// Failing a share of requests: an HTTP 500, a closed connection, or (TCP, WebSocket, UDP) no answer at all.
///
/// JSON: `{"rate": 0.1, "mode": "status"}`. Modes: `status` (HTTP only, the default there), `close` (HTTP, TCP,
/// WebSocket; the default for TCP and WebSocket), `drop` (TCP, WebSocket, UDP; the only one for UDP).
public struct ErrorFault: FaultDocument {
    /// How a failed request fails.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// Answer HTTP 500.
        case status
        /// Close the connection instead of answering.
        case close
        /// Swallow the request: no answer, connection stays open.
        case drop
    }

    /// The share of requests that fail, 0...1.
    public var rate: Double
    /// How they fail.
    public var mode: Mode

    /// Creates an error fault.
    public init(rate: Double, mode: Mode) {
        self.rate = rate
        self.mode = mode
    }

    /// The modes a listener supports, the first being its default.
    public static func modes(for listener: TargetListener) -> [Mode] {
        switch listener {
        case .http: [.status, .close]
        case .ws, .tcp: [.close, .drop]
        case .udp: [.drop]
        }
    }

    /// Reads `{"rate": …, "mode": …}`; the listener is the second path component.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(json, path: path, allowed: ["rate", "mode"])
        let listener = TargetListener(pathComponent: path)
        let allowed = Self.modes(for: listener)
        self.rate = try reader.requiredProbability("rate")
        if let name = try reader.string("mode") {
            guard let mode = Mode(rawValue: name), allowed.contains(mode) else {
                let names = allowed.map(\.rawValue).joined(separator: ", ")
                throw FaultValidationError(
                    field: reader.field("mode"),
                    reason: "\"\(name)\" is not a mode of \(listener.rawValue) (expected \(names))"
                )
            }
            self.mode = mode
        } else {
            self.mode = allowed[0]
        }
    }
}

extension TargetListener {
    /// The listener named by a path like `faults.tcp.error`, or `.http` when it names none.
    init(pathComponent path: String) {
        let components = path.split(separator: ".")
        self = components.count > 1 ? TargetListener(rawValue: String(components[1])) ?? .http : .http
    }
}
