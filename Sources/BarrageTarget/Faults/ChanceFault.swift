/// A fault that strikes each request with a probability: connection reset (RST) or garbage bytes.
///
/// JSON: `{"probability": 0.05}`; for garbage also `"bytes"` (how many random bytes to answer with, default 64).
public struct ChanceFault: FaultDocument {
    /// The probability per request, 0...1.
    public var probability: Double
    /// How many random bytes a garbage answer has (unused for resets).
    public var bytes: Int?

    /// Creates a probabilistic fault.
    public init(probability: Double, bytes: Int? = nil) {
        self.probability = probability
        self.bytes = bytes
    }

    /// Reads `{"probability": …, "bytes": …}`.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let allowsBytes = path.hasSuffix(".garbage")
        let reader = try FaultFieldReader(
            json,
            path: path,
            allowed: allowsBytes ? ["probability", "bytes"] : ["probability"]
        )
        self.probability = try reader.requiredProbability("probability")
        self.bytes = try reader.integer("bytes", in: 1...(1 << 20))
    }
}
