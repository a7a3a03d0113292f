/// `per-user-iterations`: each of `users` VUs runs exactly `iterations` iterations (k6's per-vu-iterations),
/// unless `maxDuration` passes first.
public struct PerUserIterationsModel: ClosedLoadModel, Equatable {
    /// How many VUs.
    public var users: Int
    /// Iterations per VU.
    public var iterations: Int
    /// The longest the scenario may run, ns.
    public var maxDuration: UInt64

    /// Makes the model.
    public init(users: Int, iterations: Int, maxDuration: UInt64 = 600_000_000_000) {
        self.users = users
        self.iterations = iterations
        self.maxDuration = maxDuration
    }

    public var duration: UInt64 { maxDuration }
    public var iterationsPerUser: Int? { iterations }
    public func activeWindows(user: Int) -> [ActiveWindow] { [ActiveWindow(start: 0, end: maxDuration)] }

    public var summary: String {
        "per-user-iterations: \(users) users × \(iterations) iterations (max \(DurationText.format(maxDuration)))"
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if overrides.rate != nil { throw overrides.reject("--rate", for: "per-user-iterations") }
        if overrides.spawnRate != nil { throw overrides.reject("--spawn-rate", for: "per-user-iterations") }
        var copy = self
        copy.users = overrides.users ?? users
        copy.maxDuration = overrides.duration ?? maxDuration
        return copy
    }
}
