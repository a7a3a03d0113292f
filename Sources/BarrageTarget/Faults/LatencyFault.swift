import Foundation

/// Added latency before an answer: a fixed delay or a distribution, optionally growing with time.
///
/// JSON: `{"ms": 20}`, `{"distribution": "uniform", "min_ms": 10, "max_ms": 50}` or
/// `{"distribution": "normal", "mean_ms": 20, "stddev_ms": 5}` (normal samples below 0 count as 0), each with an
/// optional `"growth_ms_per_s": G`: the delay then grows by G ms for every second since the fault took effect (a
/// target that degrades by design, for endurance tests), up to ``maximumGrowthMs``.
public struct LatencyFault: FaultDocument {
    /// The shape of the delay before growth is added.
    public enum Distribution: Sendable, Equatable {
        /// Always `ms` milliseconds.
        case fixed(ms: Double)
        /// Uniformly between `minMs` and `maxMs` milliseconds.
        case uniform(minMs: Double, maxMs: Double)
        /// Normally distributed with mean `meanMs` and standard deviation `stddevMs` milliseconds, at least 0.
        case normal(meanMs: Double, stddevMs: Double)
    }

    /// The most the growth term adds, in milliseconds (one minute): a forgotten growing fault stays answerable.
    public static let maximumGrowthMs = 60_000.0

    /// The delay's shape.
    public var distribution: Distribution
    /// Milliseconds added per second since the fault took effect; 0 for a delay that does not grow.
    public var growthMsPerSecond: Double

    /// Makes a latency fault of `distribution` that grows by `growthMsPerSecond` ms each second.
    public init(_ distribution: Distribution, growthMsPerSecond: Double = 0) {
        self.distribution = distribution
        self.growthMsPerSecond = growthMsPerSecond
    }

    /// Always `ms` milliseconds, not growing.
    public static func fixed(ms: Double) -> LatencyFault { LatencyFault(.fixed(ms: ms)) }
    /// Uniformly between `minMs` and `maxMs` milliseconds, not growing.
    public static func uniform(minMs: Double, maxMs: Double) -> LatencyFault {
        LatencyFault(.uniform(minMs: minMs, maxMs: maxMs))
    }
    /// Normally distributed around `meanMs` with deviation `stddevMs` milliseconds (at least 0), not growing.
    public static func normal(meanMs: Double, stddevMs: Double) -> LatencyFault {
        LatencyFault(.normal(meanMs: meanMs, stddevMs: stddevMs))
    }

    /// Draws one delay in nanoseconds, without growth (as at the moment the fault took effect).
    public func sampleNanoseconds(using generator: inout SplitMix64) -> Int64 {
        sampleNanoseconds(afterElapsed: 0, using: &generator)
    }

    /// Draws one delay in nanoseconds for an answer `elapsed` nanoseconds after the fault took effect.
    public func sampleNanoseconds(afterElapsed elapsed: Int64, using generator: inout SplitMix64) -> Int64 {
        let milliseconds: Double
        switch distribution {
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
        return Int64((milliseconds + growthMs(afterElapsed: elapsed)) * 1_000_000)
    }

    /// The milliseconds growth adds `elapsed` nanoseconds after the fault took effect.
    public func growthMs(afterElapsed elapsed: Int64) -> Double {
        guard growthMsPerSecond > 0, elapsed > 0 else { return 0 }
        return min(Self.maximumGrowthMs, growthMsPerSecond * Double(elapsed) / 1e9)
    }

    /// Reads the JSON forms above; errors name the field.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(
            json,
            path: path,
            allowed: ["distribution", "ms", "min_ms", "max_ms", "mean_ms", "stddev_ms", "growth_ms_per_s"]
        )
        growthMsPerSecond = try reader.nonNegativeNumber("growth_ms_per_s") ?? 0
        switch try reader.string("distribution") ?? "fixed" {
        case "fixed":
            distribution = .fixed(ms: try reader.requiredNonNegativeNumber("ms"))
        case "uniform":
            let minMs = try reader.requiredNonNegativeNumber("min_ms")
            let maxMs = try reader.requiredNonNegativeNumber("max_ms")
            guard minMs <= maxMs else {
                throw FaultValidationError(field: reader.field("max_ms"), reason: "must be at least min_ms (\(minMs))")
            }
            distribution = .uniform(minMs: minMs, maxMs: maxMs)
        case "normal":
            distribution = .normal(
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
        case growthMsPerSecond = "growth_ms_per_s"
    }

    /// Encodes the JSON forms above (`growth_ms_per_s` only when the delay grows).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch distribution {
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
        if growthMsPerSecond > 0 { try container.encode(growthMsPerSecond, forKey: .growthMsPerSecond) }
    }
}
