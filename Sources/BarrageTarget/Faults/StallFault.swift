/// Stopping to answer for `durationMs` every `periodMs`: requests that arrive during a stall are held, not dropped,
/// and answered when it ends, which is what a coordinated-omission test needs.
///
/// JSON: `{"duration_ms": 300, "period_ms": 1000}`. The first stall begins when the fault takes effect (server start
/// for command-line faults, the `POST /admin/faults` for run-time ones), then one begins every period.
public struct StallFault: FaultDocument {
    /// How long each stall lasts, in milliseconds.
    public var durationMs: Int
    /// How often a stall begins, in milliseconds.
    public var periodMs: Int

    /// Creates a stall fault.
    public init(durationMs: Int, periodMs: Int) {
        self.durationMs = durationMs
        self.periodMs = periodMs
    }

    /// Nanoseconds until the current stall ends, or 0 when `elapsed` nanoseconds after the start are not in one.
    public func remainingNanoseconds(afterElapsed elapsed: Int64) -> Int64 {
        let period = Int64(periodMs) * 1_000_000
        let duration = Int64(durationMs) * 1_000_000
        guard period > 0, elapsed >= 0 else { return 0 }
        let phase = elapsed % period
        return phase < duration ? duration - phase : 0
    }

    private enum CodingKeys: String, CodingKey {
        case durationMs = "duration_ms"
        case periodMs = "period_ms"
    }

    /// Reads `{"duration_ms": …, "period_ms": …}`.
    public init(json: JSONValue, path: String) throws(FaultValidationError) {
        let reader = try FaultFieldReader(json, path: path, allowed: ["duration_ms", "period_ms"])
        self.durationMs = try reader.requiredInteger("duration_ms", in: 0...3_600_000)
        self.periodMs = try reader.requiredInteger("period_ms", in: 1...3_600_000)
        guard durationMs <= periodMs else {
            throw FaultValidationError(
                field: reader.field("duration_ms"),
                reason: "must not exceed period_ms (\(periodMs))"
            )
        }
    }
}
