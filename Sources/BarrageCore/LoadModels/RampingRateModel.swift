/// `ramping-rate`: the arrival rate follows stages linearly (open model, k6's ramping-arrival-rate).
/// Arrival j is intended when the integral of the rate reaches j.
public struct RampingRateModel: OpenLoadModel, Equatable {
    /// Arrivals per second at the start.
    public var startRate: Double
    /// The stages; targets are arrivals per second.
    public var stages: [Stage]
    /// The most iterations in flight at once.
    public var maxInFlight: Int

    /// Makes the model.
    public init(startRate: Double = 0, stages: [Stage], maxInFlight: Int) {
        self.startRate = startRate
        self.stages = stages
        self.maxInFlight = maxInFlight
    }

    var profile: StageProfile { StageProfile(start: startRate, stages: stages) }

    public var duration: UInt64 { profile.duration }

    public func arrivalTime(index: Int) -> UInt64? { profile.timeOfCumulative(Double(index)) }

    public var summary: String {
        "ramping-rate: "
            + ([startRate.formatted + "/s"]
            + stages.map { "\($0.target.formatted)/s over \(DurationText.format($0.duration))" })
            .joined(separator: " → ") + ", max \(maxInFlight) in flight"
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if overrides != LoadOverrides() {
            throw ConfigError(
                location: .commandLine,
                path: "--rate/--users/--duration",
                message: "a ramping-rate scenario takes its load from its stages; edit the stages instead"
            )
        }
        return self
    }
}
