import Foundation

/// Added latency before an answer: a fixed delay or a distribution.
///
/// JSON: `{"ms": 20}`, `{"distribution": "uniform", "min_ms": 10, "max_ms": 50}` or
/// `{"distribution": "normal", "mean_ms": 20, "stddev_ms": 5}` (normal samples below 0 count as 0).
public enum LatencyFault: FaultDocument {
    /// Always `ms` milliseconds.
    case fixed(ms: Double)
    /// Uniformly between `minMs` and `maxMs` milliseconds.
    case uniform(minMs: Double, maxMs: Double)
    /// Normally distributed with mean `meanMs` and standard deviation `stddevMs` milliseconds, at least 0.
    case normal(meanMs: Double, stddevMs: Double)

    /// Draws one delay in nanoseconds.
    public func sampleNanoseconds(using generator: inout SplitMix64) -> Int64 {
        let milliseconds: Double
        switch self {
        case .fixed(let ms):
            milliseconds = ms
        case .uniform(let minMs, let maxMs):
            milliseconds = minMs == maxMs ? minMs : Double.random(in: minMs...maxMs, using: &generator)
        case .normal(let meanMs, let stddevMs):
            // Box-Muller: two uniforms give one standard normal sample.
            let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
            let u2 = Double.random(in: 0..<1, using: &generator)
            let standard = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
            milliseconds = max(0, meanMs + stddevMs * standard)
        }
        return Int64(milliseconds * 1_000_000)
    }

    /// Reads the JSON forms above; errors name the field.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(
            json,
            path: path,
            allowed: ["distribution", "ms", "min_ms", "max_ms", "mean_ms", "stddev_ms"]
        )
        switch try reader.string("distribution") ?? "fixed" {
        case "fixed":
            self = .fixed(ms: try reader.requiredNonNegativeNumber("ms"))
        case "uniform":
            let minMs = try reader.requiredNonNegativeNumber("min_ms")
            let maxMs = try reader.requiredNonNegativeNumber("max_ms")
            guard minMs <= maxMs else {
                throw FaultValidationError(field: reader.field("max_ms"), reason: "must be at least min_ms (\(minMs))")
            }
            self = .uniform(minMs: minMs, maxMs: maxMs)
        case "normal":
            self = .normal(
                meanMs: try reader.requiredNonNegativeNumber("mean_ms"),
                stddevMs: try reader.requiredNonNegativeNumber("stddev_ms")
            )
        case let other:
            throw FaultValidationError(
                field: reader.field("distribution"),
                reason: "unknown distribution \"\(other)\" (expected fixed, uniform or normal)"
            )
        }
    }

    private enum CodingKeys: String, CodingKey {
        case distribution, ms
        case minMs = "min_ms"
        case maxMs = "max_ms"
        case meanMs = "mean_ms"
        case stddevMs = "stddev_ms"
    }

    /// Encodes the JSON forms above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fixed(let ms):
            try container.encode("fixed", forKey: .distribution)
            try container.encode(ms, forKey: .ms)
        case .uniform(let minMs, let maxMs):
            try container.encode("uniform", forKey: .distribution)
            try container.encode(minMs, forKey: .minMs)
            try container.encode(maxMs, forKey: .maxMs)
        case .normal(let meanMs, let stddevMs):
            try container.encode("normal", forKey: .distribution)
            try container.encode(meanMs, forKey: .meanMs)
            try container.encode(stddevMs, forKey: .stddevMs)
        }
    }
}
