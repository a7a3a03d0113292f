/// `constant-rate`: iterations arrive at a fixed rate for a duration (open model, k6's
/// constant-arrival-rate). Arrival j is intended at j/rate seconds.
public struct ConstantRateModel: OpenLoadModel, Equatable {
    /// Arrivals per second.
    public var rate: Double
    /// How long arrivals come, ns.
    public var duration: UInt64
    /// The most iterations in flight at once.
    public var maxInFlight: Int

    /// Makes the model.
    public init(rate: Double, duration: UInt64, maxInFlight: Int) {
        self.rate = rate
        self.duration = duration
        self.maxInFlight = maxInFlight
    }

    public func arrivalTime(index: Int) -> UInt64? {
        guard rate > 0 else { return nil }
        let time = UInt64((Double(index) / rate * 1e9).rounded())
        return time < duration ? time : nil
    }

    public var summary: String {
        "constant-rate: \(rate.formatted)/s for \(DurationText.format(duration)), max \(maxInFlight) in flight"
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if overrides.users != nil { throw overrides.reject("--users", for: "constant-rate") }
        if overrides.spawnRate != nil { throw overrides.reject("--spawn-rate", for: "constant-rate") }
        var copy = self
        copy.rate = overrides.rate ?? rate
        copy.duration = overrides.duration ?? duration
        return copy
    }
}

extension Double {
    /// Whole numbers without a decimal point, others as written.
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
