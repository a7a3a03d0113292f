/// Trickling answers: at most `bytes` bytes are written every `intervalMs` milliseconds.
///
/// JSON: `{"bytes": 16, "interval_ms": 10}`. Applies to everything the listener writes (HTTP, WebSocket, TCP).
public struct SlowFault: FaultDocument {
    /// Bytes written per interval.
    public var bytes: Int
    /// Milliseconds between two writes.
    public var intervalMs: Int

    /// Creates a slow-response fault.
    public init(bytes: Int, intervalMs: Int) {
        self.bytes = bytes
        self.intervalMs = intervalMs
    }

    private enum CodingKeys: String, CodingKey {
        case bytes
        case intervalMs = "interval_ms"
    }

    /// Reads `{"bytes": …, "interval_ms": …}`.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(json, path: path, allowed: ["bytes", "interval_ms"])
        self.bytes = try reader.requiredInteger("bytes", in: 1...(1 << 30))
        self.intervalMs = try reader.requiredInteger("interval_ms", in: 1...60_000)
    }
}
