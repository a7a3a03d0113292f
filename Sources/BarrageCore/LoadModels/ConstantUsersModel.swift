/// `constant-users`: a fixed number of VUs looping iterations for a duration, optionally started gradually
/// at `spawnRate` users per second (Locust's spawn rate).
public struct ConstantUsersModel: ClosedLoadModel, Equatable {
    /// How many VUs.
    public var users: Int
    /// Users started per second; nil starts them all at once.
    public var spawnRate: Double?
    /// How long iterations start, ns.
    public var duration: UInt64

    /// Makes the model.
    public init(users: Int, spawnRate: Double? = nil, duration: UInt64) {
        self.users = users
        self.spawnRate = spawnRate
        self.duration = duration
    }

    public var iterationsPerUser: Int? { nil }

    public func activeWindows(user: Int) -> [ActiveWindow] {
        let start = spawnRate.map { UInt64(Double(user) / $0 * 1e9) } ?? 0
        return start < duration ? [ActiveWindow(start: start, end: duration)] : []
    }

    public var summary: String {
        "constant-users: \(users) users for \(DurationText.format(duration))"
            + (spawnRate.map { ", spawning \($0.formatted)/s" } ?? "")
    }

    public func applying(_ overrides: LoadOverrides) throws(ConfigError) -> any LoadModel {
        if overrides.rate != nil { throw overrides.reject("--rate", for: "constant-users") }
        var copy = self
        copy.users = overrides.users ?? users
        copy.duration = overrides.duration ?? duration
        copy.spawnRate = overrides.spawnRate ?? spawnRate
        return copy
    }
}
